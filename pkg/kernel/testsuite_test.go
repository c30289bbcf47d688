package kernel_test

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/huntbook/huntbook/internal/jupytertest"
)

// TestKernelTestSuite runs the Jupyter project's kernel test suite
// (jupyter_kernel_test, Debian python3-jupyter-kernel-test) with the samples
// of testdata/kernel/kernel_test_suite.py: execute, stdout, stderr, errors,
// execute results, display data, completion, inspect, is_complete
// (complete, incomplete, invalid), history (tail, range, search) and
// clear_output. Every test must pass; the only one skipped is test_pager,
// for the reason the script states (no pager payloads).
func TestKernelTestSuite(t *testing.T) {
	j := jupytertest.Setup(t)
	need(t, j.Python, "jupyter_kernel_test", "python3-jupyter-kernel-test")
	script, _ := filepath.Abs(filepath.Join("..", "..", "testdata", "kernel", "kernel_test_suite.py"))
	cmd := exec.Command(j.Python, "-u", script)
	cmd.Env = j.Env
	cmd.Dir = j.Dir
	b, err := cmd.CombinedOutput()
	out := string(b)
	if err != nil {
		t.Fatalf("jupyter_kernel_test: %v\n%s", err, out)
	}
	ran := regexp.MustCompile(`(?m)^Ran (\d+) tests?`).FindStringSubmatch(out)
	if ran == nil || ran[1] != "12" {
		t.Errorf("want the suite's 12 tests run, got %v", ran)
	}
	skipped := regexp.MustCompile(`(?m)^(test_\w+) .*\.\.\. skipped`).FindAllStringSubmatch(out, -1)
	if len(skipped) != 1 || skipped[0][1] != "test_pager" {
		t.Errorf("skipped %v, want only test_pager", skipped)
	}
	if !strings.Contains(out, "OK (skipped=1)") {
		t.Errorf("suite did not end with OK (skipped=1)")
	}
	if t.Failed() {
		t.Logf("output:\n%s", out)
	}
}
