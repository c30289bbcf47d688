package notebooks_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/huntbook/huntbook/pkg/cli"
	_ "github.com/huntbook/huntbook/pkg/nbcli" // huntbook run, in-process as in huntbook-notebook
)

// TestCoverageNotebookCopied runs coverage.ipynb copied out of the
// repository, as an instructor copies it into a JupyterHub user's home:
// its example files are not there, and it must say so and run on, not
// panic.
func TestCoverageNotebookCopied(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("coverage.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	nb := filepath.Join(dir, "coverage.ipynb")
	if err := os.WriteFile(nb, src, 0o644); err != nil {
		t.Fatal(err)
	}
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	var stdout, stderr bytes.Buffer
	code := cli.Main([]string{"run", "coverage.ipynb", "--executed", "out.ipynb", "-q"},
		cli.IO{In: strings.NewReader(""), Out: &stdout, Err: &stderr, Getenv: func(string) string { return "" }})
	if code != 0 {
		t.Fatalf("huntbook run of a copied coverage.ipynb: exit %d\n%s", code, stderr.String())
	}
	out, err := os.ReadFile(filepath.Join(dir, "out.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"../pkg/sysmon/testdata/groups.xml", "../pkg/auditpol/testdata/backup.csv",
		"../testdata/inventory/workstations.yaml", "../pkg/sysmon/testdata/empty_exclude.xml", "../testdata/sigma/rules"} {
		if !strings.Contains(string(out), f+": not found, left out") {
			t.Errorf("no note that %s is left out", f)
		}
	}
}
