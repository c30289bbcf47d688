package kernel_test

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/huntbook/huntbook/internal/jupytertest"
)

// TestFrontends drives the kernel as Jupyter's front ends do, one scenario
// of testdata/kernel/frontends.py per subtest: Run All through Notebook 6's
// and nbclassic's servers (stop_on_error aborts), execute requests during an
// engine restart, history, and error tracebacks with a silent kernel log.
func TestFrontends(t *testing.T) {
	j := jupytertest.Setup(t)
	script, _ := filepath.Abs(filepath.Join("..", "..", "testdata", "kernel", "frontends.py"))
	for _, scenario := range []string{"runall", "nbclassic", "restart", "history", "errors"} {
		t.Run(scenario, func(t *testing.T) {
			if scenario == "nbclassic" || scenario == "runall" {
				need(t, j.Python, map[string]string{"runall": "notebook.notebookapp", "nbclassic": "nbclassic.notebookapp"}[scenario],
					map[string]string{"runall": "jupyter-notebook", "nbclassic": "python3-nbclassic"}[scenario])
			}
			cmd := exec.Command(j.Python, "-u", script, scenario)
			cmd.Env = append(j.Env, "NOTEBOOK_ROOT="+j.Dir, "JUPYTER_CONFIG_DIR="+filepath.Join(j.Dir, "config"))
			cmd.Dir = j.Dir
			out, err := cmd.CombinedOutput()
			if err != nil || !bytes.Contains(out, []byte("SCENARIO OK")) {
				t.Fatalf("frontends.py %s: %v\n%s", scenario, err, out)
			}
		})
	}
}
