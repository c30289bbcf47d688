package nbcli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunSign: `huntbook run --executed --sign` leaves a notebook that
// nbformat (what Notebook and `jupyter trust` use) finds trusted for the
// user whose Jupyter data directory holds the signature.
func TestRunSign(t *testing.T) {
	if exec.Command("/usr/bin/python3", "-c", "import nbformat.sign").Run() != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("python3-nbformat is missing; CI must install it (.ci/run)")
		}
		t.Skip("python3-nbformat is not installed")
	}
	dir := t.TempDir()
	data := filepath.Join(dir, "jupyter-data")
	t.Setenv("JUPYTER_DATA_DIR", data)
	code, msg := huntbookRun(t, dir, "run", runnerData("basics.ipynb"), "--executed", "out.ipynb", "--sign", "-q")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, msg)
	}
	cmd := exec.Command("/usr/bin/python3", "-c",
		"import sys, nbformat; from nbformat.sign import NotebookNotary; "+
			"print(NotebookNotary(data_dir=sys.argv[1]).check_signature(nbformat.read(sys.argv[2], as_version=4)))",
		data, filepath.Join(dir, "out.ipynb"))
	out, err := cmd.CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "True" {
		t.Errorf("nbformat check_signature: %v: %s, want True", err, out)
	}

	if code, msg := huntbookRun(t, dir, "run", runnerData("basics.ipynb"), "-o", "r.html", "--sign"); code != 2 || !strings.Contains(msg, "--executed") {
		t.Errorf("--sign without --executed: exit %d: %s, want usage error naming --executed", code, msg)
	}
}
