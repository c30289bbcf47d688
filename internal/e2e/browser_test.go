package e2e

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/internal/browser"
)

// domShape lists, after the interaction, every element name and every
// element-attribute pair in the document, and counts the elements that
// run or load things.
const domShape = `(() => {
	const seen = new Set();
	for (const e of document.querySelectorAll("*")) {
		const tag = e.tagName.toLowerCase();
		seen.add(tag);
		for (const a of e.attributes) seen.add(tag + "@" + a.name.toLowerCase());
	}
	const count = s => document.querySelectorAll(s).length;
	return {names: Array.from(seen).sort(),
		risky: {script: count("script"), img: count("img, image"), iframe: count("iframe, frame, object, embed"),
			link: count("link, base, meta[http-equiv=refresh]"), foreign: count("foreignObject")}};
})()`

type shape struct {
	Names []string       `json:"names"`
	Risky map[string]int `json:"risky"`
}

// interact does what a reader does with a page: hover every graph node,
// type a hostile string into every table filter, and sort every table by
// its first sortable column (twice: ascending, then descending). It
// returns how many of each it did.
func interact(t *testing.T, p *browser.Page) (nodes, filters, sorts int) {
	t.Helper()
	const (
		nodeList   = `Array.from(document.querySelectorAll(".ng-node circle"))`
		filterList = `Array.from(document.querySelectorAll("input.filter"))`
		sortList   = `Array.from(document.querySelectorAll("table")).map(t => t.querySelector("thead th button")).filter(Boolean)`
	)
	count := func(list string) int {
		n, err := browser.Eval[int](p, list+`.length`)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	// centre scrolls the i-th element of list into view and returns its centre.
	centre := func(list string, i int) (float64, float64) {
		xy, err := browser.Eval[[]float64](p, `(() => { const e = `+list+`[`+fmt.Sprint(i)+`];
			e.scrollIntoView({block: "center", inline: "center"}); const r = e.getBoundingClientRect();
			return [r.x + r.width / 2, r.y + r.height / 2]; })()`)
		if err != nil || len(xy) != 2 {
			t.Fatalf("position of %s[%d]: %v", list, i, err)
		}
		return xy[0], xy[1]
	}
	nodes = count(nodeList)
	for i := range nodes {
		x, y := centre(nodeList, i)
		if err := p.MoveMouse(x, y); err != nil {
			t.Fatal(err)
		}
	}
	// Filters inside collapsed sections cannot take focus: open them all.
	if _, err := browser.Eval[bool](p, `(document.querySelectorAll("details").forEach(d => d.open = true), true)`); err != nil {
		t.Fatal(err)
	}
	filters = count(filterList)
	for i := range filters {
		if _, err := browser.Eval[bool](p, `(`+filterList+`[`+fmt.Sprint(i)+`].focus(), true)`); err != nil {
			t.Fatal(err)
		}
		// Inserted as typing or pasting does: the page gets input events.
		ctx, cancel := context.WithTimeout(p.Context(), 30*time.Second)
		_, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: hostile[0] + " " + hostile[1]})
		cancel()
		if err != nil {
			t.Fatal(err)
		}
	}
	if filters > 0 {
		typed, err := browser.Eval[bool](p, filterList+`.every(i => i.value === `+jsString(hostile[0]+" "+hostile[1])+`)`)
		if err != nil || !typed {
			t.Fatalf("the filters do not hold the typed text (%v)", err)
		}
	}
	sorts = count(sortList)
	for i := range sorts {
		x, y := centre(sortList, i)
		for range 2 {
			if err := p.Click(x, y); err != nil {
				t.Fatal(err)
			}
		}
	}
	return nodes, filters, sorts
}

func jsString(s string) string { return "`" + strings.ReplaceAll(s, "`", "\\`") + "`" }

// TestHostileBrowser opens every page and SVG of the hostile fixtures and
// of their clean twin in Chromium and interacts with them: nothing may
// run, load or appear that the clean twin does not have.
func TestHostileBrowser(t *testing.T) {
	b := browser.ForTest(t)
	h, c := renderTwins(t)
	shots := os.Getenv("HUNTBOOK_SCREENSHOTS")
	for i, o := range h.outputs {
		t.Run(o.name, func(t *testing.T) {
			visit := func(path string) (shape, [3]int, *browser.Page) {
				p := browser.PageForTest(t, b)
				if err := p.OpenFile(path); err != nil {
					t.Fatal(err)
				}
				n, f, s := interact(t, p)
				sh, err := browser.Eval[shape](p, domShape)
				if err != nil {
					t.Fatal(err)
				}
				return sh, [3]int{n, f, s}, p
			}
			cs, cDid, _ := visit(c.outputs[i].path)
			hs, hDid, p := visit(o.path)
			t.Logf("hovered %d nodes, typed into %d filters, sorted %d tables", hDid[0], hDid[1], hDid[2])
			if hDid != cDid {
				t.Errorf("interactions (nodes, filters, sorts): hostile %v, clean %v", hDid, cDid)
			}
			for _, d := range p.Dialogs() {
				t.Errorf("a dialog opened: %s", d)
			}
			for _, m := range p.Errors() {
				t.Errorf("console: %v", m)
			}
			self := (&url.URL{Scheme: "file", Path: o.path}).String()
			for _, r := range p.Requests() {
				if r != self && !strings.HasPrefix(r, "data:") {
					t.Errorf("a request for %s", r)
				}
			}
			var extra []string
			for _, n := range hs.Names {
				if !slices.Contains(cs.Names, n) {
					extra = append(extra, n)
				}
			}
			if len(extra) > 0 {
				t.Errorf("elements or attributes the clean twin does not have: %q", extra)
			}
			if diff := cmp.Diff(cs.Risky, hs.Risky); diff != "" {
				t.Errorf("script, image, frame and link elements (-clean +hostile):\n%s", diff)
			}
			name := o.name + ".png"
			if err := p.SaveScreenshot(filepath.Join(h.dir, name)); err != nil {
				t.Fatal(err)
			}
			if shots != "" {
				if err := p.SaveScreenshot(filepath.Join(shots, name)); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}
