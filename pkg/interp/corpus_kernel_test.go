package interp

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestCorpusNotebook runs the corpus as one notebook, a cell per case,
// through `huntbook run` and through the Jupyter kernel with nbconvert, and
// checks each cell against what Go prints as TestCorpus does. The cells
// share one engine, as a notebook's do; the verdicts must match TestCorpus's.
func TestCorpusNotebook(t *testing.T) {
	if testing.Short() {
		t.Skip("builds huntbook and runs the corpus three times")
	}
	cases := loadCorpus(t)
	dir := t.TempDir()
	bin := filepath.Join(dir, "huntbook")
	if out, err := exec.Command("go", "build", "-o", dir+string(filepath.Separator), "github.com/huntbook/huntbook/cmd/...").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	nb := filepath.Join(dir, "corpus.ipynb")
	writeCorpusNotebook(t, nb, cases)

	want := map[string]string{}
	for _, c := range cases {
		r := runCaseVerdict(t, c)
		want[c.name] = r
	}

	t.Run("huntbook run", func(t *testing.T) {
		executed := filepath.Join(dir, "run.ipynb")
		cmd := exec.Command(bin, "run", "--allow-errors", "--cell-timeout", "30s", "--executed", executed, nb)
		out, err := cmd.CombinedOutput()
		if _, statErr := os.Stat(executed); statErr != nil {
			t.Fatalf("huntbook run: %v\n%s", err, out)
		}
		checkExecuted(t, executed, cases, want)
	})
	t.Run("nbconvert", func(t *testing.T) {
		python := "/usr/bin/python3"
		if exec.Command(python, "-c", "import nbconvert, nbclient, jupyter_client").Run() != nil {
			if os.Getenv("CI") == "true" {
				t.Fatal("Jupyter is missing (jupyter-nbconvert, python3-nbclient, jupyter-client)")
			}
			t.Skip("Jupyter is not installed")
		}
		prefix := filepath.Join(dir, "prefix")
		if out, err := exec.Command(bin, "kernel", "install", "--prefix", prefix).CombinedOutput(); err != nil {
			t.Fatalf("huntbook kernel install: %v\n%s", err, out)
		}
		cmd := exec.Command(python, "-m", "nbconvert", "--to", "notebook", "--execute", "--allow-errors",
			"--ExecutePreprocessor.timeout=60", "--output-dir", dir, "--output", "nbconvert", nb)
		cmd.Env = append(os.Environ(),
			"JUPYTER_PATH="+filepath.Join(prefix, "share", "jupyter"),
			"JUPYTER_DATA_DIR="+filepath.Join(dir, "data"),
			"JUPYTER_RUNTIME_DIR="+filepath.Join(dir, "runtime"),
			"JUPYTER_PLATFORM_DIRS=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("nbconvert: %v\n%s", err, out)
		}
		checkExecuted(t, filepath.Join(dir, "nbconvert.ipynb"), cases, want)
	})
}

// runCaseVerdict is TestCorpus's verdict for one case.
func runCaseVerdict(t *testing.T, c corpusCase) string {
	want, err := os.ReadFile(filepath.Join(corpusDir, c.name+".golden"))
	if err != nil {
		t.Fatal(err)
	}
	v, _ := runCase(t, c, string(want))
	return v
}

func writeCorpusNotebook(t *testing.T, path string, cases []corpusCase) {
	t.Helper()
	type cell struct {
		CellType string         `json:"cell_type"`
		ID       string         `json:"id"`
		Metadata map[string]any `json:"metadata"`
		Source   string         `json:"source"`
		Outputs  []any          `json:"outputs"`
		ExecCnt  *int           `json:"execution_count"`
	}
	nb := map[string]any{
		"nbformat": 4, "nbformat_minor": 5,
		"metadata": map[string]any{
			"kernelspec":    map[string]any{"name": "huntbook", "display_name": "Go (huntbook)", "language": "go"},
			"language_info": map[string]any{"name": "go"},
		},
	}
	var cells []cell
	for _, c := range cases {
		cells = append(cells, cell{CellType: "code", ID: strings.ReplaceAll(c.name, "_", "-"), Metadata: map[string]any{}, Source: c.cell, Outputs: []any{}})
	}
	nb["cells"] = cells
	b, err := json.MarshalIndent(nb, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// multiline is nbformat's string or list of strings.
func multiline(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		var b strings.Builder
		for _, s := range v {
			fmt.Fprint(&b, s)
		}
		return b.String()
	}
	return ""
}

func checkExecuted(t *testing.T, path string, cases []corpusCase, want map[string]string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var nb struct {
		Cells []struct {
			ID      string `json:"id"`
			Outputs []struct {
				OutputType string         `json:"output_type"`
				Name       string         `json:"name"`
				Text       any            `json:"text"`
				Data       map[string]any `json:"data"`
				EName      string         `json:"ename"`
				EValue     string         `json:"evalue"`
			} `json:"outputs"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatal(err)
	}
	if len(nb.Cells) != len(cases) {
		t.Fatalf("%d cells, want %d", len(nb.Cells), len(cases))
	}
	agree := 0
	for i, c := range cases {
		var r Result
		for _, o := range nb.Cells[i].Outputs {
			out := Output{Type: o.OutputType, Name: o.Name, Text: multiline(o.Text), EName: o.EName, EValue: o.EValue}
			if o.Data != nil {
				out.Data = map[string]any{"text/plain": multiline(o.Data["text/plain"])}
			}
			r.Outputs = append(r.Outputs, out)
		}
		golden, _ := os.ReadFile(filepath.Join(corpusDir, c.name+".golden"))
		got, detail := verdictOf(c, r, string(golden))
		if got != want[c.name] {
			t.Errorf("%s: %s in the notebook, %s alone: %s", c.name, got, want[c.name], detail)
		} else {
			agree++
		}
	}
	t.Logf("%s: %d of %d cells have the verdict they have alone", filepath.Base(path), agree, len(cases))
}
