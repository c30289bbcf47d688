package interp

import (
	"strings"
	"testing"
)

// TestHuntbookPackages runs the seed notebook's steps in cells with the
// packages from the generated tables: the demo mapping, the analysis, a bar
// chart and the relationship graph, each rendered by its own methods.
func TestHuntbookPackages(t *testing.T) {
	e := newEngine(t)
	r := run(t, e, `import (
	"github.com/huntbook/huntbook/pkg/attack"
	"github.com/huntbook/huntbook/pkg/chart"
	"github.com/huntbook/huntbook/pkg/netgraph"
	"github.com/huntbook/huntbook/pkg/ossem"
)
m, err := ossem.Demo()
if err != nil { panic(err) }
top, err := attack.TopSubtechniques(m, "data_source", 15)
if err != nil { panic(err) }
bar, err := chart.FromSeries("data sources", top)
if err != nil { panic(err) }
Display(display.Auto(bar))
g, err := netgraph.FromFrame("relationships", attack.Relationships(m), "source", "target", "relationship")
if err != nil { panic(err) }
Display(display.Auto(g))
attack.Table(m).Head()`)
	if e := r.Err(); e != nil {
		t.Fatalf("cell failed: %s: %s", e.EName, e.EValue)
	}
	if len(r.Outputs) != 3 {
		t.Fatalf("got %d outputs, want chart, graph and table: %+v", len(r.Outputs), r.Outputs)
	}
	for i, want := range []string{"image/svg+xml", "text/html", "text/html"} {
		s, _ := r.Outputs[i].Data[want].(string)
		if s == "" {
			t.Errorf("output %d has no %s: keys %v", i, want, keys(r.Outputs[i].Data))
		}
	}
	if html, _ := r.Outputs[2].Data["text/html"].(string); !strings.Contains(html, "<table") {
		t.Errorf("the table's HTML has no <table>: %.100q", html)
	}
	if png, _ := r.Outputs[0].Data["image/png"].([]byte); !strings.HasPrefix(string(png), "\x89PNG") {
		t.Errorf("the bar chart has no PNG")
	}
}

func keys(m map[string]any) []string {
	var k []string
	for s := range m {
		k = append(k, s)
	}
	return k
}
