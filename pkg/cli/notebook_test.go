package cli

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNotebookCommandsHandOver: without huntbook-notebook beside the
// binary (here the test binary), the notebook commands say what is
// missing and how to build it, with exit status 1, and are still listed.
func TestNotebookCommandsHandOver(t *testing.T) {
	for _, args := range [][]string{{"run", "x.ipynb", "-o", "x.html"}, {"kernel", "install", "--user"}, {"-q", "engine"}} {
		code, out, errs := run(t, "", args...)
		if code != ExitFailure || out != "" || !strings.Contains(errs, "runs Go notebook cells, which huntbook-notebook does, and there is none beside huntbook in ") ||
			!strings.Contains(errs, "go build -o DIR ./cmd/huntbook ./cmd/huntbook-notebook (go install ./cmd/... does too)") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errs)
		}
	}
	_, out, _ := run(t, "", "--help")
	for _, want := range []string{"run           Run Go notebooks headless", "kernel        Run huntbook's Jupyter kernel"} {
		if !strings.Contains(out, want) {
			t.Errorf("--help lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "engine") {
		t.Errorf("--help lists the hidden engine command:\n%s", out)
	}
}

// TestLeanBinary: huntbook links none of what only the notebook commands
// need (the interpreter, the notebook renderer, the kernel), which would
// more than double its start-up time and memory.
func TestLeanBinary(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/huntbook/huntbook/cmd/huntbook").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	deps := strings.Fields(string(out))
	for _, dep := range deps {
		for _, heavy := range []string{"github.com/cosmos72/gomacro", "github.com/yuin/goldmark", "github.com/microcosm-cc/bluemonday",
			"github.com/huntbook/huntbook/pkg/interp", "github.com/huntbook/huntbook/pkg/nbcli", "github.com/huntbook/huntbook/pkg/kernel",
			"github.com/huntbook/huntbook/pkg/nbpage", "github.com/huntbook/huntbook/pkg/engine", "github.com/huntbook/huntbook/pkg/runner"} {
			if dep == heavy || strings.HasPrefix(dep, heavy+"/") {
				t.Errorf("cmd/huntbook depends on %s", dep)
			}
		}
	}
	if len(deps) < 50 {
		t.Errorf("go list -deps listed only %d packages: %q", len(deps), out)
	}
}
