package sigma

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestFastEqualsYAML: for every shared rule and every hand-made one, the
// fast path either gives up or gives exactly what yaml.v3 gives; and it
// must not give up on most SigmaHQ rules, or it would be no fast path.
func TestFastEqualsYAML(t *testing.T) {
	var paths []string
	for _, dir := range []string{sharedRules, "../../testdata/sigma"} {
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && filepath.Ext(p) == ".yml" {
				paths = append(paths, p)
			}
			return nil
		})
	}
	if len(paths) < 100 && os.Getenv("CI") == "true" {
		t.Fatalf("only %d rule files found; the shared rules are missing in CI", len(paths))
	}
	fast := 0
	var scratch []fastLine // reused from file to file, as ReadFiles' workers do
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := fastDecodeWith(&scratch, data)
		if !ok {
			continue
		}
		fast++
		want, err := decodeYAML(data)
		if err != nil {
			t.Errorf("%s: the fast path read what yaml.v3 refuses: %v", p, err)
			continue
		}
		if d := cmp.Diff(want, got, cmp.AllowUnexported(document{})); d != "" {
			t.Errorf("%s: fast path differs from yaml.v3 (-yaml +fast)\n%s", p, d)
		}
	}
	t.Logf("fast path read %d of %d files", fast, len(paths))
	if len(paths) > 2000 && fast < len(paths)*9/10 {
		t.Errorf("fast path read only %d of %d files", fast, len(paths))
	}
}

// FuzzFast: whatever the fast path accepts, yaml.v3 reads the same.
func FuzzFast(f *testing.F) {
	paths, _ := filepath.Glob("../../testdata/sigma/rules/*.yml")
	more, _ := filepath.Glob("../../testdata/sigma/rules/windows/*.yml")
	for _, p := range append(paths, more...) {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("a: |\n  x\n\n  y\n\nb: 'it''s'\nc:\n- 1\n- \"q\\x41\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, ok := fastDecode(data)
		if !ok {
			return
		}
		want, err := decodeYAML(data)
		if err != nil {
			t.Fatalf("fast path accepted what yaml.v3 refuses (%v): %q", err, data)
		}
		if d := cmp.Diff(want, got, cmp.AllowUnexported(document{})); d != "" {
			t.Fatalf("fast path differs from yaml.v3 on %q (-yaml +fast)\n%s", data, d)
		}
	})
}
