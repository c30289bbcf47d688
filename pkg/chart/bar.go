package chart

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"image/color"
	"io"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/huntbook/huntbook/pkg/frame"
)

// Default sizes and colours of a Bar.
const (
	DefaultWidth  = 9 * vg.Inch
	DefaultHeight = 5.5 * vg.Inch
	DefaultDPI    = 96
)

// DefaultColor is the bar colour when Bar.Color is nil: the blue plotly drew
// the seed notebook's bars in.
var DefaultColor color.Color = color.RGBA{R: 0x63, G: 0x6e, B: 0xfa, A: 0xff}

// Bar is a vertical bar chart: one bar per label, in the order given.
type Bar struct {
	Title  string
	XLabel string // below the axis; "" for none
	YLabel string // beside the axis; "" for none
	Labels []string
	Values []float64

	// Width and Height are the chart's size; zero means DefaultWidth and
	// DefaultHeight.
	Width, Height vg.Length
	// DPI is the PNG resolution; zero means DefaultDPI.
	DPI int
	// Color fills the bars; nil means DefaultColor.
	Color color.Color
	// HideValues leaves out the count printed above each bar.
	HideValues bool
	// LabelAngle rotates the category labels, in degrees counter-clockwise;
	// zero means 45, a negative value keeps them horizontal.
	LabelAngle float64
}

// NewBar returns a bar chart of values by label. It is an error for the
// lengths to differ, for there to be no bar, or for a value to be negative,
// NaN or infinite.
func NewBar(title string, labels []string, values []float64) (*Bar, error) {
	b := &Bar{Title: title, Labels: labels, Values: values}
	if err := b.validate(); err != nil {
		return nil, err
	}
	return b, nil
}

// FromSeries returns a bar chart of a count series such as
// frame.ValueCounts(...).NLargest(15): its index labels the bars.
func FromSeries(title string, s *frame.Series) (*Bar, error) {
	if s == nil {
		return nil, errors.New("chart: nil series")
	}
	if err := s.Err(); err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	return NewBar(title, s.Labels(), s.Floats())
}

func (b *Bar) validate() error {
	if len(b.Labels) != len(b.Values) {
		return fmt.Errorf("chart: %d labels for %d values", len(b.Labels), len(b.Values))
	}
	if len(b.Values) == 0 {
		return errors.New("chart: no bars to draw")
	}
	for i, v := range b.Values {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return fmt.Errorf("chart: value %d (%q) is %v; bars need finite values of at least 0", i, b.Labels[i], v)
		}
	}
	return nil
}

func (b *Bar) size() (w, h vg.Length) {
	w, h = b.Width, b.Height
	if w <= 0 {
		w = DefaultWidth
	}
	if h <= 0 {
		h = DefaultHeight
	}
	return w, h
}

// Plot builds the gonum/plot plot, for callers who want to restyle it.
func (b *Bar) Plot() (*plot.Plot, error) {
	if err := b.validate(); err != nil {
		return nil, err
	}
	p := plot.New()
	p.Title.Text = b.Title
	p.Title.TextStyle.Font.Size = vg.Points(14)
	p.Title.Padding = vg.Points(8)
	p.X.Label.Text = b.XLabel
	p.Y.Label.Text = b.YLabel
	p.X.Tick.Label.Font.Size = vg.Points(10)
	p.Y.Tick.Label.Font.Size = vg.Points(10)
	p.Y.Tick.Marker = integerTicks{}
	grid := plotter.NewGrid()
	grid.Vertical.Width = 0
	grid.Horizontal.Color = color.Gray{Y: 0xdd}
	p.Add(grid)
	p.X.Padding = vg.Points(2)

	max := 0.0
	vals := make(plotter.Values, len(b.Values))
	for i, v := range b.Values {
		vals[i] = v
		if v > max {
			max = v
		}
	}
	w, _ := b.size()
	barWidth := (w - vg.Inch) / vg.Length(len(vals)) * 0.7
	if barWidth > vg.Inch {
		barWidth = vg.Inch
	}
	bars, err := plotter.NewBarChart(vals, barWidth)
	if err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	bars.LineStyle.Width = 0
	bars.Color = b.Color
	if bars.Color == nil {
		bars.Color = DefaultColor
	}
	p.Add(bars)

	if !b.HideValues {
		xys := make(plotter.XYs, len(vals))
		text := make([]string, len(vals))
		for i, v := range vals {
			xys[i] = plotter.XY{X: float64(i), Y: v}
			text[i] = strconv.FormatFloat(v, 'f', -1, 64)
		}
		labels, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: text})
		if err != nil {
			return nil, fmt.Errorf("chart: %w", err)
		}
		for i := range labels.TextStyle {
			labels.TextStyle[i].Font.Size = vg.Points(9)
			labels.TextStyle[i].Font.Typeface = "Liberation"
			labels.TextStyle[i].Font.Variant = "Sans"
			labels.TextStyle[i].XAlign = draw.XCenter
			labels.TextStyle[i].YAlign = draw.YBottom
		}
		labels.Offset = vg.Point{Y: vg.Points(2)}
		p.Add(labels)
	}

	p.NominalX(b.Labels...)
	p.X.Tick.Label.Font.Size = vg.Points(10)
	angle := b.LabelAngle
	if angle == 0 {
		angle = 45
	}
	if angle > 0 {
		p.X.Tick.Label.Rotation = angle * math.Pi / 180
		p.X.Tick.Label.XAlign = draw.XRight
		p.X.Tick.Label.YAlign = draw.YCenter
	}
	p.X.Tick.Length = 0
	p.X.LineStyle.Width = vg.Points(0.5)
	p.X.Min = -0.6
	p.X.Max = float64(len(vals)) - 0.4
	p.Y.Min = 0
	p.Y.Max = niceMax(max)
	for _, st := range []*text.Style{&p.Title.TextStyle, &p.X.Label.TextStyle, &p.Y.Label.TextStyle, &p.X.Tick.Label, &p.Y.Tick.Label} {
		st.Font.Typeface = "Liberation"
		st.Font.Variant = "Sans"
	}
	return p, nil
}

// niceMax leaves room above the tallest bar for its value label and ends
// the axis on a labelled tick.
func niceMax(max float64) float64 {
	if max <= 0 {
		return 1
	}
	top := max * 1.06
	step := tickStep(top)
	return math.Ceil(top/step) * step
}

// tickStep is 1, 2 or 5 times a power of ten, the smallest that labels span
// with at most eight steps.
func tickStep(span float64) float64 {
	step := 1.0
	for span/step > 8 {
		switch {
		case isPow10(step):
			step *= 2
		case isPow10(step / 2):
			step = step / 2 * 5
		default:
			step *= 2
		}
	}
	return step
}

// integerTicks labels whole numbers at a step of 1, 2 or 5 times a power of
// ten that gives at most eight labels: counts have no halves.
type integerTicks struct{}

func (integerTicks) Ticks(min, max float64) []plot.Tick {
	step := tickStep(max - min)
	var out []plot.Tick
	for v := math.Ceil(min/step) * step; v <= max; v += step {
		out = append(out, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)})
	}
	return out
}

func isPow10(x float64) bool {
	l := math.Log10(x)
	return l == math.Trunc(l)
}

// WriteSVG writes the chart as a standalone SVG document.
func (b *Bar) WriteSVG(w io.Writer) error {
	p, err := b.Plot()
	if err != nil {
		return err
	}
	width, height := b.size()
	c := vgsvg.New(width, height)
	p.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return fmt.Errorf("chart: writing SVG: %w", err)
	}
	_, err = io.WriteString(w, b.polishSVG(buf.String()))
	return err
}

// polishSVG gives gonum/plot's SVG font fallbacks, a title for screen
// readers and a class for style sheets.
func (b *Bar) polishSVG(s string) string {
	s = strings.ReplaceAll(s, "font-family:Liberation Sans;", "font-family:'Liberation Sans',Arial,Helvetica,sans-serif;")
	s = strings.ReplaceAll(s, "font-family:Liberation Serif;", "font-family:'Liberation Serif','Times New Roman',Times,serif;")
	s = strings.ReplaceAll(s, "font-family:Liberation Mono;", "font-family:'Liberation Mono','Courier New',Courier,monospace;")
	s = strings.Replace(s, "<!-- Generated by SVGo and Plotinum VG -->\n", "<!-- Generated by huntbook with gonum/plot -->\n", 1)
	s = strings.Replace(s, "<svg ", `<svg class="chart" role="img" aria-label="`+html.EscapeString(b.Title)+`" `, 1)
	if i := strings.Index(s, "<svg "); i >= 0 && b.Title != "" {
		if j := strings.IndexByte(s[i:], '>'); j >= 0 {
			k := i + j + 1 // just after the <svg ...> start tag
			s = s[:k] + "\n<title>" + html.EscapeString(b.Title) + "</title>" + s[k:]
		}
	}
	return s
}

// WritePNG writes the chart as a PNG image at b.DPI.
func (b *Bar) WritePNG(w io.Writer) error {
	p, err := b.Plot()
	if err != nil {
		return err
	}
	dpi := b.DPI
	if dpi <= 0 {
		dpi = DefaultDPI
	}
	width, height := b.size()
	c := vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(dpi), vgimg.UseBackgroundColor(color.White))
	p.Draw(draw.New(c))
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(w); err != nil {
		return fmt.Errorf("chart: writing PNG: %w", err)
	}
	return nil
}

// SVG returns the chart as an SVG document. A chart that cannot be drawn
// returns a small SVG stating why.
func (b *Bar) SVG() string {
	var sb strings.Builder
	if err := b.WriteSVG(&sb); err != nil {
		return errorSVG(err)
	}
	return sb.String()
}

// PNG returns the chart as a PNG image, or nil if it cannot be drawn.
func (b *Bar) PNG() []byte {
	var buf bytes.Buffer
	if err := b.WritePNG(&buf); err != nil {
		return nil
	}
	return buf.Bytes()
}

// HTML returns the chart as an inline SVG element (no XML declaration),
// scaled to the width of its container, for notebooks and web pages.
func (b *Bar) HTML() string {
	return Inline(b.SVG())
}

// Inline turns an SVG document made by this package into an element for an
// HTML page: no XML declaration, width following the container.
func Inline(svg string) string {
	if strings.HasPrefix(svg, "<?xml") {
		if i := strings.Index(svg, "?>\n"); i >= 0 {
			svg = svg[i+3:]
		}
	}
	if i := strings.Index(svg, "<svg "); i >= 0 {
		rest := svg[i:]
		if j := strings.Index(rest, ">"); j >= 0 {
			tag := rest[:j]
			tag = replaceAttr(tag, "width", "100%")
			tag = removeAttr(tag, "height")
			svg = svg[:i] + tag + rest[j:]
		}
	}
	return svg
}

// attrValue finds attribute name in an XML start tag: the start of ` name="`,
// and the start and end of its value.
func attrValue(tag, name string) (attr, from, to int, ok bool) {
	key := " " + name + `="`
	attr = strings.Index(tag, key)
	if attr < 0 {
		return 0, 0, 0, false
	}
	from = attr + len(key)
	j := strings.IndexByte(tag[from:], '"')
	if j < 0 {
		return 0, 0, 0, false
	}
	return attr, from, from + j, true
}

// replaceAttr sets the value of attribute name in an XML start tag.
func replaceAttr(tag, name, value string) string {
	if _, from, to, ok := attrValue(tag, name); ok {
		return tag[:from] + value + tag[to:]
	}
	return tag
}

// removeAttr deletes attribute name from an XML start tag.
func removeAttr(tag, name string) string {
	if attr, _, to, ok := attrValue(tag, name); ok {
		return tag[:attr] + tag[to+1:]
	}
	return tag
}

func errorSVG(err error) string {
	return `<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-error" width="480" height="40" viewBox="0 0 480 40">` +
		`<text x="8" y="24" font-family="sans-serif" font-size="13" fill="#b00020">` +
		html.EscapeString(err.Error()) + "</text></svg>\n"
}
