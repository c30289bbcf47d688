package netgraph

import (
	_ "embed"
	"encoding/base64"
	"fmt"
	"html"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

//go:embed netgraph.js
var script string

//go:embed netgraph.css
var style string

// Script returns the script that makes graphs interactive: it sets up every
// <svg class="ng"> element of the document it runs in, once. A page that
// holds graphs drawn without their own script includes it once.
func Script() string { return script }

// Options control how WriteSVG draws a graph.
type Options struct {
	// Inline writes an element for an HTML page: no XML declaration, width
	// following the container. Otherwise WriteSVG writes an SVG document.
	Inline bool
	// Script embeds Script in the SVG, so that it is interactive on its own
	// (opened in a browser, or inlined in a notebook). A page that holds
	// several graphs may leave it out and include Script once.
	Script bool
}

// SVG returns the graph as an interactive SVG document: opened in a browser
// it runs its embedded script; shown as an image it is the static drawing.
func (g *Graph) SVG() string {
	var sb strings.Builder
	g.WriteSVG(&sb, Options{Script: true})
	return sb.String()
}

// HTML returns the graph for notebooks and web pages: a <div class="ng">
// holding the static drawing as an <img> (an SVG document in a data: URI),
// the interactive SVG in its data-ng-svg attribute (base64), and Script.
// Where the script runs (a trusted notebook, a page that allows it) it swaps
// the picture for the interactive SVG; where it does not (an untrusted
// notebook, whose HTML Jupyter sanitises; a page without script) the
// picture stays, as a picture rather than as the drawing's text.
func (g *Graph) HTML() string {
	var static, live strings.Builder
	g.WriteSVG(&static, Options{})
	g.WriteSVG(&live, Options{Inline: true})
	var sb strings.Builder
	fmt.Fprintf(&sb, `<div class="ng" data-ng-svg="%s">`, base64.StdEncoding.EncodeToString([]byte(live.String())))
	fmt.Fprintf(&sb, `<img class="ng-static" alt="%s" style="max-width:100%%;height:auto" src="data:image/svg+xml;base64,%s">`,
		esc(g.Title), base64.StdEncoding.EncodeToString([]byte(static.String())))
	sb.WriteString("</div>\n<script>\n")
	sb.WriteString(script)
	sb.WriteString("</script>\n")
	return sb.String()
}

// esc escapes text for XML text and attribute values (and HTML's).
// Newlines become character references so they survive attribute value
// normalisation.
func esc(s string) string {
	return strings.ReplaceAll(html.EscapeString(s), "\n", "&#10;")
}

// num formats a coordinate.
func num(v float64) string { return strconv.FormatFloat(round2(v), 'f', -1, 64) }

// shorten cuts a label to at most n runes, ending it with an ellipsis.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

const maxLabel = 28

// radius is a node's circle radius: larger for more relationships.
func (n Node) radius() float64 {
	return round2(math.Min(8+2*math.Sqrt(float64(n.Out+n.In)), 24))
}

// edgeLabel is the text drawn on a link: its verb, or its first verb and
// how many more.
func edgeLabel(l Link) string {
	s := shorten(l.Relationships[0], maxLabel)
	if len(l.Relationships) > 1 {
		s += " (+" + strconv.Itoa(len(l.Relationships)-1) + ")"
	}
	return s
}

// WriteSVG writes the graph as SVG. Names and verbs are escaped wherever
// they appear (text, titles, attributes).
func (g *Graph) WriteSVG(w io.Writer, o Options) error {
	ew := &errWriter{w: w}
	id := sanitizeID(g.ID)
	width, height := g.Width, g.Height
	if width <= 0 {
		width = DefaultWidth
	}
	if height <= 0 {
		height = DefaultHeight
	}
	if !o.Inline {
		ew.printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	}
	size := fmt.Sprintf(`width="%s" height="%s"`, num(width), num(height))
	if o.Inline {
		size = `width="100%"`
	}
	ew.printf(`<svg xmlns="http://www.w3.org/2000/svg" class="ng" id="%s" viewBox="0 0 %s %s" %s role="img" aria-label="%s" data-nodes="%d" data-links="%d">`+"\n",
		id, num(width), num(height), size, esc(g.Title), len(g.Nodes), len(g.Links))
	ew.printf("<title>%s</title>\n", esc(g.Title))
	ew.printf("<desc>%s</desc>\n", esc(g.Description()))
	ew.printf("<style>%s</style>\n", strings.ReplaceAll(style, "#ID", "#"+id))
	ew.printf(`<defs>`)
	for _, m := range []struct{ suffix, class string }{{"arrow", "ng-head"}, {"arrow-hl", "ng-head ng-head-hl"}, {"arrow-sel", "ng-head ng-head-sel"}} {
		ew.printf(`<marker id="%s-%s" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" markerUnits="userSpaceOnUse" orient="auto"><path class="%s" d="M0,1L10,5L0,9z"/></marker>`,
			id, m.suffix, m.class)
	}
	ew.printf("</defs>\n")
	ew.printf(`<rect class="ng-bg" x="0" y="0" width="%s" height="%s"/>`+"\n", num(width), num(height))
	ew.printf(`<g class="ng-view">` + "\n")

	shapes := g.shapes()
	ew.printf(`<g class="ng-edges">` + "\n")
	for i, l := range g.Links {
		sh := shapes[i]
		class := "ng-elabel"
		if sh.hidden {
			class += " ng-more"
		}
		ew.printf(`<g class="ng-edge" data-i="%d" data-s="%d" data-t="%d" data-rel="%s">`, i, l.Source, l.Target, esc(strings.Join(l.Relationships, "\n")))
		ew.printf("<title>%s</title>", esc(linkTitle(g, l)))
		ew.printf(`<path class="ng-line" d="%s" marker-end="url(#%s-arrow)"/>`, sh.d, id)
		ew.printf(`<text class="%s" x="%s" y="%s" text-anchor="%s">%s</text></g>`+"\n", class, num(sh.lx), num(sh.ly), sh.anchor, esc(sh.label))
	}
	ew.printf("</g>\n")

	ew.printf(`<g class="ng-nodes">` + "\n")
	for i, n := range g.Nodes {
		class := "ng-node"
		if n.Out > 0 {
			class += " ng-actor"
		}
		r := n.radius()
		ew.printf(`<g class="%s" data-i="%d" data-name="%s" transform="translate(%s %s)" tabindex="0">`, class, i, esc(n.Name), num(n.X), num(n.Y))
		ew.printf("<title>%s</title>", esc(nodeTitle(g, i)))
		ew.printf(`<circle r="%s"/>`, num(r))
		ew.printf(`<text class="ng-label" y="%s" text-anchor="middle">%s</text></g>`+"\n", num(r+14), esc(shorten(n.Name, maxLabel)))
	}
	ew.printf("</g>\n</g>\n")
	if o.Script {
		// CDATA keeps the script's < and & literal in XML; HTML parsers
		// accept CDATA sections inside SVG too.
		ew.printf("<script><![CDATA[\n%s]]></script>\n", script)
	}
	ew.printf("</svg>\n")
	return ew.err
}

// shape is how a link is drawn.
type shape struct {
	d      string  // SVG path
	lx, ly float64 // label position
	anchor string  // label text-anchor
	label  string
	hidden bool // the label would overlap another: shown on hover only
}

// shapes computes the links' paths and labels. Labels are placed in link
// order; one that would cover a node, a node's label or an earlier edge
// label is hidden until its edge is highlighted or selected.
func (g *Graph) shapes() []shape {
	cx, cy := g.centroid()
	out := make([]shape, len(g.Links))
	type rect struct{ x0, y0, x1, y1 float64 }
	var taken []rect
	for i := range g.Nodes {
		l, r, u, d := g.box(i)
		n := g.Nodes[i]
		taken = append(taken, rect{n.X - l + 4, n.Y - u + 4, n.X + r - 4, n.Y + d - 4})
	}
	for i, l := range g.Links {
		sh := shape{anchor: "middle", label: edgeLabel(l)}
		if l.SelfLoop() {
			sh.d, sh.lx, sh.ly, sh.anchor = loopPath(g.Nodes[l.Source], cx, cy)
		} else {
			sh.d, sh.lx, sh.ly = linkPath(g.Nodes[l.Source], g.Nodes[l.Target], g.hasReverse(l))
		}
		w := labelWidth(sh.label, 10)
		x0 := sh.lx - w/2
		switch sh.anchor {
		case "start":
			x0 = sh.lx
		case "end":
			x0 = sh.lx - w
		}
		box := rect{x0 - 2, sh.ly - 10, x0 + w + 2, sh.ly + 3}
		for _, t := range taken {
			if box.x0 < t.x1 && t.x0 < box.x1 && box.y0 < t.y1 && t.y0 < box.y1 {
				sh.hidden = true
				break
			}
		}
		if !sh.hidden {
			taken = append(taken, box)
		}
		out[i] = sh
	}
	return out
}

// Description says in words what the drawing shows and how to read it.
func (g *Graph) Description() string {
	return fmt.Sprintf("%d data elements and %d relationships, drawn as %d arrows: each arrow joins a source to a target "+
		"and carries every relationship between them (its label shows the first verb and how many more); "+
		"a pair related both ways has two curved arrows; a relationship of an element with itself is a loop (%d).",
		len(g.Nodes), g.Relationships(), len(g.Links), g.SelfLoops())
}

func linkTitle(g *Graph, l Link) string {
	return g.Nodes[l.Source].Name + " → " + g.Nodes[l.Target].Name + ": " + strings.Join(l.Relationships, ", ")
}

func nodeTitle(g *Graph, i int) string {
	var b strings.Builder
	b.WriteString(g.Nodes[i].Name)
	for _, l := range g.Links {
		switch {
		case l.Source == i && l.Target == i:
			b.WriteString("\n↻ itself: ")
		case l.Source == i:
			b.WriteString("\n→ " + g.Nodes[l.Target].Name + ": ")
		case l.Target == i:
			b.WriteString("\n← " + g.Nodes[l.Source].Name + ": ")
		default:
			continue
		}
		b.WriteString(strings.Join(l.Relationships, ", "))
	}
	return b.String()
}

func (g *Graph) centroid() (x, y float64) {
	for _, n := range g.Nodes {
		x += n.X
		y += n.Y
	}
	return x / float64(len(g.Nodes)), y / float64(len(g.Nodes))
}

// linkPath draws an arrow from s to t, stopping at the circles' edges;
// curved when the pair is linked both ways, so the two arrows stay apart.
// It returns the path and where the label goes.
func linkPath(s, t Node, curved bool) (d string, lx, ly float64) {
	dx, dy := t.X-s.X, t.Y-s.Y
	length := math.Hypot(dx, dy)
	if length < 1e-6 {
		length = 1e-6
	}
	ux, uy := dx/length, dy/length
	if !curved {
		x1, y1 := s.X+float64(ux*s.radius()), s.Y+float64(uy*s.radius())
		x2, y2 := t.X-float64(ux*(t.radius()+1)), t.Y-float64(uy*(t.radius()+1))
		return "M" + num(x1) + "," + num(y1) + "L" + num(x2) + "," + num(y2), (s.X + t.X) / 2, (s.Y+t.Y)/2 - 3
	}
	// Bend to the left of the direction of travel: the reverse arrow bends
	// the other way.
	off := float64(length * 0.18)
	nx, ny := uy, -ux
	mx, my := (s.X+t.X)/2+float64(nx*off), (s.Y+t.Y)/2+float64(ny*off)
	// Leave the circles in the direction of the control point.
	x1, y1 := toward(s.X, s.Y, mx, my, s.radius())
	x2, y2 := toward(t.X, t.Y, mx, my, t.radius()+1)
	lx = float64(0.25*x1) + float64(0.5*mx) + float64(0.25*x2)
	ly = float64(0.25*y1) + float64(0.5*my) + float64(0.25*y2)
	return "M" + num(x1) + "," + num(y1) + "Q" + num(mx) + "," + num(my) + " " + num(x2) + "," + num(y2), lx, ly - 3
}

// toward returns the point at distance r from (x, y) toward (tx, ty).
func toward(x, y, tx, ty, r float64) (float64, float64) {
	dx, dy := tx-x, ty-y
	l := math.Hypot(dx, dy)
	if l < 1e-6 {
		return x, y
	}
	return x + float64(dx/l*r), y + float64(dy/l*r)
}

// loopPath draws a loop from a node back to itself, on the side away from
// the drawing's centre (cx, cy), and returns where its label goes.
func loopPath(n Node, cx, cy float64) (d string, lx, ly float64, anchor string) {
	theta := math.Atan2(n.Y-cy, n.X-cx)
	if math.Hypot(n.X-cx, n.Y-cy) < 1 {
		theta = -math.Pi / 2
	}
	r := n.radius()
	at := func(angle, dist float64) (float64, float64) {
		return n.X + float64(dist*math.Cos(angle)), n.Y + float64(dist*math.Sin(angle))
	}
	x1, y1 := at(theta-0.5, r)
	c1x, c1y := at(theta-0.8, r+40)
	c2x, c2y := at(theta+0.8, r+40)
	x2, y2 := at(theta+0.5, r+1)
	lx, ly = at(theta, r+38)
	switch c := math.Cos(theta); {
	case c > 0.5:
		anchor = "start"
	case c < -0.5:
		anchor = "end"
	default:
		anchor = "middle"
	}
	if math.Sin(theta) > 0.5 {
		ly += 9
	}
	return "M" + num(x1) + "," + num(y1) + "C" + num(c1x) + "," + num(c1y) + " " + num(c2x) + "," + num(c2y) + " " + num(x2) + "," + num(y2), lx, ly, anchor
}

// sanitizeID keeps letters, digits, '-' and '_', so that the ID is safe
// in attributes, CSS selectors and url() references.
func sanitizeID(id string) string {
	var b strings.Builder
	for _, r := range id {
		if r < utf8.RuneSelf && (r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 || b.String()[0] >= '0' && b.String()[0] <= '9' || b.String()[0] == '-' {
		return "ng" + b.String()
	}
	return b.String()
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err != nil {
		return
	}
	if len(args) == 0 {
		_, e.err = io.WriteString(e.w, format)
		return
	}
	_, e.err = fmt.Fprintf(e.w, format, args...)
}
