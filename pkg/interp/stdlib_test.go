package interp

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestStdlibFresh regenerates the standard library's tables with the go
// tool that runs the test and compares them with the committed ones: a Go
// release that adds, removes or changes an exported name makes it fail
// until `go generate ./pkg/interp`.
func TestStdlibFresh(t *testing.T) {
	if testing.Short() {
		t.Skip("regenerating the tables takes ~15 s")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go tool")
	}
	tmp := t.TempDir()
	cmd := exec.Command("go", "run", "./internal/gensyms", "-std", "-o", tmp)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gensyms -std: %v\n%s", err, out)
	}
	want, _ := filepath.Glob(filepath.Join(tmp, "x_*.go"))
	got, _ := filepath.Glob(filepath.Join("internal", "stdlib", "x_*.go"))
	names := map[string]bool{}
	for _, f := range append(want, got...) {
		names[filepath.Base(f)] = true
	}
	if len(want) < 150 {
		t.Fatalf("only %d standard packages generated", len(want))
	}
	for name := range names {
		fresh, err1 := os.ReadFile(filepath.Join(tmp, name))
		committed, err2 := os.ReadFile(filepath.Join("internal", "stdlib", name))
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
