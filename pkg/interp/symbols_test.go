package interp

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestSymbolsFresh regenerates the symbol tables and the docs table
// (x_docs.go) into a temporary folder and compares them with the committed
// ones: a package that gained, lost or changed an exported name or a doc
// comment makes it fail until `go generate ./pkg/interp`.
func TestSymbolsFresh(t *testing.T) {
	if testing.Short() {
		t.Skip("regenerating the tables takes ~20 s")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go tool")
	}
	tmp := t.TempDir()
	cmd := exec.Command("go", "run", "./internal/gensyms", "-o", tmp)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gensyms: %v\n%s", err, out)
	}
	want, _ := filepath.Glob(filepath.Join(tmp, "x_*.go"))
	got, _ := filepath.Glob(filepath.Join("internal", "symbols", "x_*.go"))
	names := map[string]bool{}
	for _, f := range append(want, got...) {
		names[filepath.Base(f)] = true
	}
	for name := range names {
		fresh, err1 := os.ReadFile(filepath.Join(tmp, name))
		committed, err2 := os.ReadFile(filepath.Join("internal", "symbols", name))
		switch {
		case err1 != nil:
			t.Errorf("%s is committed but no longer generated; run: go generate ./pkg/interp", name)
		case err2 != nil:
			t.Errorf("%s is generated but not committed; run: go generate ./pkg/interp", name)
		case string(fresh) != string(committed):
			t.Errorf("%s is stale; run: go generate ./pkg/interp", name)
		}
	}
}
