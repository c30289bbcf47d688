package sigma

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse: any input gives rules or errors, never a panic; every error
// names the file and is one of the sentinels; every rule has a detection
// with a condition, and technique ids in upper case.
func FuzzParse(f *testing.F) {
	paths, _ := filepath.Glob("../../testdata/sigma/rules/*.yml")
	more, _ := filepath.Glob("../../testdata/sigma/rules/windows/*.yml")
	hostile, _ := filepath.Glob("../../testdata/sigma/hostile/*.yml")
	for _, p := range append(append(paths, more...), hostile...) {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("a: &x [*x]\n"))
	f.Add([]byte("<<: {detection: {condition: s}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rules, errs := ParseAll(data, "fuzz.yml")
		for _, e := range errs {
			if e.Path != "fuzz.yml" || e.Err == nil {
				t.Fatalf("error without file or reason: %#v", e)
			}
			if !strings.HasPrefix(e.Error(), "sigma: fuzz.yml") {
				t.Fatalf("error %q", e)
			}
		}
		for _, r := range rules {
			if _, ok := r.Detection["condition"]; !ok {
				t.Fatalf("rule without condition: %+v", r)
			}
			for _, id := range r.Techniques {
				if id != strings.ToUpper(id) {
					t.Fatalf("technique %q not upper case", id)
				}
			}
			_ = r.Events()
		}
	})
}
