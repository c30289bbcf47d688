package nbcli

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/huntbook/huntbook/internal/browser"
	"github.com/huntbook/huntbook/pkg/runs"
)

// TestRunsIndexBrowser makes 30 runs of two series (some failed, some with
// a changed inventory), each with --index, and opens the index in
// Chromium: 30 rows, sorting by a header, one sparkline per series and
// numeric value with a point per successful run, every link resolving to
// a file, and no request but the page's own.
func TestRunsIndexBrowser(t *testing.T) {
	dir := t.TempDir()
	day := 0
	base := time.Date(2026, 11, 1, 2, 0, 0, 0, time.UTC)
	calls := 0
	runNow = func() time.Time {
		calls++
		return base.Add(time.Duration(day)*24*time.Hour + time.Duration(calls)*time.Millisecond)
	}
	defer func() { runNow = time.Now }()
	inv := filepath.Join(dir, "inventory.txt")
	failed := 0
	for day = 0; day < 30; day++ {
		series := []string{"a", "b"}[day%2]
		words := strings.Repeat("T1 ", 1+day/4) // changes every 4 days
		if err := os.WriteFile(inv, []byte(words), 0o644); err != nil {
			t.Fatal(err)
		}
		args := []string{"run", opsData(), "-p", "series=" + series, "-p", "input=" + inv,
			"-o", "reports/{param:series}/{date}/{notebook}.html", "-q", "--index", "reports", "--compare-last"}
		want := 0
		if day%7 == 6 {
			args = append(args, "--cell-timeout", "1ns") // fails: every cell times out
			want = ExitTimeout
			failed++
		}
		if code, msg := huntbookRun(t, dir, args...); code != want {
			t.Fatalf("day %d: exit %d, want %d: %s", day, code, want, msg)
		}
	}
	index := filepath.Join(dir, "reports", runs.IndexName)
	page := browser.PageForTest(t, browser.ForTest(t))
	if err := page.OpenFile(index); err != nil {
		t.Fatal(err)
	}
	eval := func(js string) string {
		t.Helper()
		v, err := browser.Eval[string](page, js)
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return v
	}
	if got := eval(`String(document.querySelectorAll("#runs tbody tr").length) + " " + document.body.getAttribute("data-ready")`); got != "30 1" {
		t.Fatalf("rows and script: %q", got)
	}
	if got := eval(`String(document.querySelectorAll("#runs tbody td.st-timeout").length)`); got != fmt.Sprint(failed) {
		t.Errorf("failed rows: %s, want %d", got, failed)
	}
	ix, err := runs.Load(filepath.Join(dir, "reports"))
	if err != nil {
		t.Fatal(err)
	}
	changed := 0
	for _, e := range ix.Runs {
		if e.Record.Changes.Changed() {
			changed++
		}
	}
	if got := eval(`String(document.querySelectorAll("#runs tbody td.changed").length)`); changed == 0 || got != fmt.Sprint(changed) {
		t.Errorf("changed rows: %s, want %d (and more than 0)", got, changed)
	}
	// Sort by duration, ascending then descending.
	col := `Array.from(document.querySelectorAll("#runs tbody tr")).map(r => r.cells[2].getAttribute("data-sort")).join(",")`
	eval(`document.querySelectorAll("#runs thead th")[2].click(), ""`)
	asc := strings.Split(eval(col), ",")
	eval(`document.querySelectorAll("#runs thead th")[2].click(), ""`)
	desc := strings.Split(eval(col), ",")
	if !slices.IsSortedFunc(asc, cmpFloat) || !slices.IsSortedFunc(desc, func(a, b string) int { return cmpFloat(b, a) }) {
		t.Errorf("not sorted by duration:\nasc  %v\ndesc %v", asc, desc)
	}
	if got := eval(`document.querySelectorAll("#runs thead th")[2].getAttribute("aria-sort")`); got != "descending" {
		t.Errorf("aria-sort %q", got)
	}
	// Two series × one numeric value ("score"); each point drawn.
	sparks := eval(`Array.from(document.querySelectorAll("svg.sparkline")).map(s => {
		const b = s.querySelector("path").getBBox();
		return s.querySelectorAll("circle").length + ":" + (b.width > 100 && b.height > 10);
	}).join(" ")`)
	if want := fmt.Sprintf("%d:true %d:true", 15-2, 15-2); sparks != want { // 2 of each 15 timed out before recording
		t.Errorf("sparklines %q, want %q", sparks, want)
	}
	hrefs := strings.Split(eval(`Array.from(document.querySelectorAll("a[href]")).map(a => a.href).join("\n")`), "\n")
	if len(hrefs) != 60 {
		t.Errorf("%d links, want 60 (a report and a record per run)", len(hrefs))
	}
	for _, h := range hrefs {
		u, err := url.Parse(h)
		if err != nil || u.Scheme != "file" {
			t.Errorf("link %q is not a local file", h)
			continue
		}
		if _, err := os.Stat(u.Path); err != nil {
			t.Errorf("link %q does not resolve: %v", h, err)
		}
	}
	for _, r := range page.Requests() {
		if r != "file://"+index {
			t.Errorf("the page loaded %s", r)
		}
	}
	if errs := page.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}

func cmpFloat(a, b string) int {
	var x, y float64
	fmt.Sscan(a, &x)
	fmt.Sscan(b, &y)
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}
