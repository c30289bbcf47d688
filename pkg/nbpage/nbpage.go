package nbpage

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"

	"github.com/huntbook/huntbook/internal/csp"
	"github.com/huntbook/huntbook/pkg/netgraph"
	"github.com/huntbook/huntbook/pkg/notebook"
)

// Options tune Write. The zero value shows code and
// treats outputs as untrusted.
type Options struct {
	// NoInput hides code: the report shows markdown and outputs only
	// (cells with no output disappear), and the parameters cells are left
	// out (the parameters are listed in the header).
	NoInput bool
	// TrustOutputs says the outputs were produced by the run that writes
	// the page; see the trust model above.
	TrustOutputs bool
	// Title of the page; empty means the notebook's first heading, or its
	// file name.
	Title string
	// Changes, when set, adds a "Changes since last run" block under the
	// header (huntbook run --compare-last); see changes.go.
	Changes *notebook.Changes
}

// Write writes nb as one self-contained HTML page: a header
// with the run record (notebook, sha256, huntbook version, parameters,
// start, end, status) and, when the run failed, the error at the top with a
// link to the failing cell; a table of contents of the markdown headings;
// then every cell, outputs shown as Jupyter shows them.
func Write(w io.Writer, nb *notebook.Notebook, o Options) error {
	v, err := newNotebookView(nb, o)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := pageTmpl().Execute(&buf, v); err != nil {
		return fmt.Errorf("nbpage: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

type nbView struct {
	Changes  *notebook.Changes
	Title    string
	CSP      string
	CSS      template.CSS
	Script   template.JS
	Graph    bool // a graph is on the page: include netgraph's script once
	GraphJS  template.JS
	Run      *notebook.Run
	Params   []notebook.Parameter
	Duration string
	Failed   []nbFailure
	TOC      []nbHeading
	Cells    []nbCell
	NoInput  bool
	Version  string
}

type nbFailure struct {
	Cell          int
	Anchor        string
	EName, EValue string
	Stopped       bool
}

type nbHeading struct {
	Level  int
	Text   string
	Anchor string
}

type nbCell struct {
	Number   int
	Anchor   string
	Kind     string
	Markdown template.HTML
	Source   string
	Prompt   string
	Duration string
	Status   string
	Outputs  []nbOutput
	Hidden   bool
}

type nbOutput struct {
	Kind  string // stream, error, html, img, pre
	Class string
	Text  string
	HTML  template.HTML
	Src   template.URL
	Alt   string
}

var ansi = regexp.MustCompile("\x1b\\[[0-9;?]*[A-Za-z]")

func stripANSI(s string) string { return ansi.ReplaceAllString(s, "") }

func newNotebookView(nb *notebook.Notebook, o Options) (*nbView, error) {
	run, err := nb.Run()
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	v := &nbView{Run: run, NoInput: o.NoInput, CSS: template.CSS(pageCSS), Script: template.JS(pageJS),
		GraphJS: template.JS("\n" + netgraph.Script())}
	v.Changes = o.Changes
	status := map[int]notebook.CellRun{}
	if run != nil {
		v.Params = run.Parameters
		v.Duration = run.Duration().Round(time.Millisecond).String()
		v.Version = run.Version
		for _, c := range run.Cells {
			status[c.Cell] = c
		}
	}
	headings := 0
	for i := range nb.Cells {
		c := &nb.Cells[i]
		vc := nbCell{Number: i + 1, Anchor: fmt.Sprintf("cell-%d", i+1), Kind: c.Type}
		switch c.Type {
		case notebook.Markdown:
			md, hs := renderMarkdown(c.Source, &headings)
			vc.Markdown = md
			v.TOC = append(v.TOC, hs...)
			if v.Title == "" && len(hs) > 0 && hs[0].Level == 1 {
				v.Title = hs[0].Text
			}
		case notebook.Raw:
			vc.Source = c.Source
			vc.Hidden = o.NoInput
		case notebook.Code:
			vc.Source = c.Source
			if c.ExecutionCount != nil {
				vc.Prompt = strconv.Itoa(*c.ExecutionCount)
			}
			if cr, ok := status[i+1]; ok {
				vc.Status = cr.Status
				if cr.Status != notebook.StatusSkipped {
					vc.Duration = seconds(cr.Duration)
				}
			}
			for _, out := range c.Outputs {
				vo, graph := renderOutput(out, o.TrustOutputs)
				if vo.Kind == "" {
					continue
				}
				v.Graph = v.Graph || graph
				vc.Outputs = append(vc.Outputs, vo)
				if out.Type == notebook.Error {
					v.Failed = append(v.Failed, nbFailure{Cell: i + 1, Anchor: vc.Anchor, EName: out.EName, EValue: out.EValue})
				}
			}
			if o.NoInput && (len(vc.Outputs) == 0 || c.HasTag(notebook.TagParameters) || c.HasTag(notebook.TagInjectedParameters)) {
				vc.Hidden = true
			}
		}
		v.Cells = append(v.Cells, vc)
	}
	if run != nil && run.Failure != nil {
		for i := range v.Failed {
			if v.Failed[i].Cell == run.Failure.Cell {
				v.Failed[i].Stopped = run.Failure.Stopped
			}
		}
		if run.Failure.Cell == 0 { // the engine did not start
			v.Failed = append(v.Failed, nbFailure{EName: run.Failure.EName, EValue: run.Failure.EValue, Stopped: true})
		}
	}
	switch {
	case o.Title != "":
		v.Title = o.Title
	case v.Title == "" && run != nil && run.Notebook != "":
		v.Title = filepath.Base(run.Notebook)
	case v.Title == "":
		v.Title = "Notebook"
	}
	scripts := []string{pageJS}
	if v.Graph {
		scripts = append(scripts, "\n"+netgraph.Script(), netgraph.Script())
	}
	v.CSP = csp.Policy(scripts...)
	return v, nil
}

func seconds(s float64) string {
	d := time.Duration(s * float64(time.Second))
	switch {
	case d < time.Millisecond:
		return "<1 ms"
	case d < time.Second:
		return d.Round(time.Millisecond).String()
	}
	return d.Round(10 * time.Millisecond).String()
}

// mimeOrder is the order in which Jupyter picks what to show of a bundle.
var mimeOrder = []string{"text/html", "image/svg+xml", "image/png", "image/jpeg", "text/markdown", "text/latex", "application/json", "text/plain"}

// renderOutput turns an output into what the page shows; graph reports a
// netgraph drawing that needs the netgraph script.
func renderOutput(o notebook.Output, trusted bool) (nbOutput, bool) {
	switch o.Type {
	case notebook.Stream:
		class := "stream"
		if o.Name == "stderr" {
			class += " stderr"
		}
		return nbOutput{Kind: "pre", Class: class, Text: stripANSI(o.Text)}, false
	case notebook.Error:
		text := o.EName + ": " + o.EValue
		if len(o.Traceback) > 0 {
			text = strings.Join(o.Traceback, "\n")
		}
		return nbOutput{Kind: "error", Class: "error", Text: stripANSI(text)}, false
	}
	for _, mime := range mimeOrder {
		val, ok := o.Data[mime]
		if !ok {
			continue
		}
		s, isStr := val.(string)
		switch mime {
		case "text/html":
			if !isStr {
				continue
			}
			if trusted {
				return nbOutput{Kind: "html", Class: "html", HTML: template.HTML(s)}, strings.Contains(s, `class="ng"`)
			}
			return nbOutput{Kind: "html", Class: "html", HTML: template.HTML(untrustedPolicy().Sanitize(s))}, false
		case "image/svg+xml":
			if !isStr {
				continue
			}
			if trusted {
				return nbOutput{Kind: "html", Class: "svg", HTML: template.HTML(s)}, strings.Contains(s, `class="ng"`)
			}
			return nbOutput{Kind: "img", Src: template.URL("data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString([]byte(s))), Alt: altText(o)}, false
		case "image/png", "image/jpeg":
			if !isStr {
				continue
			}
			b64 := strings.Join(strings.Fields(s), "")
			if _, err := base64.StdEncoding.DecodeString(b64); err != nil {
				return nbOutput{Kind: "pre", Class: "error", Text: mime + " output is not valid base64: " + err.Error()}, false
			}
			return nbOutput{Kind: "img", Src: template.URL("data:" + mime + ";base64," + b64), Alt: altText(o)}, false
		case "text/markdown":
			if !isStr {
				continue
			}
			md, _ := renderMarkdown(s, nil)
			return nbOutput{Kind: "html", Class: "markdown", HTML: md}, false
		case "application/json":
			b, err := json.MarshalIndent(val, "", "  ")
			if err != nil {
				continue
			}
			return nbOutput{Kind: "pre", Class: "json", Text: string(b)}, false
		default: // text/latex, text/plain
			if !isStr {
				continue
			}
			return nbOutput{Kind: "pre", Class: "text", Text: stripANSI(s)}, false
		}
	}
	return nbOutput{}, false
}

func altText(o notebook.Output) string {
	s, _ := o.Data["text/plain"].(string)
	return s
}

var (
	policyOnce sync.Once
	untrusted  *bluemonday.Policy
	mdPolicy   *bluemonday.Policy
)

// untrustedPolicy sanitizes HTML from outputs read from a file: formatting,
// tables, links and data: images; no script, style, form, frame or handler.
func untrustedPolicy() *bluemonday.Policy {
	policyOnce.Do(initPolicies)
	return untrusted
}

func markdownPolicy() *bluemonday.Policy {
	policyOnce.Do(initPolicies)
	return mdPolicy
}

func initPolicies() {
	untrusted = contentPolicy()
	mdPolicy = contentPolicy()
	mdPolicy.AllowAttrs("id").Matching(regexp.MustCompile(`^h-[0-9]+(-[a-z0-9-]*)?$`)).OnElements("h1", "h2", "h3", "h4", "h5", "h6")
}

// dataImage matches the only image sources a page may keep: images
// embedded as data URIs. Anything else would be a request to somewhere.
var dataImage = regexp.MustCompile(`^data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+=*$`)

// contentPolicy allows what markdown and notebook HTML outputs use, like
// bluemonday's UGCPolicy, except that images must be embedded (data URIs):
// UGCPolicy keeps <img src="https://…">, which the page's CSP blocks but
// which still makes the browser try. Links (a href) stay: they load
// nothing until clicked, and carry rel="nofollow".
func contentPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowStandardAttributes()
	p.AllowStandardURLs()
	p.AllowAttrs("class").Globally()
	p.AllowAttrs("href").OnElements("a")
	p.AllowElements("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code",
		"em", "strong", "b", "i", "u", "s", "del", "ins", "sub", "sup", "small", "mark", "kbd", "samp", "var",
		"abbr", "cite", "q", "dfn", "ul", "ol", "li", "dl", "dt", "dd", "span", "div", "figure", "figcaption",
		"details", "summary", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col")
	p.AllowAttrs("colspan", "rowspan").Matching(bluemonday.Integer).OnElements("th", "td")
	p.AllowAttrs("align").Matching(regexp.MustCompile(`^(left|right|center)$`)).OnElements("th", "td")
	p.AllowAttrs("start").Matching(bluemonday.Integer).OnElements("ol")
	p.AllowAttrs("open").Matching(regexp.MustCompile(`^(|open)$`)).OnElements("details")
	p.AllowAttrs("src").Matching(dataImage).OnElements("img")
	p.AllowAttrs("alt").OnElements("img")
	p.AllowAttrs("width", "height").Matching(bluemonday.NumberOrPercent).OnElements("img")
	p.AllowDataURIImages()
	return p
}

var md = goldmark.New(
	goldmark.WithExtensions(extension.GFM),
	goldmark.WithRendererOptions(html.WithUnsafe()), // raw HTML, as Jupyter; bluemonday cleans it
)

// renderMarkdown renders and sanitizes markdown. With counter set, it gives
// each heading an id (h-N-slug) and returns the headings for the contents.
func renderMarkdown(src string, counter *int) (template.HTML, []nbHeading) {
	source := []byte(src)
	doc := md.Parser().Parse(text.NewReader(source))
	var hs []nbHeading
	if counter != nil {
		gast.Walk(doc, func(n gast.Node, entering bool) (gast.WalkStatus, error) {
			h, ok := n.(*gast.Heading)
			if !ok || !entering {
				return gast.WalkContinue, nil
			}
			*counter++
			t := plainText(h, source)
			id := fmt.Sprintf("h-%d", *counter)
			if s := slug(t); s != "" {
				id += "-" + s
			}
			h.SetAttributeString("id", []byte(id))
			if h.Level <= 3 {
				hs = append(hs, nbHeading{Level: h.Level, Text: t, Anchor: id})
			}
			return gast.WalkSkipChildren, nil
		})
	}
	var buf bytes.Buffer
	if err := md.Renderer().Render(&buf, source, doc); err != nil {
		return template.HTML("<pre>" + template.HTMLEscapeString(src) + "</pre>"), hs
	}
	return template.HTML(markdownPolicy().SanitizeBytes(buf.Bytes())), hs
}

func plainText(n gast.Node, src []byte) string {
	var b strings.Builder
	gast.Walk(n, func(c gast.Node, entering bool) (gast.WalkStatus, error) {
		if !entering {
			return gast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *gast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *gast.String:
			b.Write(t.Value)
		case *gast.CodeSpan:
			for ch := t.FirstChild(); ch != nil; ch = ch.NextSibling() {
				if tx, ok := ch.(*gast.Text); ok {
					b.Write(tx.Segment.Value(src))
				}
			}
			return gast.WalkSkipChildren, nil
		}
		return gast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

func slug(s string) string {
	s = nonSlug.ReplaceAllString(strings.ToLower(s), "-")
	s = strings.Trim(s, "-")
	if len(s) > 40 {
		s = strings.TrimRight(s[:40], "-")
	}
	return s
}
