package display

import (
	"encoding/base64"
	"html"
	"strings"
)

// ImageHTML returns an <img> element showing svg as a picture: the SVG
// document travels base64-encoded in a data: URI, scaled to the width of its
// container. Front ends that sanitise the HTML of untrusted notebooks
// (Notebook 6, nbclassic, JupyterLab) keep <img> with a data: URI, so the
// element stays a picture where an inline <svg> would be reduced to its text.
// Scripts inside svg never run in an <img>.
func ImageHTML(svg, alt string) string {
	var b strings.Builder
	b.WriteString(`<img alt="`)
	b.WriteString(html.EscapeString(alt))
	b.WriteString(`" style="max-width:100%;height:auto" src="data:image/svg+xml;base64,`)
	b.WriteString(base64.StdEncoding.EncodeToString([]byte(svg)))
	b.WriteString(`">`)
	return b.String()
}

// PictureSafe returns d with a text/html form that survives the sanitiser of
// untrusted notebooks. An HTML form that is only an inline <svg> element
// without a script (as charts make) becomes ImageHTML of the bundle's
// image/svg+xml document (which has its own size), or of the inline element
// when the bundle has no document; any other bundle is returned unchanged.
// The front end still prefers text/html over image/svg+xml and image/png, so
// the picture is what a reader sees whether the notebook is trusted or not.
func PictureSafe(d Data) Data {
	h, ok := d.Data[MIMETypeHTML].(string)
	if !ok || !inlineSVG(h) {
		return d
	}
	svg, ok := d.Data[MIMETypeSVG].(string)
	if !ok || !strings.Contains(svg, "<svg") {
		svg = withNamespace(skipProlog(h))
	}
	alt := svgTitle(svg)
	if alt == "" {
		alt, _ = d.Data[MIMETypeText].(string)
	}
	data := make(MIMEMap, len(d.Data))
	for k, v := range d.Data {
		data[k] = v
	}
	data[MIMETypeHTML] = ImageHTML(svg, alt)
	d.Data = data
	return d
}

// inlineSVG reports whether h is an <svg> element and nothing else (but
// comments before it), with no script in it.
func inlineSVG(h string) bool {
	t := strings.ToLower(skipProlog(h))
	return strings.HasPrefix(t, "<svg") && strings.HasSuffix(t, "</svg>") && !strings.Contains(t, "<script")
}

// svgTitle returns the text of the first <title> element of svg (the
// picture's name, for the <img>'s alt text), or "".
func svgTitle(svg string) string {
	i := strings.Index(svg, "<title>")
	if i < 0 {
		return ""
	}
	rest := svg[i+len("<title>"):]
	j := strings.Index(rest, "</title>")
	if j < 0 || j > 1000 {
		return ""
	}
	return html.UnescapeString(rest[:j])
}

// skipProlog returns h without the space, comments and XML declaration
// before its first element.
func skipProlog(h string) string {
	for {
		h = strings.TrimSpace(h)
		var end string
		switch {
		case strings.HasPrefix(h, "<!--"):
			end = "-->"
		case strings.HasPrefix(h, "<?"):
			end = "?>"
		default:
			return h
		}
		i := strings.Index(h, end)
		if i < 0 {
			return h
		}
		h = h[i+len(end):]
	}
}

// withNamespace gives an inline <svg> element the SVG namespace, without
// which a browser does not draw it as an image.
func withNamespace(svg string) string {
	end := strings.IndexByte(svg, '>')
	if end < 0 || strings.Contains(svg[:end], "xmlns=") {
		return svg
	}
	return `<svg xmlns="http://www.w3.org/2000/svg"` + svg[len("<svg"):]
}
