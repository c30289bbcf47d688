package netgraph

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/internal/browser"
)

// TestBrowserInteraction opens the standalone SVG in headless Chromium and
// drives it as a user would.
func TestBrowserInteraction(t *testing.T) {
	b := browser.ForTest(t)
	p := browser.PageForTest(t, b)
	g := demoGraph(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "graph.svg")
	if err := os.WriteFile(path, []byte(g.SVG()), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := p.OpenFile(path); err != nil {
		t.Fatal(err)
	}
	eval := func(js string) string {
		t.Helper()
		v, err := browser.Eval[string](p, js)
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return v
	}
	if got := eval(`document.documentElement.getAttribute("data-ng-ready") || ""`); got != "1" {
		t.Fatalf("script did not run: data-ng-ready=%q", got)
	}

	// Before any click, the wheel scrolls the page instead of zooming.
	if err := p.Wheel(480, 320, -300); err != nil {
		t.Fatal(err)
	}
	if tr := eval(`document.querySelector(".ng-view").getAttribute("transform") || ""`); tr != "" {
		t.Errorf("transform after a wheel before any click = %q, want none: the wheel must scroll the page", tr)
	}

	// Hover the node "process".
	hub := indexOf(g, "process")
	center := func(sel string) (float64, float64) {
		xy := eval(`(() => { const r = document.querySelector(` + "`" + sel + "`" + `).getBoundingClientRect(); return (r.x + r.width / 2) + " " + (r.y + r.height / 2); })()`)
		var x, y float64
		fmt.Sscan(xy, &x, &y)
		return x, y
	}
	x, y := center(fmt.Sprintf(`.ng-node[data-i="%d"] circle`, hub))
	if err := p.MoveMouse(x, y); err != nil {
		t.Fatal(err)
	}
	var wantEdges []string
	for i, l := range g.Links {
		if l.Source == hub || l.Target == hub {
			wantEdges = append(wantEdges, fmt.Sprint(i))
		}
	}
	var wantNb []string
	for _, j := range g.Neighbours(hub) {
		if j != hub {
			wantNb = append(wantNb, fmt.Sprint(j))
		}
	}
	list := func(sel string) []string {
		s := eval(`Array.from(document.querySelectorAll("` + sel + `")).map(e => e.getAttribute("data-i")).join(" ")`)
		if s == "" {
			return nil
		}
		return strings.Fields(s)
	}
	if diff := cmp.Diff(wantEdges, list(".ng-edge.ng-hl")); diff != "" {
		t.Errorf("highlighted edges on hover (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{fmt.Sprint(hub)}, list(".ng-node.ng-hl")); diff != "" {
		t.Errorf("highlighted node on hover (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantNb, list(".ng-node.ng-nb")); diff != "" {
		t.Errorf("neighbours on hover (-want +got):\n%s", diff)
	}
	tip := eval(`document.querySelector(".ng-tip").getAttribute("visibility") + "|" + document.querySelector(".ng-tip text").textContent`)
	if !strings.HasPrefix(tip, "visible|process") || !strings.Contains(tip, "→") {
		t.Errorf("tooltip = %q, want a visible list of process's relationships", tip)
	}
	shot(t, p, dir, "netgraph-hover.png")

	// Leave: highlight goes away.
	if err := p.MoveMouse(2, 2); err != nil {
		t.Fatal(err)
	}
	if got := list(".ng-hl"); len(got) != 0 {
		t.Errorf("still highlighted after leaving: %v", got)
	}

	// Click selects the node and its linked edges; a background click clears.
	if err := p.Click(x, y); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wantEdges, list(".ng-edge.ng-sel")); diff != "" {
		t.Errorf("selected edges after click (-want +got):\n%s", diff)
	}
	if err := p.MoveMouse(2, 2); err != nil {
		t.Fatal(err)
	}
	if err := p.Click(4, 600); err != nil {
		t.Fatal(err)
	}
	if got := list(".ng-sel"); len(got) != 0 {
		t.Errorf("selection after a background click: %v", got)
	}

	// Wheel zooms, Reset restores.
	if err := p.Wheel(480, 320, -300); err != nil {
		t.Fatal(err)
	}
	if tr := eval(`document.querySelector(".ng-view").getAttribute("transform") || ""`); !strings.Contains(tr, "scale(") || strings.Contains(tr, "scale(1)") {
		t.Errorf("transform after wheel = %q, want a zoom", tr)
	}
	rx, ry := center(`.ng-btn[data-action="reset"] rect`)
	if err := p.Click(rx, ry); err != nil {
		t.Fatal(err)
	}
	if tr := eval(`document.querySelector(".ng-view").getAttribute("transform")`); tr != "translate(0 0) scale(1)" {
		t.Errorf("transform after reset = %q", tr)
	}

	if errs := p.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
	if d := p.Dialogs(); len(d) > 0 {
		t.Errorf("dialogs: %v", d)
	}
}

func indexOf(g *Graph, name string) int {
	for i, n := range g.Nodes {
		if n.Name == name {
			return i
		}
	}
	return -1
}

// shot saves a screenshot in dir and, when HUNTBOOK_SCREENSHOTS names a
// directory, there too, for a person to look at.
func shot(t *testing.T, p *browser.Page, dir, name string) {
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

// TestBrowserHTML opens Graph.HTML in a page twice: as it is (the script
// swaps the picture for the interactive SVG) and with its script removed,
// as Jupyter's sanitiser leaves an untrusted notebook's HTML (the picture
// stays a picture, not the drawing's run-on text).
func TestBrowserHTML(t *testing.T) {
	b := browser.ForTest(t)
	g := demoGraph(t)
	h := g.HTML()
	dir := t.TempDir()
	sanitised := h[:strings.Index(h, "<script>")]
	for _, tc := range []struct {
		name, html    string
		live, picture bool
	}{{"trusted", h, true, false}, {"sanitised", sanitised, false, true}} {
		t.Run(tc.name, func(t *testing.T) {
			p := browser.PageForTest(t, b)
			path := filepath.Join(dir, tc.name+".html")
			page := "<!doctype html><meta charset=utf-8><title>g</title><body style=\"width:900px\"><p>before</p>" + tc.html + "<p>after</p>"
			if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := p.OpenFile(path); err != nil {
				t.Fatal(err)
			}
			var got string
			for try := 0; try < 50; try++ { // the picture decodes asynchronously
				var err error
				got, err = browser.Eval[string](p, `(() => {
					const img = document.querySelector("img.ng-static");
					const svg = document.querySelector("div.ng svg.ng");
					return (svg && svg.getAttribute("data-ng-ready") === "1" ? "live" : "-") + " " +
						(img && img.complete && img.naturalWidth > 0 ? "picture" : "-") + " " + document.querySelectorAll(".ng-node").length;
				})()`)
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(got, "- - ") {
					break
				}
				time.Sleep(20 * time.Millisecond)
			}
			want := fmt.Sprintf("%s %s %d", map[bool]string{true: "live", false: "-"}[tc.live], map[bool]string{true: "picture", false: "-"}[tc.picture], map[bool]int{true: len(g.Nodes), false: 0}[tc.live])
			if got != want {
				t.Errorf("page shows %q, want %q", got, want)
			}
			shot(t, p, dir, "netgraph-html-"+tc.name+".png")
			if errs := p.Errors(); len(errs) > 0 {
				t.Errorf("console errors: %v", errs)
			}
		})
	}
}
