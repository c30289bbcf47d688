package display_test

import (
	"image"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/pkg/display"
)

type table struct{}

func (table) HTML() string     { return "<table></table>" }
func (table) Markdown() string { return "|a|" }

type named struct{ table }

func (named) String() string { return "named table" }

type chart struct{ svg string }

func (c chart) SVG() string { return c.svg }
func (chart) PNG() []byte   { return []byte("\x89PNG") }

func TestConstructors(t *testing.T) {
	tests := []struct {
		name string
		got  display.Data
		want display.MIMEMap
	}{
		{"HTML", display.HTML("<b>x</b>"), display.MIMEMap{"text/html": "<b>x</b>", "text/plain": "<b>x</b>"}},
		{"SVG text is short", display.SVG("<svg></svg>"), display.MIMEMap{"image/svg+xml": "<svg></svg>", "text/plain": "[image/svg+xml, 11 bytes]"}},
		{"PNG text is not the bytes", display.PNG([]byte{1, 2}), display.MIMEMap{"image/png": []byte{1, 2}, "text/plain": "[image/png, 2 bytes]"}},
		{"JPEG", display.JPEG([]byte{1}), display.MIMEMap{"image/jpeg": []byte{1}, "text/plain": "[image/jpeg, 1 bytes]"}},
		{"Markdown", display.Markdown("*a*"), display.MIMEMap{"text/markdown": "*a*", "text/plain": "*a*"}},
		{"Latex is inline", display.Latex("x^2"), display.MIMEMap{"text/latex": "$x^2$", "text/plain": "x^2"}},
		{"Math is display", display.Math("$x^2$"), display.MIMEMap{"text/latex": "$$x^2$$", "text/plain": "$x^2$"}},
		{"JSON", display.JSON(map[string]any{"a": 1}), display.MIMEMap{"application/json": map[string]any{"a": 1}, "text/plain": "map[a:1]"}},
		{"JavaScript", display.JavaScript("1"), display.MIMEMap{"application/javascript": "1", "text/plain": "1"}},
		{"Any detects PNG", display.Any("", []byte("\x89PNG\r\n\x1a\n")), display.MIMEMap{"image/png": []byte("\x89PNG\r\n\x1a\n"), "text/plain": "[image/png, 8 bytes]"}},
		{"Any of a string", display.Any("text/html", "<i>"), display.MIMEMap{"text/html": "<i>", "text/plain": "<i>"}},
		{"Auto of methods", display.Auto(table{}), display.MIMEMap{"text/html": "<table></table>", "text/markdown": "|a|", "text/plain": "display_test.table"}},
		{"Auto uses String for text", display.Auto(named{}), display.MIMEMap{"text/html": "<table></table>", "text/markdown": "|a|", "text/plain": "named table"}},
		{"Auto of SVG and PNG", display.Auto(chart{"<svg/>"}), display.MIMEMap{"image/svg+xml": "<svg/>", "image/png": []byte("\x89PNG"), "text/plain": "display_test.chart"}},
		{"Auto of a plain value", display.Auto(42), display.MIMEMap{"text/plain": "42"}},
		{"MIME as given", display.MIME(display.MIMEMap{"text/csv": "a,b"}, nil), display.MIMEMap{"text/csv": "a,b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.got.Data); diff != "" {
				t.Errorf("bundle (-want +got):\n%s", diff)
			}
		})
	}
}

func TestImage(t *testing.T) {
	d := display.Image(image.NewGray(image.Rect(0, 0, 4, 3)))
	if png, _ := d.Data["image/png"].([]byte); string(png[:4]) != "\x89PNG" {
		t.Errorf("image/png = %.8q, want PNG bytes", png)
	}
	want := display.MIMEMap{"image/png": display.MIMEMap{"width": 4, "height": 3}}
	if diff := cmp.Diff(want, d.Metadata); diff != "" {
		t.Errorf("metadata (-want +got):\n%s", diff)
	}
	if d.Data["text/plain"] != "[image 4x3]" {
		t.Errorf("text/plain = %q", d.Data["text/plain"])
	}
}

func TestDisplayOutsideANotebook(t *testing.T) {
	if err := display.Display(display.HTML("x")); err != nil {
		t.Errorf("Display with no handler = %v, want nil", err)
	}
	var got []display.Data
	prev := display.SetHandler(func(d display.Data) error { got = append(got, d); return nil })
	defer func() { display.SetHandler(prev) }()
	_ = display.Display(display.HTML("x"))
	if len(got) != 1 {
		t.Errorf("handler got %d bundles, want 1", len(got))
	}
}

type inlineChart struct{}

func (inlineChart) HTML() string {
	return "<!-- made by a test -->\n<svg viewBox=\"0 0 10 10\" width=\"100%\"><rect/></svg>\n"
}
func (inlineChart) SVG() string {
	return `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><title>Top &amp; more</title><rect/></svg>`
}
func (inlineChart) PNG() []byte    { return []byte("\x89PNG") }
func (inlineChart) String() string { return "a <chart>" }

type inlineOnly struct{}

func (inlineOnly) HTML() string { return ` <svg viewBox="0 0 1 1"></svg>` }

type scripted struct{}

func (scripted) HTML() string { return `<svg><script>x()</script></svg>` }

// TestPictureSafe: a chart's inline SVG becomes an <img> of its SVG
// document, which Notebook's sanitiser keeps for untrusted notebooks; HTML
// that is more than a picture is left alone.
func TestPictureSafe(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"the SVG document is the picture", inlineChart{},
			`<img alt="Top &amp; more" style="max-width:100%;height:auto" src="data:image/svg+xml;base64,PD94bWwgdmVyc2lvbj0iMS4wIj8+PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHdpZHRoPSIxMCIgaGVpZ2h0PSIxMCI+PHRpdGxlPlRvcCAmYW1wOyBtb3JlPC90aXRsZT48cmVjdC8+PC9zdmc+">`},
		{"an inline SVG alone gets its namespace; no title: the text form names it", inlineOnly{},
			`<img alt="display_test.inlineOnly" style="max-width:100%;height:auto" src="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHZpZXdCb3g9IjAgMCAxIDEiPjwvc3ZnPg==">`},
		{"a script keeps the HTML", scripted{}, `<svg><script>x()</script></svg>`},
		{"a table keeps the HTML", table{}, `<table></table>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := display.Auto(tt.v).Data["text/html"]
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("text/html (-want +got):\n%s", diff)
			}
		})
	}
	// A bundle built explicitly is the caller's choice and stays as it is.
	d := display.HTML(`<svg></svg>`)
	if got := display.Auto(d).Data["text/html"]; got != `<svg></svg>` {
		t.Errorf("explicit bundle changed: %q", got)
	}
}
