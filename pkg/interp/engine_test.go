package interp

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/pkg/display"
)

func newEngine(t *testing.T) *Engine {
	t.Helper()
	e, err := New(Options{InterruptGrace: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

func run(t *testing.T, e *Engine, code string) Result {
	t.Helper()
	r, err := e.Execute(context.Background(), code)
	if err != nil {
		t.Fatalf("Execute(%q): %v", code, err)
	}
	return r
}

func text(s string) display.MIMEMap { return display.MIMEMap{"text/plain": s} }

// TestRendering runs cells in order on one engine: later cells use earlier
// cells' declarations.
func TestRendering(t *testing.T) {
	e := newEngine(t)
	tests := []struct {
		name, code string
		want       []Output
	}{
		{"statement shows nothing", `import "fmt"; x := 3`, nil},
		{"expression shows text", `x + 1`, []Output{{Type: ExecuteResult, Data: text("4")}}},
		{"stdout then value", `fmt.Println("hi"); x`, []Output{
			{Type: Stream, Name: "stdout", Text: "hi\n"},
			{Type: ExecuteResult, Data: text("3")}}},
		{"fmt.Println last shows no (n, err)", `fmt.Println("a")`, []Output{{Type: Stream, Name: "stdout", Text: "a\n"}}},
		{"stderr", `import "os"; fmt.Fprint(os.Stderr, "e")`, []Output{{Type: Stream, Name: "stderr", Text: "e"}}},
		{"display.HTML as last expression", "display.HTML(`<b>x</b>`)", []Output{
			{Type: ExecuteResult, Data: display.MIMEMap{"text/html": "<b>x</b>", "text/plain": "<b>x</b>"}}}},
		{"Display inside a function keeps order with prints", `func f() { Display(display.Markdown("# t")) }; fmt.Print("a"); f(); fmt.Print("b")`, []Output{
			{Type: Stream, Name: "stdout", Text: "a"},
			{Type: DisplayData, Data: display.MIMEMap{"text/markdown": "# t", "text/plain": "# t"}},
			{Type: Stream, Name: "stdout", Text: "b"}}},
		{"display.Display from compiled code", `display.Display(display.SVG("<svg/>"))`, []Output{
			{Type: DisplayData, Data: display.MIMEMap{"image/svg+xml": "<svg/>", "text/plain": "[image/svg+xml, 6 bytes]"}}}},
		{"type declared in a cell with HTML and Markdown methods", `type T struct{ N int }
func (t T) HTML() string { return fmt.Sprint("<i>", t.N, "</i>") }
func (T) Markdown() string { return "*t*" }
T{7}`, []Output{{Type: ExecuteResult, Data: display.MIMEMap{"text/html": "<i>7</i>", "text/markdown": "*t*", "text/plain": "main.T"}}}},
		{"a value of type T in an empty interface renders as T", `var h any = T{2}; h`, []Output{{Type: ExecuteResult, Data: display.MIMEMap{"text/html": "<i>2</i>", "text/markdown": "*t*", "text/plain": "main.T"}}}},
		{"text of a cell type is its String, also of elements and in any", `type K float64
func (k K) String() string { return fmt.Sprintf("%.1fK", float64(k)) }
var a any = K(1)
[]any{K(3), a, []K{2}}`, []Output{{Type: ExecuteResult, Data: text("[3.0K 1.0K [2.0K]]")}}},
		{"image.Image as PNG", `import "image"; image.NewGray(image.Rect(0, 0, 3, 2))`, nil}, // checked below
		{"PNG bytes never dumped as text", `display.PNG([]byte{1, 2, 3})`, []Output{
			{Type: ExecuteResult, Data: display.MIMEMap{"image/png": []byte{1, 2, 3}, "text/plain": "[image/png, 3 bytes]"}}}},
		{"nil value shows nothing", `var p *int; p`, nil},
		{"one non-nil value of two", `import "strconv"; strconv.Atoi("12")`, []Output{{Type: ExecuteResult, Data: text("12")}}},
		{"compile error", `y := undefined + 1`, []Output{{Type: Error, EName: ENameCompile,
			EValue:    "cell:1:6: undefined: undefined (not declared in this cell; if an earlier cell declares it, " + restartHint + ")",
			Traceback: []string{"CompileError: cell:1:6: undefined: undefined (not declared in this cell; if an earlier cell declares it, " + restartHint + ")"}}}},
		{"panic after output", `fmt.Println("before"); var m map[string]int; m["a"] = 1`, []Output{
			{Type: Stream, Name: "stdout", Text: "before\n"},
			{Type: Error, EName: ENamePanic, EValue: "cell line 1: assignment to entry in nil map", Traceback: []string{"Panic: cell line 1: assignment to entry in nil map"}}}},
		{"state survives errors", `x * 2`, []Output{{Type: ExecuteResult, Data: text("6")}}},
		{"gota from the tables", `import "github.com/go-gota/gota/dataframe"
dataframe.LoadRecords([][]string{{"a", "b"}, {"1", "2"}, {"3", "4"}}).Nrow()`, []Output{{Type: ExecuteResult, Data: text("2")}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := run(t, e, tt.code).Outputs
			if tt.name == "image.Image as PNG" {
				if len(got) != 1 || got[0].Data["text/plain"] != "[image 3x2]" || len(got[0].Data["image/png"].([]byte)) == 0 {
					t.Errorf("got %+v, want one PNG result", got)
				}
				return
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("outputs (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPlotAsSVGAndPNG(t *testing.T) {
	e := newEngine(t)
	r := run(t, e, `import (
	"bytes"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)
p := plot.New()
bars, _ := plotter.NewBarChart(plotter.Values{3, 1, 2}, vg.Points(12))
p.Add(bars)
p.NominalX("a", "b", "c")
for _, format := range []string{"svg", "png"} {
	w, err := p.WriterTo(4*vg.Inch, 3*vg.Inch, format)
	if err != nil { panic(err) }
	var buf bytes.Buffer
	w.WriteTo(&buf)
	if format == "svg" { Display(display.SVG(buf.String())) } else { Display(display.PNG(buf.Bytes())) }
}`)
	if err := r.Err(); err != nil {
		t.Fatalf("cell failed: %v", err.EValue)
	}
	if len(r.Outputs) != 2 {
		t.Fatalf("got %d outputs, want 2: %+v", len(r.Outputs), r.Outputs)
	}
	if svg, _ := r.Outputs[0].Data["image/svg+xml"].(string); !strings.HasPrefix(svg, "<?xml") || !strings.Contains(svg, "<svg") {
		t.Errorf("first output is not an SVG: %.80q", svg)
	}
	if png, _ := r.Outputs[1].Data["image/png"].([]byte); !strings.HasPrefix(string(png), "\x89PNG") {
		t.Errorf("second output is not a PNG: %.8q", png)
	}
}

func TestInterruptKeepsState(t *testing.T) {
	e := newEngine(t)
	run(t, e, `n := 0`)
	go func() {
		time.Sleep(100 * time.Millisecond)
		e.Interrupt()
	}()
	r := run(t, e, `for { n++ }`)
	if err := r.Err(); err == nil || err.EName != ENameInterrupted {
		t.Fatalf("got %+v, want an %s error", r.Outputs, ENameInterrupted)
	}
	r = run(t, e, `n > 0`)
	if diff := cmp.Diff([]Output{{Type: ExecuteResult, Data: text("true")}}, r.Outputs); diff != "" {
		t.Errorf("after interrupt (-want +got):\n%s", diff)
	}
	// An empty endless loop stops too, through the context.
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	r, err := e.Execute(ctx, `for {}`)
	if err != nil || r.Err() == nil || r.Err().EName != ENameInterrupted {
		t.Fatalf("for {}: got %+v, %v", r.Outputs, err)
	}
}

func TestBlockedCellIsStuck(t *testing.T) {
	e := newEngine(t)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := e.Execute(ctx, `<-make(chan int)`)
	if err != ErrStuck {
		t.Fatalf("got %v, want ErrStuck", err)
	}
	if _, err := e.Execute(context.Background(), `1`); err != ErrClosed {
		t.Fatalf("after ErrStuck got %v, want ErrClosed", err)
	}
}

func TestComplete(t *testing.T) {
	e := newEngine(t)
	run(t, e, `import "strings"; type P struct{ Name string }; var pp = P{"x"}; abcd := 3; func Parse() int { return 1 }`)
	tests := []struct {
		name, code string
		want       Completion
	}{
		{"package member", "strings.SplitA", Completion{Matches: []string{"SplitAfter", "SplitAfterN", "SplitAfterSeq"}, Start: 8, End: 14}},
		{"variable", "x := abc", Completion{Matches: []string{"abcd"}, Start: 5, End: 8}},
		{"field", "pp.Na", Completion{Matches: []string{"Name"}, Start: 3, End: 5}},
		{"second line, after a rune of 2 bytes", "s := \"é\"\nstrings.ToL", Completion{Matches: []string{"ToLower", "ToLowerSpecial"}, Start: 17, End: 20}},
		{"nothing", "zzz", Completion{Start: 3, End: 3}},
		// gomacro's own functions, keyword and type, and huntbook's
		// internal builtins, are not Go: left out, unless a cell declares
		// the name (Parse).
		{"gomacro's functions", "MacroE", Completion{Start: 6, End: 6}},
		{"gomacro's keyword", "ma", Completion{Matches: []string{"make", "map", "max"}, Start: 0, End: 2}},
		{"huntbook's builtins", "__hb", Completion{Start: 4, End: 4}},
		{"a name a cell declared", "Pars", Completion{Matches: []string{"Parse"}, Start: 0, End: 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := e.Complete(tt.code, len([]rune(tt.code)))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Complete (-want +got):\n%s", diff)
			}
		})
	}
}

func TestInspect(t *testing.T) {
	e := newEngine(t)
	run(t, e, `import "strings"; abcd := 3`)
	tests := []struct{ code, want string }{
		{"strings.Split", "strings.Split: func(string, string) []string"},
		{"abcd", "abcd: int = 3"},
		{"nosuch", ""},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			d, ok := e.Inspect(tt.code, 2)
			got, _ := d.Data["text/plain"].(string)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("Inspect(%q) = %q, %v; want %q", tt.code, got, ok, tt.want)
			}
		})
	}
}

// TestInspectDocs shows the generated docs of huntbook, Gota and gonum/plot
// symbols, found by name or through a value's type, in text/plain and
// text/markdown.
func TestInspectDocs(t *testing.T) {
	e := newEngine(t)
	run(t, e, `import (
	"github.com/go-gota/gota/dataframe"
	"github.com/huntbook/huntbook/pkg/attack"
	"github.com/huntbook/huntbook/pkg/frame"
	"github.com/huntbook/huntbook/pkg/ossem"
	"gonum.org/v1/plot"
)
f := frame.Normalize(nil)`)
	tests := []struct {
		name, code string
		want       []string // in text/plain, in order
	}{
		{"function", "attack.Technique", []string{
			"func Technique(m *ossem.Mapping, id string) (*TechniqueView, error)",
			"Technique returns the view of the technique with the given ID"}},
		{"function with context", "ossem.Load", []string{"func Load(ctx context.Context, src string, o Options) (*Mapping, error)", "Load reads a mapping from src"}},
		{"type", "frame.Frame", []string{"type Frame struct", "Frame is a table of named columns"}},
		{"method expression", "frame.Frame.ValueCounts", []string{"func (f *Frame) ValueCounts("}},
		{"method of a value", "f.ValueCounts", []string{"func (f *Frame) ValueCounts("}},
		{"value", "f", []string{"f: *", "frame.Frame = ", "Frame is a table of named columns"}},
		{"package", "frame", []string{`package frame // import "github.com/huntbook/huntbook/pkg/frame"`}},
		{"gota", "dataframe.LoadRecords", []string{"func LoadRecords(records [][]string, options ...LoadOption) DataFrame", "LoadRecords creates a new DataFrame"}},
		{"gonum/plot", "plot.New", []string{"func New() *Plot", "New returns a new plot"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, ok := e.Inspect(tt.code, len(tt.code))
			text, _ := d.Data["text/plain"].(string)
			md, _ := d.Data["text/markdown"].(string)
			if !ok || md == "" {
				t.Fatalf("Inspect(%q) = %q, %v; want docs in text/plain and text/markdown", tt.code, text, ok)
			}
			rest := text
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("Inspect(%q) text/plain lacks %q (in order):\n%s", tt.code, w, text)
				}
				rest = rest[i+len(w):]
			}
			if !strings.Contains(md, "```go\n") {
				t.Errorf("text/markdown has no Go block:\n%s", md)
			}
		})
	}
}

func TestIsComplete(t *testing.T) {
	tests := []struct{ name, code, want string }{
		{"statement", "x := 1", Complete},
		{"open brace", "for {", Incomplete},
		{"open raw string", "x := `a", Incomplete},
		{"open comment", "/* a", Incomplete},
		{"stray brace", "}", Invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsComplete(tt.code); got != tt.want {
				t.Errorf("IsComplete(%q) = %q, want %q", tt.code, got, tt.want)
			}
		})
	}
}

func TestOutputCap(t *testing.T) {
	e, err := New(Options{MaxOutput: 10})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	r := run(t, e, `import "fmt"; for i := 0; i < 100; i++ { fmt.Print("0123456789") }`)
	if got := r.Stdout(); !strings.HasPrefix(got, "0123456789\n… output cut at 10 bytes") || len(got) > 40 {
		t.Errorf("stdout = %q, want 10 bytes and a note", got)
	}
}
