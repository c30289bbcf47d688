package notebooks_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/internal/browser"
)

// box is an element's size on the page.
type box struct {
	Found         bool
	Width, Height float64
}

// checkHTML opens the HTML copy of the executed seed notebook in headless
// Chromium: both charts and the graph must be drawn at a readable size, the
// graph's script must have run, and no script of ours may throw.
func checkHTML(t *testing.T, path string) {
	t.Helper()
	b := browser.ForTest(t)
	p := browser.PageForTest(t, b)
	if err := p.OpenFile(path); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(t.TempDir(), "seed-notebook.png")
	if *screenshot != "" {
		shot = *screenshot
	}
	defer func() {
		if err := p.SaveScreenshot(shot); err != nil {
			t.Error(err)
		} else {
			t.Logf("screenshot of the executed seed notebook: %s", shot)
		}
	}()

	// An element containing the given text, found by a CSS selector.
	size := func(selector, text string) box {
		t.Helper()
		js := `(() => { const e = Array.from(document.querySelectorAll(` + "`" + selector + "`" + `)).find(e => (e.textContent || e.alt || "").includes(` + "`" + text + "`" + `));
			if (!e) return {Found: false, Width: 0, Height: 0};
			const r = e.getBoundingClientRect(); return {Found: true, Width: r.width, Height: r.height}; })()`
		got, err := browser.Eval[box](p, js)
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return got
	}
	for _, c := range []struct{ selector, text string }{
		{"img", "Count of sub-techniques per Data Source (Top 15)"}, // charts are pictures (package display)
		{"img", "Count of sub-techniques per Data Component (Top 15)"},
		{"svg.ng", "Relationships among Data Elements"},
	} {
		if got := size(c.selector, c.text); !got.Found || got.Width < 400 || got.Height < 250 {
			t.Errorf("%s %q is not drawn at a readable size: %+v", c.selector, c.text, got)
		}
	}
	ready, err := browser.Eval[string](p, `(document.querySelector("svg.ng") || {getAttribute: () => ""}).getAttribute("data-ng-ready") || ""`)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff("1", ready); diff != "" {
		t.Errorf("the graph's script did not run: data-ng-ready (-want +got):\n%s", diff)
	}
	// The page nbconvert writes loads require.js and MathJax from the
	// internet, which the test machines cannot reach; only exceptions
	// thrown by the notebook's own scripts count.
	for _, m := range p.Errors() {
		if m.Kind == "exception" && !strings.Contains(m.Text, "require") && !strings.Contains(m.Text, "MathJax") {
			t.Errorf("the page threw: %s", m)
		} else {
			t.Logf("page message (ignored): %s", m)
		}
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
}
