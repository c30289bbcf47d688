package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// output is one file huntbook wrote for a twin, by kind.
type output struct {
	name string // report, report-inventory, …
	path string
	svg  bool // a standalone SVG document, not HTML
}

// twin is every output huntbook writes from one set of fixtures.
type twin struct {
	dir     string
	outputs []output
	layer   string // the Navigator layer (JSON)
	stderr  map[string]string
}

// fileName makes s usable as a file name: no slash, no NUL.
func fileName(s string) string {
	return strings.NewReplacer("/", "_", "\x00", "_").Replace(s)
}

// render writes the fixtures built from p (with file names that carry
// payloads too) into a new folder and runs every rendering command on them.
func render(t *testing.T, p []string) *twin {
	t.Helper()
	dir, err := os.MkdirTemp("", "huntbook-e2e-twin-")
	if err != nil {
		t.Fatal(err)
	}
	twinDirs = append(twinDirs, dir)
	if keep := os.Getenv("E2E_KEEP"); keep != "" { // a folder to look at the outputs in
		if dir, err = os.MkdirTemp(keep, "twin-"); err != nil {
			t.Fatal(err)
		}
	}
	tw := &twin{dir: dir, stderr: map[string]string{}}
	mapping := filepath.Join(dir, fileName("mapping "+p[1]+p[6]+".yaml"))
	old := filepath.Join(dir, fileName("old "+p[0]+".yaml"))
	inv := filepath.Join(dir, fileName("inventory "+p[1]+".yaml"))
	nb := filepath.Join(dir, fileName("nb "+p[1]+p[0]+".ipynb"))
	writeFile(t, mapping, mappingYAML(p, false))
	writeFile(t, old, mappingYAML(p, true))
	writeFile(t, inv, inventoryYAML(p))
	writeFile(t, nb, notebookJSON(p, mapping))

	ids := techniqueIDs(p)
	out := func(name string, svg bool) string {
		ext := ".html"
		if svg {
			ext = ".svg"
		}
		path := filepath.Join(dir, name+ext)
		tw.outputs = append(tw.outputs, output{name: name, path: path, svg: svg})
		return path
	}
	tw.layer = filepath.Join(dir, "layer.json")
	runs := []struct {
		name string
		code int
		want string // in standard error
		args []string
	}{
		{"report", 0, "wrote", []string{"report", "--mapping", mapping, "--technique", strings.Join(ids, ","), "-o", out("report", false)}},
		{"report-full", 0, "wrote", []string{"report", "--mapping", mapping, "--technique", ids[1], "--technique", ids[2],
			"--inventory", inv, "--compare", old, "--list-items", "-1", "-o", out("report-full", false)}},
		{"coverage", 0, "wrote chart", []string{"coverage", "--mapping", mapping, "--inventory", inv, "--layer", tw.layer, "--chart", out("chart", true)}},
		// The last cell panics: exit 1, and the pages are still written.
		{"run", 3, "cell 9 failed: Panic", []string{"run", nb, "-o", out("run", false), "--executed", filepath.Join(dir, "run.ipynb")}},
		{"run-no-input", 3, "cell 9 failed: Panic", []string{"run", nb, "--no-input", "-o", out("run-no-input", false)}},
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	for _, r := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := huntbook(t, dir, nil, r.args...)
			mu.Lock()
			defer mu.Unlock()
			tw.stderr[r.name] = res.stderr
			if res.code != r.code || !strings.Contains(res.stderr, r.want) {
				t.Errorf("huntbook %s: exit %d, want %d and %q\nstderr:\n%s", strings.Join(r.args, " "), res.code, r.code, r.want, res.stderr)
			}
		}()
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	return tw
}

// twins renders the hostile fixtures and their clean twin once, for all
// the tests of this file.
var twins struct {
	once           sync.Once
	hostile, clean *twin
	failed         bool
}

func renderTwins(t *testing.T) (h, c *twin) {
	t.Helper()
	twins.once.Do(func() {
		twins.failed = true
		twins.hostile = render(t, hostile)
		twins.clean = render(t, clean)
		twins.failed = false
	})
	if twins.failed {
		t.Fatal("rendering the fixtures failed (see the first test that ran)")
	}
	return twins.hostile, twins.clean
}
