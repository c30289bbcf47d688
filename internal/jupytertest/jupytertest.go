// Package jupytertest sets up a real Jupyter for huntbook's integration
// tests: it builds the huntbook binary, installs its kernelspec into a
// temporary JUPYTER_PATH and finds a python3 with Jupyter's client
// libraries (Debian's jupyter-client, jupyter-nbconvert, python3-nbclient,
// python3-nbformat).
//
// Without them a test is skipped, or fails when CI=true, where they must
// be installed (.ci/run). The kernel, the runner and the notebooks tests
// share it.
package jupytertest

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Python is the interpreter that has Jupyter's libraries on Debian.
const Python = "/usr/bin/python3"

// Jupyter is a Jupyter installation with huntbook's kernelspec.
type Jupyter struct {
	Python string   // a python3 that imports jupyter_client, nbconvert, nbformat, nbclient
	Bin    string   // the huntbook binary the kernelspec starts
	Env    []string // this process's environment with JUPYTER_PATH etc. pointing at the temporary kernelspec
	Dir    string   // a temporary folder for the test's files
	Prefix string   // the --prefix the kernelspec was installed under
}

// Setup builds huntbook, installs its kernelspec (huntbook kernel install
// --prefix) and checks what it wrote.
func Setup(t testing.TB) *Jupyter {
	t.Helper()
	var python string
	for _, p := range []string{Python, "python3"} {
		if exec.Command(p, "-c", "import jupyter_client, nbconvert, nbformat, nbclient").Run() == nil {
			python = p
			break
		}
	}
	if python == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("Jupyter is missing (jupyter-client, jupyter-nbconvert, python3-nbclient, python3-nbformat); CI must install them (.ci/run)")
		}
		t.Skip("Jupyter is not installed (apt-get install jupyter-client jupyter-nbconvert python3-nbclient python3-nbformat)")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "huntbook")
	if out, err := exec.Command("go", "build", "-o", dir+string(filepath.Separator), "github.com/huntbook/huntbook/cmd/...").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	prefix := filepath.Join(dir, "prefix")
	if out, err := exec.Command(bin, "kernel", "install", "--prefix", prefix).CombinedOutput(); err != nil {
		t.Fatalf("huntbook kernel install: %v\n%s", err, out)
	}
	spec := filepath.Join(prefix, "share", "jupyter", "kernels", "huntbook")
	b, err := os.ReadFile(filepath.Join(spec, "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ks struct {
		Argv        []string `json:"argv"`
		DisplayName string   `json:"display_name"`
		Language    string   `json:"language"`
	}
	if err := json.Unmarshal(b, &ks); err != nil {
		t.Fatal(err)
	}
	// The kernelspec names huntbook-notebook, which serves the kernel, not
	// huntbook, which would hand over to it.
	if len(ks.Argv) == 0 || ks.Argv[0] != filepath.Join(dir, "huntbook-notebook") || ks.DisplayName != "Go (huntbook)" || ks.Language != "go" {
		t.Fatalf("kernel.json = %s", b)
	}
	for _, logo := range []string{"logo-32x32.png", "logo-64x64.png"} {
		if _, err := os.Stat(filepath.Join(spec, logo)); err != nil {
			t.Errorf("kernelspec lacks %s", logo)
		}
	}
	env := append(os.Environ(),
		"JUPYTER_PATH="+filepath.Join(prefix, "share", "jupyter"),
		"JUPYTER_DATA_DIR="+filepath.Join(dir, "data"),
		"JUPYTER_RUNTIME_DIR="+filepath.Join(dir, "runtime"),
		"JUPYTER_PLATFORM_DIRS=1",
	)
	return &Jupyter{Python: python, Bin: bin, Env: env, Dir: dir, Prefix: prefix}
}

// Command returns python with args, in Jupyter's environment.
func (j *Jupyter) Command(args ...string) *exec.Cmd {
	c := exec.Command(j.Python, args...)
	c.Env = j.Env
	return c
}

// Nbconvert executes the notebook src with nbconvert (--to notebook or
// html) into outDir, with a per-cell timeout in seconds and extra
// arguments, and returns nbconvert's combined output.
func (j *Jupyter) Nbconvert(src, to, outDir string, timeout int, extra ...string) ([]byte, error) {
	args := append([]string{"-m", "nbconvert", "--to", to, "--execute",
		"--ExecutePreprocessor.timeout=" + itoa(timeout), "--output-dir", outDir}, extra...)
	return j.Command(append(args, src)...).CombinedOutput()
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
