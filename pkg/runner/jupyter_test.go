package runner

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/internal/jupytertest"
	"github.com/huntbook/huntbook/pkg/notebook"
)

// TestSameAsKernel runs one notebook through Jupyter (nbconvert driving
// huntbook's kernel) and through Run, and compares every cell's outputs and
// execution counts; timings and metadata are ignored.
func TestSameAsKernel(t *testing.T) {
	j := jupytertest.Setup(t)
	input := filepath.Join("..", "..", "testdata", "runner", "basics.ipynb")
	out := filepath.Join(j.Dir, "out")
	if b, err := j.Nbconvert(input, "notebook", out, 60); err != nil {
		t.Fatalf("nbconvert: %v\n%s", err, b)
	}
	viaKernel, err := notebook.ReadFile(filepath.Join(out, "basics.ipynb"))
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
