package display

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"os"
	"strings"
	"sync"
)

// MIME types with a constructor in this package.
const (
	MIMETypeHTML       = "text/html"
	MIMETypeJavaScript = "application/javascript"
	MIMETypeJPEG       = "image/jpeg"
	MIMETypeJSON       = "application/json"
	MIMETypeLatex      = "text/latex"
	MIMETypeMarkdown   = "text/markdown"
	MIMETypePNG        = "image/png"
	MIMETypePDF        = "application/pdf"
	MIMETypeSVG        = "image/svg+xml"
	MIMETypeText       = "text/plain"
)

// MIMEMap maps a MIME type to content: a string for text formats, []byte for
// binary ones (sent base64-encoded), a map for JSON.
type MIMEMap = map[string]any

// Data is a display bundle: what Jupyter's display_data message carries.
type Data = struct {
	Data      MIMEMap
	Metadata  MIMEMap
	Transient MIMEMap
}

// Renderer is implemented by values that build their whole bundle.
type Renderer = interface{ Render() Data }

// SimpleRenderer is implemented by values that build the data part of a bundle.
type SimpleRenderer = interface{ SimpleRender() MIMEMap }

// One-method interfaces, one per MIME type; a value may implement several and
// then carries several representations.
type (
	HTMLer       = interface{ HTML() string }
	SVGer        = interface{ SVG() string }
	PNGer        = interface{ PNG() []byte }
	JPEGer       = interface{ JPEG() []byte }
	PDFer        = interface{ PDF() []byte }
	Markdowner   = interface{ Markdown() string }
	Latexer      = interface{ Latex() string }
	JSONer       = interface{ JSON() map[string]any }
	JavaScripter = interface{ JavaScript() string }
)

// MaxText is the length at which a text/plain form made from a value is cut.
const MaxText = 200

// MakeData returns a bundle holding data under mimeType and a text/plain form.
// The text/plain form of binary data is a short description, never the bytes.
func MakeData(mimeType string, data any) Data {
	d := Data{Data: MIMEMap{mimeType: data}}
	if mimeType != MIMETypeText {
		if b, ok := data.([]byte); ok {
			d.Data[MIMETypeText] = fmt.Sprintf("[%s, %d bytes]", mimeType, len(b))
		} else {
			d.Data[MIMETypeText] = PlainText(data)
		}
	}
	return d
}

// MakeData3 returns a bundle holding data under mimeType and plaintext as text/plain.
func MakeData3(mimeType, plaintext string, data any) Data {
	return Data{Data: MIMEMap{MIMETypeText: plaintext, mimeType: data}}
}

// PlainText returns a short text form of v: strings and Stringers as they are
// (cut at MaxText runes), byte slices as "[N bytes]", other values with fmt.
func PlainText(v any) string {
	var s string
	switch v := v.(type) {
	case []byte:
		return fmt.Sprintf("[%d bytes]", len(v))
	case string:
		s = v
	case image.Image:
		b := v.Bounds()
		return fmt.Sprintf("[image %dx%d]", b.Dx(), b.Dy())
	default:
		s = fmt.Sprint(v)
	}
	return cut(s, MaxText)
}

func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// HTML returns a text/html bundle.
func HTML(html string) Data { return MakeData(MIMETypeHTML, html) }

// SVG returns an image/svg+xml bundle.
func SVG(svg string) Data {
	return MakeData3(MIMETypeSVG, fmt.Sprintf("[%s, %d bytes]", MIMETypeSVG, len(svg)), svg)
}

// PNG returns an image/png bundle.
func PNG(png []byte) Data { return MakeData(MIMETypePNG, png) }

// JPEG returns an image/jpeg bundle.
func JPEG(jpeg []byte) Data { return MakeData(MIMETypeJPEG, jpeg) }

// PDF returns an application/pdf bundle.
func PDF(pdf []byte) Data { return MakeData(MIMETypePDF, pdf) }

// Markdown returns a text/markdown bundle.
func Markdown(markdown string) Data { return MakeData(MIMETypeMarkdown, markdown) }

// JavaScript returns an application/javascript bundle.
func JavaScript(javascript string) Data { return MakeData(MIMETypeJavaScript, javascript) }

// JSON returns an application/json bundle.
func JSON(json map[string]any) Data { return MakeData(MIMETypeJSON, json) }

// Latex returns a text/latex bundle for inline math: latex is wrapped in $…$.
func Latex(latex string) Data {
	return MakeData3(MIMETypeLatex, latex, "$"+strings.Trim(latex, "$")+"$")
}

// Math returns a text/latex bundle for display math: latex is wrapped in $$…$$.
func Math(latex string) Data {
	return MakeData3(MIMETypeLatex, latex, "$$"+strings.Trim(latex, "$")+"$$")
}

// MIME returns a bundle made of data and metadata as given.
func MIME(data, metadata MIMEMap) Data { return Data{Data: data, Metadata: metadata} }

// Image returns an image/png bundle of img with its width and height as
// metadata. If img cannot be encoded, the bundle holds only the error as text.
func Image(img image.Image) Data {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return MakeData(MIMETypeText, "display: cannot encode image: "+err.Error())
	}
	b := img.Bounds()
	return Data{
		Data:     MIMEMap{MIMETypePNG: buf.Bytes(), MIMETypeText: fmt.Sprintf("[image %dx%d]", b.Dx(), b.Dy())},
		Metadata: MIMEMap{MIMETypePNG: MIMEMap{"width": b.Dx(), "height": b.Dy()}},
	}
}

// Any returns a bundle of data under mimeType. A string is taken as is, a
// []byte too (its MIME type is detected when mimeType is empty); other values
// go through Auto.
func Any(mimeType string, data any) Data {
	switch v := data.(type) {
	case string:
		if mimeType == "" {
			return MakeData(MIMETypeText, v)
		}
		return MakeData(mimeType, v)
	case []byte:
		if mimeType == "" {
			mimeType = http.DetectContentType(v)
			if i := strings.IndexByte(mimeType, ';'); i >= 0 {
				mimeType = mimeType[:i]
			}
		}
		if strings.HasPrefix(mimeType, "text/") || mimeType == MIMETypeSVG {
			return MakeData(mimeType, string(v))
		}
		return MakeData(mimeType, v)
	}
	return Auto(data)
}

// File returns a bundle of the file at path under mimeType (detected when
// empty). An unreadable file gives a bundle holding the error as text.
func File(mimeType, path string) Data {
	b, err := os.ReadFile(path)
	if err != nil {
		return MakeData(MIMETypeText, "display: "+err.Error())
	}
	return Any(mimeType, b)
}

// Auto returns the bundle of v: a Data as it is; otherwise one entry per
// rendering method v has (Render, SimpleRender, HTML, SVG, PNG, JPEG, PDF,
// Markdown, Latex, JSON, JavaScript) or a PNG of an image.Image; and always a
// text/plain form. An HTML form that is only an inline SVG becomes an <img>
// of the SVG (see PictureSafe), so the picture survives in untrusted
// notebooks.
func Auto(v any) Data {
	d, _ := Render(v)
	return d
}

// Render is Auto that also reports whether v had a rich representation.
func Render(v any) (Data, bool) {
	if d, ok := v.(Data); ok {
		return withText(d, v, true), true
	}
	if d, ok := v.(*Data); ok && d != nil {
		return withText(*d, v, true), true
	}
	var d Data
	rich := false
	set := func(mime string, x any) {
		if d.Data == nil {
			d.Data = MIMEMap{}
		}
		d.Data[mime] = x
		rich = true
	}
	if r, ok := v.(Renderer); ok {
		x := r.Render()
		d = Data{Data: merge(d.Data, x.Data), Metadata: merge(d.Metadata, x.Metadata), Transient: merge(d.Transient, x.Transient)}
		rich = true
	}
	if r, ok := v.(SimpleRenderer); ok {
		d.Data = merge(d.Data, r.SimpleRender())
		rich = true
	}
	if r, ok := v.(HTMLer); ok {
		set(MIMETypeHTML, r.HTML())
	}
	if r, ok := v.(SVGer); ok {
		set(MIMETypeSVG, r.SVG())
	}
	if r, ok := v.(PNGer); ok {
		set(MIMETypePNG, r.PNG())
	}
	if r, ok := v.(JPEGer); ok {
		set(MIMETypeJPEG, r.JPEG())
	}
	if r, ok := v.(PDFer); ok {
		set(MIMETypePDF, r.PDF())
	}
	if r, ok := v.(Markdowner); ok {
		set(MIMETypeMarkdown, r.Markdown())
	}
	if r, ok := v.(Latexer); ok {
		set(MIMETypeLatex, r.Latex())
	}
	if r, ok := v.(JSONer); ok {
		set(MIMETypeJSON, r.JSON())
	}
	if r, ok := v.(JavaScripter); ok {
		set(MIMETypeJavaScript, r.JavaScript())
	}
	if !rich {
		if img, ok := v.(image.Image); ok {
			return Image(img), true
		}
	}
	return PictureSafe(withText(d, v, rich)), rich
}

// withText adds a text/plain form to d when it has none. A value shown richly
// is named by its String method or else its type, not dumped field by field.
func withText(d Data, v any, rich bool) Data {
	if d.Data == nil {
		d.Data = MIMEMap{}
	}
	if s, ok := d.Data[MIMETypeText].(string); ok && s != "" {
		return d
	}
	switch s, isStringer := v.(fmt.Stringer); {
	case !rich:
		d.Data[MIMETypeText] = PlainText(v)
	case isStringer:
		d.Data[MIMETypeText] = cut(s.String(), MaxText)
	default:
		d.Data[MIMETypeText] = fmt.Sprintf("%T", v)
	}
	return d
}

func merge(dst, src MIMEMap) MIMEMap {
	if len(src) == 0 {
		return dst
	}
	if dst == nil {
		dst = MIMEMap{}
	}
	for k, v := range src {
		dst[k] = v
	}
	return dst
}

var (
	mu      sync.Mutex
	handler func(Data) error
)

// Display sends d to the notebook running the current cell. Outside a
// notebook it does nothing and returns nil.
func Display(d Data) error {
	mu.Lock()
	h := handler
	mu.Unlock()
	if h == nil {
		return nil
	}
	return h(d)
}

// SetHandler makes Display send bundles to h (nil: nowhere) and returns the
// previous handler. The cell engine calls it; library code does not need to.
func SetHandler(h func(Data) error) (previous func(Data) error) {
	mu.Lock()
	defer mu.Unlock()
	previous, handler = handler, h
	return previous
}
