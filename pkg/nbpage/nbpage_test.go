package nbpage

import (
	"github.com/huntbook/huntbook/internal/golden"

	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/huntbook/huntbook/internal/browser"
	"github.com/huntbook/huntbook/pkg/notebook"
	"github.com/huntbook/huntbook/pkg/runner"
)

const tinyPNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="

// hostileNotebook is a notebook whose text and outputs try to run script, load
// from outside and break out of their markup.
func hostileNotebook() *notebook.Notebook {
	one, two := 1, 2
	nb := &notebook.Notebook{Cells: []notebook.Cell{
		{ID: "m", Type: notebook.Markdown, Source: "# Nightly <i>hunt</i>\n\nText <script>alert(1)</script> <img src=x onerror=alert(2)> [link](javascript:alert(3))\n\n## Data & gaps\n"},
		{ID: "p", Type: notebook.Code, Source: "var top int = 5", ExecutionCount: &one, Metadata: map[string]any{"tags": []any{"parameters"}}},
		{ID: "c", Type: notebook.Code, Source: "x := \"</code></pre><script>alert(4)</script>\"", ExecutionCount: &two, Outputs: []notebook.Output{
			{Type: notebook.Stream, Name: "stdout", Text: "\x1b[31mred</pre><b>not bold</b>\n"},
			{Type: notebook.DisplayData, Data: map[string]any{"text/html": `<table><tr><td onclick="alert(5)">1</td></tr></table><script>alert(6)</script><img src="https://example.com/x.png">`, "text/plain": "t"}},
			{Type: notebook.DisplayData, Data: map[string]any{"image/svg+xml": `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(7)</script></svg>`, "text/plain": "a <chart>"}},
			{Type: notebook.DisplayData, Data: map[string]any{"image/png": tinyPNG, "text/plain": "png"}},
			{Type: notebook.DisplayData, Data: map[string]any{"application/javascript": "alert(8)", "text/plain": "js"}},
			{Type: notebook.ExecuteResult, ExecutionCount: &two, Data: map[string]any{"text/markdown": "**md** <script>alert(9)</script>"}},
			{Type: notebook.Error, EName: "Panic", EValue: "<boom>", Traceback: []string{"Panic: <boom>"}},
		}},
		{ID: "s", Type: notebook.Code, Source: "1"},
	}}
	start := time.Date(2026, 5, 1, 2, 0, 0, 0, time.UTC)
	nb.SetRun(&notebook.Run{Version: "v0.test", Notebook: "nightly.ipynb", SHA256: strings.Repeat("ab", 32),
		Parameters: []notebook.Parameter{{Name: "top", Type: "int", Value: "5"}}, Start: start, End: start.Add(1500 * time.Millisecond),
		Status: notebook.StatusError, Failure: &notebook.Failure{Cell: 3, CellID: "c", EName: "Panic", EValue: "<boom>", Stopped: true},
		Cells: []notebook.CellRun{{Cell: 2, ID: "p", Status: "ok", Duration: 0.001}, {Cell: 3, ID: "c", Status: "error", Duration: 0.25}, {Cell: 4, ID: "s", Status: "skipped"}}})
	return nb
}

func renderNotebook(t *testing.T, nb *notebook.Notebook, o Options) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, nb, o); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestNotebookHTMLGolden(t *testing.T) {
	for _, tt := range []struct {
		name string
		o    Options
	}{
		{"notebook-untrusted", Options{}},
		{"notebook-trusted-noinput", Options{TrustOutputs: true, NoInput: true}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := renderNotebook(t, hostileNotebook(), tt.o)
			golden.Check(t, filepath.Join("..", "..", "testdata", "runner", tt.name+".golden.html"), []byte(got))
		})
	}
}

// TestNotebookTrust checks the trust model: what survives in each mode.
func TestNotebookTrust(t *testing.T) {
	untrusted := renderNotebook(t, hostileNotebook(), Options{})
	trusted := renderNotebook(t, hostileNotebook(), Options{TrustOutputs: true})
	noInput := renderNotebook(t, hostileNotebook(), Options{TrustOutputs: true, NoInput: true})
	tests := []struct {
		name, page, text string
		present          bool
	}{
		{"markdown script removed", trusted, "alert(1)", false},
		{"markdown handler removed", trusted, "alert(2)", false},
		{"markdown javascript: link removed", trusted, "alert(3)", false},
		{"code escaped", trusted, "&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(4)", true},
		{"stream escaped, colour codes removed", trusted, "red&lt;/pre&gt;&lt;b&gt;not bold", true},
		{"untrusted html handler removed", untrusted, "alert(5)", false},
		{"untrusted html script removed", untrusted, "alert(6)", false},
		{"untrusted svg becomes an image", untrusted, `<img src="data:image/svg&#43;xml;base64,`, true},
		{"untrusted svg script not inline", untrusted, "alert(7)", false},
		{"trusted html kept as produced", trusted, `<td onclick="alert(5)">1</td>`, true},
		{"png embedded", trusted, `<img src="data:image/png;base64,` + strings.ReplaceAll(tinyPNG, "+", "&#43;") + `" alt="png">`, true},
		{"javascript output never included", trusted, "alert(8)", false},
		{"markdown output sanitized", trusted, "alert(9)", false},
		{"markdown output rendered", trusted, "<strong>md</strong>", true},
		{"error escaped", trusted, "Panic: &lt;boom&gt;", true},
		{"failure at the top", trusted, `The run stopped at <a href="#cell-3">cell 3</a>: <strong>Panic</strong>: &lt;boom&gt;`, true},
		{"contents", trusted, `<li class="l2"><a href="#h-2-data-gaps">Data &amp; gaps</a></li>`, true},
		{"title from the first heading", trusted, "<title>Nightly hunt</title>", true},
		{"csp forbids other sources", trusted, `content="default-src &#39;none&#39;; script-src &#39;sha256-`, true},
		{"no input: no code", noInput, `class="input"`, false},
		{"no input: parameters cell hidden", noInput, `id="cell-2"`, false},
		{"no input: outputs kept", noInput, `data:image/png`, true},
		{"skipped cell marked", trusted, `class="cell code skipped no-output" id="cell-4"`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Contains(tt.page, tt.text); got != tt.present {
				t.Errorf("page contains %q: %v, want %v", tt.text, got, tt.present)
			}
		})
	}
}

// TestNotebookInBrowser opens the report of a real run in Chromium: the
// graph's script runs under the page's policy, nothing is fetched and
// nothing fails.
func TestNotebookInBrowser(t *testing.T) {
	b := browser.ForTest(t)
	nb, err := notebook.ReadFile(filepath.Join("..", "..", "testdata", "runner", "basics.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := runner.Run(context.Background(), nb, runner.Options{Name: "basics.ipynb"})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "r.html")
	if err := os.WriteFile(path, []byte(renderNotebook(t, out, Options{TrustOutputs: true})), 0o644); err != nil {
		t.Fatal(err)
	}
	p := browser.PageForTest(t, b)
	if err := p.OpenFile(path); err != nil {
		t.Fatal(err)
	}
	if got := evalString(t, p, `document.querySelector("svg.ng").getAttribute("data-ng-ready") || ""`); got != "1" {
		t.Errorf("the graph script did not run (data-ng-ready=%q)", got)
	}
	if got := evalString(t, p, `document.getElementById("toggle-input").hidden ? "hidden" : "shown"`); got != "shown" {
		t.Errorf("the page script did not run: the code toggle is %s", got)
	}
	if got := evalString(t, p, `String(Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).length)`); got != "0" {
		t.Errorf("%s images did not load", got)
	}
	for _, m := range p.Messages() {
		if m.IsError() {
			t.Errorf("page error: %s", m)
		}
	}
}

func evalString(t *testing.T, p *browser.Page, js string) string {
	t.Helper()
	v, err := browser.Eval[string](p, js)
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}
