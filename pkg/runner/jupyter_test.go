package runner

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/pkg/notebook"
)

// TestSameAsKernel runs one notebook through Jupyter (nbconvert driving
// huntbook's kernel) and through Run, and compares every cell's outputs and
// execution counts; timings and metadata are ignored.
func TestSameAsKernel(t *testing.T) {
	python := "/usr/bin/python3"
	if exec.Command(python, "-c", "import nbconvert, nbclient, jupyter_client").Run() != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("Jupyter is missing (jupyter-nbconvert, python3-nbclient, jupyter-client); CI must install them (.ci/run)")
		}
		t.Skip("Jupyter is not installed (apt-get install jupyter-nbconvert python3-nbclient jupyter-client)")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "huntbook")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/huntbook/huntbook/cmd/huntbook").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	prefix := filepath.Join(dir, "prefix")
	if out, err := exec.Command(bin, "kernel", "install", "--prefix", prefix).CombinedOutput(); err != nil {
		t.Fatalf("huntbook kernel install: %v\n%s", err, out)
	}
	input := filepath.Join("..", "..", "testdata", "runner", "basics.ipynb")
	cmd := exec.Command(python, "-m", "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=60",
		"--output-dir", filepath.Join(dir, "out"), input)
	cmd.Env = append(os.Environ(),
		"JUPYTER_PATH="+filepath.Join(prefix, "share", "jupyter"),
		"JUPYTER_DATA_DIR="+filepath.Join(dir, "data"),
		"JUPYTER_RUNTIME_DIR="+filepath.Join(dir, "runtime"),
		"JUPYTER_PLATFORM_DIRS=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nbconvert: %v\n%s", err, out)
	}
	viaKernel, err := notebook.ReadFile(filepath.Join(dir, "out", "basics.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	viaRun, err := Run(context.Background(), load(t, "basics.ipynb"), Options{Name: "basics.ipynb"})
	if err != nil {
		t.Fatal(err)
	}
	want, got := comparable(viaKernel), comparable(viaRun)
	if len(want) != 6 {
		t.Fatalf("nbconvert ran %d code cells, want 6", len(want))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("outputs differ (-nbconvert +huntbook run):\n%s", diff)
	}
}

type cellOutputs struct {
	ID      string
	Count   int
	Outputs []notebook.Output
}

// comparable keeps what both runs must agree on: per code cell its id,
// execution count and outputs (streams merged as Jupyter front ends show
// them; output metadata, which holds no timing here, kept).
func comparable(nb *notebook.Notebook) []cellOutputs {
	var out []cellOutputs
	for _, c := range nb.Cells {
		if c.Type != notebook.Code {
			continue
		}
		co := cellOutputs{ID: c.ID}
		if c.ExecutionCount != nil {
			co.Count = *c.ExecutionCount
		}
		for _, o := range c.Outputs {
			if n := len(co.Outputs); n > 0 && o.Type == notebook.Stream && co.Outputs[n-1].Type == notebook.Stream && co.Outputs[n-1].Name == o.Name {
				co.Outputs[n-1].Text += o.Text
				continue
			}
			for mime, v := range o.Data {
				if s, ok := v.(string); ok && strings.HasPrefix(mime, "image/") && mime != "image/svg+xml" {
					o.Data[mime] = strings.TrimSpace(s) // base64 may end with a newline
				}
			}
			if len(o.Metadata) == 0 {
				o.Metadata = nil
			}
			co.Outputs = append(co.Outputs, o)
		}
		out = append(out, co)
	}
	return out
}
