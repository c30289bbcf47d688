package chart

import (
	"bytes"
	"image/png"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/internal/golden"
	"github.com/huntbook/huntbook/pkg/frame"
)

const goldenDir = "../../testdata/chart"

// checkGolden compares got with the named file under goldenDir (-update rewrites it).
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	golden.Check(t, filepath.Join(goldenDir, name), []byte(got))
}

// The seed notebook's top data sources on the real mapping (pandas 1.5.3).
var seedLabels = []string{"process", "file", "command", "network traffic", "windows registry", "module",
	"application log", "user account", "logon session", "service", "active directory", "script",
	"sensor health", "scheduled job", "instance"}
var seedValues = []float64{176, 173, 155, 121, 49, 35, 28, 24, 22, 18, 15, 10, 10, 9, 7}

func TestBarGolden(t *testing.T) {
	tests := []struct {
		name string
		bar  *Bar
	}{
		{"top15_data_source.svg", &Bar{Title: "Count of sub-techniques per Data Source (Top 15)", Labels: seedLabels, Values: seedValues}},
		{"small_horizontal.svg", &Bar{Title: "Small", XLabel: "kind", YLabel: "count", Labels: []string{"a", "b", "c"},
			Values: []float64{3, 1, 0}, Width: 300, Height: 200, LabelAngle: -1, HideValues: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.bar.SVG()
			if again := tt.bar.SVG(); again != got {
				t.Fatal("two renderings of the same chart differ")
			}
			checkGolden(t, tt.name, got)
		})
	}
}

func TestNewBarErrors(t *testing.T) {
	tests := []struct {
		name   string
		labels []string
		values []float64
		want   string
	}{
		{"lengths", []string{"a"}, []float64{1, 2}, "chart: 1 labels for 2 values"},
		{"empty", nil, nil, "chart: no bars to draw"},
		{"negative", []string{"a", "b"}, []float64{1, -2}, `chart: value 1 ("b") is -2; bars need finite values of at least 0`},
		{"nan", []string{"a"}, []float64{frame.NaN().(float64)}, `chart: value 0 ("a") is NaN; bars need finite values of at least 0`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewBar("t", tt.labels, tt.values)
			if err == nil {
				t.Fatal("no error")
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFromSeries(t *testing.T) {
	f := frame.New([]string{"c"}, [][]any{{"b"}, {"a"}, {"b"}, {nil}, {"c"}, {"b"}})
	b, err := FromSeries("t", f.ValueCounts("c"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"b", "a", "c"}, b.Labels); diff != "" {
		t.Errorf("labels (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]float64{3, 1, 1}, b.Values); diff != "" {
		t.Errorf("values (-want +got):\n%s", diff)
	}
	if _, err := FromSeries("t", f.ValueCounts("missing")); err == nil {
		t.Error("a series carrying an error made a chart")
	}
}

func TestPNG(t *testing.T) {
	b := &Bar{Title: "t", Labels: []string{"a", "b"}, Values: []float64{1, 2}, Width: 240, Height: 120, DPI: 72}
	data := b.PNG()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if got := img.Bounds().Size(); got.X != 240 || got.Y != 120 {
		t.Errorf("size %v, want 240x120", got)
	}
	if !bytes.Equal(data, b.PNG()) {
		t.Error("two PNG renderings differ")
	}
	if (&Bar{}).PNG() != nil {
		t.Error("an empty chart made a PNG")
	}
}

func TestHostileLabels(t *testing.T) {
	evil := []string{`<script>alert(1)</script>`, `"><img src=x onerror=alert(1)>`}
	b := &Bar{Title: evil[1], Labels: evil, Values: []float64{1, 2}}
	for name, out := range map[string]string{"SVG": b.SVG(), "HTML": b.HTML()} {
		for _, bad := range []string{"<script", "<img", `"><`} {
			if strings.Contains(out, bad) {
				t.Errorf("%s contains %q unescaped", name, bad)
			}
		}
		if !strings.Contains(out, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("%s lost the label's text", name)
		}
	}
}

func TestHTMLInline(t *testing.T) {
	b := &Bar{Title: "t", Labels: []string{"a"}, Values: []float64{1}, Width: 300, Height: 150}
	got := b.HTML()
	if strings.HasPrefix(got, "<?xml") {
		t.Error("HTML starts with an XML declaration")
	}
	start := got[strings.Index(got, "<svg "):]
	start = start[:strings.IndexByte(start, '>')]
	if !strings.Contains(start, `width="100%"`) || strings.Contains(start, "height=") || !strings.Contains(start, `viewBox="0 0 300 150"`) {
		t.Errorf("start tag %q does not scale with its container", start)
	}
	if got := (&Bar{}).SVG(); !strings.Contains(got, "chart: 0 labels") && !strings.Contains(got, "chart: no bars") {
		t.Errorf("an empty chart rendered %q", got)
	}
}
