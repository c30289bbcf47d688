package report

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/internal/browser"
	"github.com/huntbook/huntbook/pkg/ossem"
)

// openReport writes the report of m to a temporary file and opens it.
func openReport(t *testing.T, b *browser.Browser, m *ossem.Mapping, o Options) (*browser.Page, string) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "report.html")
	if err := os.WriteFile(path, []byte(render(t, m, o)), 0o644); err != nil {
		t.Fatal(err)
	}
	p := browser.PageForTest(t, b)
	if err := p.OpenFile(path); err != nil {
		t.Fatal(err)
	}
	return p, dir
}

func evalString(t *testing.T, p *browser.Page, js string) string {
	t.Helper()
	v, err := browser.Eval[string](p, js)
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// center scrolls the first element matching sel into view and returns
// its centre in viewport coordinates.
func center(t *testing.T, p *browser.Page, sel string) (float64, float64) {
	t.Helper()
	xy := evalString(t, p, `(() => { const e = document.querySelector(`+"`"+sel+"`"+`); e.scrollIntoView({block: "center"});
		const r = e.getBoundingClientRect(); return (r.x + r.width / 2) + " " + (r.y + r.height / 2); })()`)
	var x, y float64
	if _, err := fmt.Sscan(xy, &x, &y); err != nil {
		t.Fatalf("position of %s: %q", sel, xy)
	}
	return x, y
}

func TestBrowserReport(t *testing.T) {
	b := browser.ForTest(t)
	p, dir := openReport(t, b, demo(t), fixed)

	if got := evalString(t, p, `document.querySelector("svg.ng").getAttribute("data-ng-ready") || ""`); got != "1" {
		t.Fatalf("the graph script did not run (data-ng-ready=%q)", got)
	}
	saveShot(t, p, dir, "report-demo.png")

	// Hover the node "process": its linked edges light up.
	want := strings.Fields(evalString(t, p, `(() => { const i = document.querySelector('.ng-node[data-name="process"]').getAttribute("data-i");
		return Array.from(document.querySelectorAll(".ng-edge")).filter(e => e.getAttribute("data-s") === i || e.getAttribute("data-t") === i)
			.map(e => e.getAttribute("data-i")).join(" "); })()`))
	if len(want) == 0 {
		t.Fatal("process has no edges in the demo graph")
	}
	x, y := center(t, p, `.ng-node[data-name="process"] circle`)
	if err := p.MoveMouse(x, y); err != nil {
		t.Fatal(err)
	}
	got := strings.Fields(evalString(t, p, `Array.from(document.querySelectorAll(".ng-edge.ng-hl")).map(e => e.getAttribute("data-i")).join(" ")`))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("edges highlighted when hovering process (-want +got):\n%s", diff)
	}
	if tip := evalString(t, p, `document.querySelector(".ng-tip text").textContent`); !strings.HasPrefix(tip, "process") {
		t.Errorf("tooltip = %q", tip)
	}
	saveShot(t, p, dir, "report-hover.png")
	if err := p.MoveMouse(1, 1); err != nil {
		t.Fatal(err)
	}

	// Sort the relationships table by its relationship column, then filter it.
	sx, sy := center(t, p, `#relationships thead th:nth-child(4) button`)
	if err := p.Click(sx, sy); err != nil {
		t.Fatal(err)
	}
	col := strings.Split(evalString(t, p, `Array.from(document.querySelectorAll("#relationships tbody tr td:nth-child(4)")).map(c => c.textContent).join("\n")`), "\n")
	for i := 1; i < len(col); i++ {
		if strings.ToLower(col[i-1]) > strings.ToLower(col[i]) {
			t.Errorf("after sorting, %q comes before %q", col[i-1], col[i])
			break
		}
	}
	if got := evalString(t, p, `document.querySelector("#relationships thead th:nth-child(4)").getAttribute("aria-sort")`); got != "ascending" {
		t.Errorf("aria-sort = %q", got)
	}
	if _, err := browser.Eval[bool](p, `(() => { const i = document.querySelector('input[aria-controls="relationships"]');
		i.value = "executed"; i.dispatchEvent(new Event("input")); return true; })()`); err != nil {
		t.Fatal(err)
	}
	shown := evalString(t, p, `Array.from(document.querySelectorAll("#relationships tbody tr")).filter(r => !r.hidden).map(r => r.children[3].textContent).join(",")`)
	if shown == "" || strings.Trim(strings.ReplaceAll(shown, "executed", ""), ",") != "" {
		t.Errorf("rows shown for filter executed: %q", shown)
	}

	// The theme switch cycles auto → light → dark.
	tx, ty := center(t, p, "#theme")
	for _, want := range []string{"light", "dark"} {
		if err := p.Click(tx, ty); err != nil {
			t.Fatal(err)
		}
		if got := evalString(t, p, `document.documentElement.getAttribute("data-theme")`); got != want {
			t.Errorf("theme = %q, want %q", got, want)
		}
	}
	evalString(t, p, `(window.scrollTo(0, 0), "")`)
	saveShot(t, p, dir, "report-dark.png")

	checkQuiet(t, p)
}

// TestBrowserCoverageDiff opens the demo report with its Coverage and Diff
// sections: the contents link to them, their tables sort and filter, a
// collapsed list opens, and nothing is logged.
func TestBrowserCoverageDiff(t *testing.T) {
	b := browser.ForTest(t)
	p, dir := openReport(t, b, demo(t), withSections(t))

	for _, id := range []string{"coverage", "diff"} {
		if got := evalString(t, p, `String(!!document.querySelector('nav a[href="#`+id+`"]') && !!document.getElementById("`+id+`"))`); got != "true" {
			t.Errorf("no link to a section %s", id)
		}
	}
	if got := evalString(t, p, `String(document.querySelectorAll("#coverage figure.chart svg").length)`); got != "1" {
		t.Errorf("%s coverage charts, want 1", got)
	}

	// Sort the techniques by score, descending: unscored (None) rows last.
	sx, sy := center(t, p, `#coverage-techniques thead th:nth-child(5) button`)
	for range 2 {
		if err := p.Click(sx, sy); err != nil {
			t.Fatal(err)
		}
	}
	scores := strings.Split(evalString(t, p, `Array.from(document.querySelectorAll("#coverage-techniques tbody td:nth-child(5)")).map(c => c.textContent).join(" ")`), " ")
	if len(scores) < 2 || scores[0] != "1.0" || scores[len(scores)-1] != "None" {
		t.Errorf("scores sorted descending: %v", scores)
	}
	// Filter them by status.
	if _, err := browser.Eval[bool](p, `(() => { const i = document.querySelector('input[aria-controls="coverage-techniques"]');
		i.value = "unmappable"; i.dispatchEvent(new Event("input")); return true; })()`); err != nil {
		t.Fatal(err)
	}
	if got := evalString(t, p, `Array.from(document.querySelectorAll("#coverage-techniques tbody tr")).filter(r => !r.hidden).map(r => r.children[0].textContent).join(",")`); got != "T1595.002" {
		t.Errorf("unmappable techniques shown: %q", got)
	}

	// A long list is collapsed; clicking its summary opens it.
	d := `document.getElementById("diff-events-added").closest("details")`
	if got := evalString(t, p, `String(`+d+`.open)`); got != "false" {
		t.Errorf("the list of 533 event mappings added is open: %s", got)
	}
	x, y := center(t, p, `#diff details:has(#diff-events-added) > summary`)
	if err := p.Click(x, y); err != nil {
		t.Fatal(err)
	}
	if got := evalString(t, p, `String(`+d+`.open)`); got != "true" {
		t.Error("the list did not open")
	}
	// One full-page shot shows both sections: each costs seconds.
	saveShot(t, p, dir, "report-coverage-diff.png")
	checkQuiet(t, p)
}

// TestBrowserHostile opens a report of hostile strings, with hostile
// Coverage and Diff sections, and moves over every node: nothing may run.
func TestBrowserHostile(t *testing.T) {
	b := browser.ForTest(t)
	p, _ := openReport(t, b, hostile(t), hostileOptions(t))
	n, err := browser.Eval[int](p, `document.querySelectorAll(".ng-node").length`)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		x, y := center(t, p, fmt.Sprintf(`.ng-node[data-i="%d"] circle`, i))
		if err := p.MoveMouse(x, y); err != nil {
			t.Fatal(err)
		}
	}
	if got := evalString(t, p, `String(document.querySelectorAll("img, script:not(:first-of-type)").length)`); got != "0" {
		t.Errorf("%s injected elements", got)
	}
	checkQuiet(t, p)
}

// checkQuiet fails on console errors, dialogs and requests for anything
// but the report itself.
func checkQuiet(t *testing.T, p *browser.Page) {
	t.Helper()
	for _, m := range p.Errors() {
		t.Errorf("console: %v", m)
	}
	for _, d := range p.Dialogs() {
		t.Errorf("dialog opened: %s", d)
	}
	for _, r := range p.Requests() {
		if !strings.HasPrefix(r, "file://") || !strings.HasSuffix(r, "/report.html") {
			t.Errorf("request for %s", r)
		}
	}
}

// saveShot saves a full-page screenshot in dir and, when
// HUNTBOOK_SCREENSHOTS names a directory, there too, to look at.
func saveShot(t *testing.T, p *browser.Page, dir, name string) {
	t.Helper()
	img, err := p.Screenshot()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), img, 0o644); err != nil {
		t.Fatal(err)
	}
	if keep := os.Getenv("HUNTBOOK_SCREENSHOTS"); keep != "" {
		if err := os.WriteFile(filepath.Join(keep, name), img, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
