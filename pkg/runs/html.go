package runs

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/huntbook/huntbook/internal/atomicfile"
	"github.com/huntbook/huntbook/internal/csp"
	"github.com/huntbook/huntbook/pkg/notebook"
)

// MaxPoints is how many of a series' latest runs a sparkline shows.
const MaxPoints = 200

// IndexName is the page WriteIndexFile writes.
const IndexName = "index.html"

//go:embed index.js
var indexJS string

//go:embed index.tmpl
var indexTemplate string

// indexTmpl is parsed on first use.
var indexTmpl = sync.OnceValue(func() *template.Template { return template.Must(template.New("index").Parse(indexTemplate)) })

type row struct {
	Status     string
	Exit       int
	Start      string // RFC 3339, sorts as text
	StartShown string
	Seconds    float64
	Duration   string
	Notebook   string
	Params     string
	Values     string
	Changes    string // what changed since the previous run (--compare-last)
	Report     string // relative link; empty when none
	Record     string
}

type spark struct {
	Series string
	Name   string
	Points int
	Min    string
	Max    string
	Last   string
	Path   string // SVG path data
	Dots   []dot
}

// sparkGroup is the sparklines of one series.
type sparkGroup struct {
	Series string
	Sparks []spark
}

type dot struct {
	X, Y  string
	Title string
}

type indexView struct {
	CSP      string
	Script   template.JS
	Runs     []row
	Failed   int
	Sparks   []sparkGroup
	Skipped  []Skipped
	Trunc    bool
	Built    string
	MaxPoint int
}

// WriteHTML writes ix as one self-contained page; links are relative to
// the root, where the page is meant to be saved.
func WriteHTML(w io.Writer, ix *Index) error {
	root, err := filepath.Abs(ix.Root)
	if err != nil {
		return fmt.Errorf("runs: %w", err)
	}
	v := indexView{CSP: csp.Policy(indexJS), Script: template.JS(indexJS), Skipped: ix.Skipped, Trunc: ix.Truncated, MaxPoint: MaxPoints}
	for i := len(ix.Runs) - 1; i >= 0; i-- { // newest first
		e := &ix.Runs[i]
		r := e.Record
		var params, values []string
		for _, p := range r.Parameters {
			params = append(params, p.Name+"="+p.Value)
		}
		for _, rv := range r.Records {
			values = append(values, rv.Name+"="+short(rv.Value))
		}
		status := r.Status
		if status == "ok" && r.ExitStatus != 0 {
			status = "error"
		}
		if status != "ok" {
			v.Failed++
		}
		d := e.Duration()
		v.Runs = append(v.Runs, row{
			Status: status, Exit: r.ExitStatus,
			Start: r.Start.UTC().Format(time.RFC3339Nano), StartShown: r.Start.UTC().Format("2006-01-02 15:04:05"),
			Seconds: d.Seconds(), Duration: d.Round(time.Millisecond).String(),
			Notebook: filepath.Base(r.Notebook), Params: strings.Join(params, " "), Values: strings.Join(values, " "),
			Changes: changesText(r.Changes),
			Report:  link(root, e, r.Outputs["report"]), Record: e.Path,
		})
	}
	for _, sp := range sparks(ix) {
		if n := len(v.Sparks); n == 0 || v.Sparks[n-1].Series != sp.Series {
			v.Sparks = append(v.Sparks, sparkGroup{Series: sp.Series})
		}
		g := &v.Sparks[len(v.Sparks)-1]
		g.Sparks = append(g.Sparks, sp)
	}
	var buf bytes.Buffer
	if err := indexTmpl().Execute(&buf, v); err != nil {
		return fmt.Errorf("runs: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// link makes out (absolute, or relative to the record's folder) relative to
// root, slash-separated.
func link(root string, e *Entry, out string) string {
	if out == "" {
		return ""
	}
	if !filepath.IsAbs(out) {
		out = filepath.Join(root, filepath.FromSlash(slashDir(e.Path)), out)
	}
	r, err := filepath.Rel(root, out)
	if err != nil {
		return ""
	}
	return filepath.ToSlash(r)
}

func slashDir(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return "."
}

func short(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "?"
	}
	if l, ok := v.([]any); ok {
		return fmt.Sprintf("[%d items]", len(l))
	}
	s := string(b)
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return s
}

// sparks builds a sparkline per series and numeric recorded value.
func sparks(ix *Index) []spark {
	type key struct{ series, name string }
	type pt struct {
		t time.Time
		v float64
	}
	pts := map[key][]pt{}
	for _, e := range ix.Runs {
		r := e.Record.Run
		for _, rv := range r.Records {
			f, ok := rv.Value.(float64)
			if !ok || math.IsNaN(f) || math.IsInf(f, 0) {
				continue
			}
			k := key{SeriesKey(r), rv.Name}
			pts[k] = append(pts[k], pt{r.Start, f})
		}
	}
	keys := make([]key, 0, len(pts))
	for k := range pts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].series != keys[j].series {
			return keys[i].series < keys[j].series
		}
		return keys[i].name < keys[j].name
	})
	const w, h, pad = 160.0, 32.0, 3.0
	var out []spark
	for _, k := range keys {
		p := pts[k]
		if len(p) > MaxPoints {
			p = p[len(p)-MaxPoints:]
		}
		lo, hi := p[0].v, p[0].v
		for _, q := range p {
			lo, hi = math.Min(lo, q.v), math.Max(hi, q.v)
		}
		s := spark{Series: k.series, Name: k.name, Points: len(p), Min: num(lo), Max: num(hi), Last: num(p[len(p)-1].v)}
		var d strings.Builder
		for i, q := range p {
			x := pad + (w-2*pad)*0.5
			if len(p) > 1 {
				x = pad + (w-2*pad)*float64(i)/float64(len(p)-1)
			}
			y := h / 2
			if hi > lo {
				y = h - pad - (h-2*pad)*(q.v-lo)/(hi-lo)
			}
			if i == 0 {
				d.WriteString("M")
			} else {
				d.WriteString(" L")
			}
			fmt.Fprintf(&d, "%.1f %.1f", x, y)
			s.Dots = append(s.Dots, dot{X: fmt.Sprintf("%.1f", x), Y: fmt.Sprintf("%.1f", y), Title: q.t.UTC().Format("2006-01-02 15:04") + ": " + num(q.v)})
		}
		s.Path = d.String()
		out = append(out, s)
	}
	return out
}

// changesText names what changed: "notebook techniques inventory".
func changesText(c *notebook.Changes) string {
	if !c.Changed() {
		return ""
	}
	var names []string
	if c.NotebookChanged {
		names = append(names, "notebook")
	}
	for _, v := range c.Values {
		names = append(names, v.Name)
	}
	for _, in := range c.Inputs {
		names = append(names, in.Name)
	}
	return strings.Join(names, " ")
}

func num(f float64) string { return strconv.FormatFloat(f, 'g', 4, 64) }

// WriteIndexFile loads the run records under dir and writes dir/index.html
// atomically. A lock file (dir/.index.lock) serialises two runs finishing
// at once, so the page the last writer leaves lists both. It returns the
// page's name.
func WriteIndexFile(dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("runs: %w", err)
	}
	unlock, err := lock(filepath.Join(dir, ".index.lock"))
	if err != nil {
		return "", fmt.Errorf("runs: cannot lock %s: %w", dir, err)
	}
	defer unlock()
	ix, err := Load(dir)
	if err != nil {
		return "", err
	}
	p := filepath.Join(dir, IndexName)
	if _, err := atomicfile.Write(p, func(w io.Writer) error { return WriteHTML(w, ix) }); err != nil {
		return "", fmt.Errorf("runs: cannot write %s: %w", p, err)
	}
	return p, nil
}
