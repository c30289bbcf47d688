package notebooks_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// file is the part of a notebook file the format checks read.
type file struct {
	NBFormat      int `json:"nbformat"`
	NBFormatMinor int `json:"nbformat_minor"`
	Metadata      struct {
		Kernelspec   map[string]string `json:"kernelspec"`
		LanguageInfo map[string]any    `json:"language_info"`
	} `json:"metadata"`
	Cells []struct {
		CellType       string `json:"cell_type"`
		ID             string `json:"id"`
		ExecutionCount *int   `json:"execution_count"`
		Outputs        []any  `json:"outputs"`
		Metadata       struct {
			Tags []string `json:"tags"`
		} `json:"metadata"`
	} `json:"cells"`
}

// TestFiles checks every committed notebook: valid nbformat 4.5 (by
// python3-nbformat when installed), huntbook's kernelspec and language, no
// outputs (clean diffs); for this package's own notebooks, a first code cell
// tagged parameters.
func TestFiles(t *testing.T) {
	names, err := filepath.Glob("*.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	for _, own := range []string{seedNotebook, workshopNotebook} {
		if !slices.Contains(names, own) {
			t.Errorf("%s is missing", own)
		}
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			var nb file
			if err := json.Unmarshal(b, &nb); err != nil {
				t.Fatal(err)
			}
			if nb.NBFormat != 4 || nb.NBFormatMinor < 5 {
				t.Errorf("nbformat %d.%d, want 4.5 or later (cell ids)", nb.NBFormat, nb.NBFormatMinor)
			}
			wantSpec := map[string]string{"name": "huntbook", "display_name": "Go (huntbook)", "language": "go"}
			if diff := cmp.Diff(wantSpec, nb.Metadata.Kernelspec); diff != "" {
				t.Errorf("kernelspec (-want +got):\n%s", diff)
			}
			if nb.Metadata.LanguageInfo["name"] != "go" {
				t.Errorf("language_info = %v, want name go", nb.Metadata.LanguageInfo)
			}
			firstCode := ""
			for i, c := range nb.Cells {
				if c.ID == "" {
					t.Errorf("cell %d has no id", i)
				}
				if c.CellType != "code" {
					continue
				}
				if firstCode == "" {
					firstCode = c.ID
					if name == seedNotebook || name == workshopNotebook {
						if !slices.Contains(c.Metadata.Tags, "parameters") {
							t.Errorf("the first code cell (%s) is not tagged parameters: %v", c.ID, c.Metadata.Tags)
						}
					}
				}
				if len(c.Outputs) > 0 || c.ExecutionCount != nil {
					t.Errorf("cell %s is committed with outputs or an execution count; clear them", c.ID)
				}
			}
			validate(t, name)
		})
	}
}

// validate runs python3-nbformat's validator on a notebook.
func validate(t *testing.T, name string) {
	t.Helper()
	python := "/usr/bin/python3"
	if exec.Command(python, "-c", "import nbformat").Run() != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("python3-nbformat is missing; CI must install it (.ci/run)")
		}
		t.Skip("python3-nbformat is not installed")
	}
	cmd := exec.Command(python, "-c", "import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))", name)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("nbformat.validate: %v\n%s", err, out)
	}
}
