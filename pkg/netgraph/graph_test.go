package netgraph

import (
	"encoding/base64"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/internal/golden"
	"github.com/huntbook/huntbook/pkg/attack"
	"github.com/huntbook/huntbook/pkg/frame"
	"github.com/huntbook/huntbook/pkg/ossem"
)

const goldenDir = "../../testdata/netgraph"

// checkGolden compares got with the named file under goldenDir (-update rewrites it).
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	golden.Check(t, filepath.Join(goldenDir, name), []byte(got))
}

func TestNew(t *testing.T) {
	tests := []struct {
		name  string
		edges []Edge
		nodes []string
		links []Link
	}{
		{
			name:  "parallel verbs share one arrow",
			edges: []Edge{{"process", "file", "created"}, {"process", "file", "modified"}, {"user", "file", "deleted"}},
			nodes: []string{"process", "file", "user"},
			links: []Link{{0, 1, []string{"created", "modified"}}, {2, 1, []string{"deleted"}}},
		},
		{
			name:  "repeats count once",
			edges: []Edge{{"a", "b", "x"}, {"a", "b", "x"}, {"a", "b", "y"}},
			nodes: []string{"a", "b"},
			links: []Link{{0, 1, []string{"x", "y"}}},
		},
		{
			name:  "both directions are two arrows",
			edges: []Edge{{"host", "process", "blocked"}, {"process", "host", "connected to"}},
			nodes: []string{"host", "process"},
			links: []Link{{0, 1, []string{"blocked"}}, {1, 0, []string{"connected to"}}},
		},
		{
			name:  "self-loop",
			edges: []Edge{{"process", "process", "created"}, {"process", "process", "accessed"}},
			nodes: []string{"process"},
			links: []Link{{0, 0, []string{"created", "accessed"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := New("t", tt.edges)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, n := range g.Nodes {
				names = append(names, n.Name)
			}
			if diff := cmp.Diff(tt.nodes, names); diff != "" {
				t.Errorf("nodes (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.links, g.Links); diff != "" {
				t.Errorf("links (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNewErrors(t *testing.T) {
	tests := []struct {
		name  string
		edges []Edge
		want  string
	}{
		{"none", nil, "netgraph: no relationships to draw"},
		{"no source", []Edge{{"a", "b", "x"}, {" ", "b", "x"}}, "netgraph: edge 1 has no source"},
		{"no target", []Edge{{"a", "", "x"}}, "netgraph: edge 0 has no target"},
		{"no verb", []Edge{{"a", "b", ""}}, "netgraph: edge 0 (a → b) has no relationship"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New("t", tt.edges)
			if err == nil {
				t.Fatal("no error")
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFromFrameSkipsMissing(t *testing.T) {
	f := frame.New([]string{"source", "target", "relationship"}, [][]any{
		{"process", "file", "created"}, {nil, "file", "created"}, {"user", frame.NaN(), "x"}, {"user", "file", "deleted"},
	})
	g, err := FromFrame("t", f, "source", "target", "relationship")
	if err != nil {
		t.Fatal(err)
	}
	if got := g.Relationships(); got != 2 {
		t.Errorf("relationships = %d, want 2", got)
	}
	if _, err := FromFrame("t", f, "source", "nope", "relationship"); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("missing column: %v", err)
	}
}

// demoGraph is the relationships graph of the embedded demo mapping.
func demoGraph(t testing.TB) *Graph {
	m, err := ossem.Demo()
	if err != nil {
		t.Fatal(err)
	}
	g, err := FromFrame("Relationships among Data Elements", attack.Relationships(m), attack.ColSource, attack.ColTarget, attack.ColRelationship)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestGolden(t *testing.T) {
	small, err := New("small", []Edge{
		{"process", "file", "created"}, {"process", "file", "modified"}, {"process", "process", "created"},
		{"host", "process", "blocked connection from"}, {"process", "host", "connected to"}, {"user", "process", "created"},
	})
	if err != nil {
		t.Fatal(err)
	}
	small.Width, small.Height = 480, 320
	small.Layout(7)
	checkGolden(t, "small.svg", small.SVG())
	checkGolden(t, "demo.svg", demoGraph(t).SVG())
}

func TestDeterministic(t *testing.T) {
	a, b := demoGraph(t), demoGraph(t)
	if a.SVG() != b.SVG() {
		t.Fatal("two layouts of the same graph differ")
	}
	c := demoGraph(t)
	c.Layout(2)
	if c.SVG() == a.SVG() {
		t.Error("another seed gave the same layout")
	}
}

func TestNoOverlappingNodes(t *testing.T) {
	g := demoGraph(t)
	for i := range g.Nodes {
		for j := i + 1; j < len(g.Nodes); j++ {
			li, ri, ui, di := g.box(i)
			lj, rj, uj, dj := g.box(j)
			a, b := g.Nodes[i], g.Nodes[j]
			if a.X-li < b.X+rj-1 && b.X-lj < a.X+ri-1 && a.Y-ui < b.Y+dj-1 && b.Y-uj < a.Y+di-1 {
				t.Errorf("%s at (%v, %v) overlaps %s at (%v, %v)", a.Name, a.X, a.Y, b.Name, b.X, b.Y)
			}
		}
		n := g.Nodes[i]
		if n.X < 0 || n.X > g.Width || n.Y < 0 || n.Y > g.Height {
			t.Errorf("%s at (%v, %v) is off the page", n.Name, n.X, n.Y)
		}
	}
}

func TestHostileNames(t *testing.T) {
	g, err := New(`<script>alert(1)</script>`, []Edge{
		{`<script>alert(1)</script>`, `"><img src=x onerror=alert(1)>`, `]]><script>alert(2)</script>`},
		{"process", `"><img src=x onerror=alert(1)>`, "a&b"},
	})
	if err != nil {
		t.Fatal(err)
	}
	live, static := htmlParts(t, g.HTML())
	for name, out := range map[string]string{"SVG": g.SVG(), "HTML's SVG": live, "HTML's picture": static} {
		body := out
		if i := strings.Index(out, "<script><![CDATA["); i >= 0 {
			body = out[:i]
		}
		for _, bad := range []string{"<script>alert", "<img", `"><img`, "]]><"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s contains %q unescaped", name, bad)
			}
		}
		if !strings.Contains(body, "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;") {
			t.Errorf("%s lost the hostile name's text", name)
		}
	}
	if n := strings.Count(g.SVG(), "<script"); n != 1 {
		t.Errorf("SVG has %d script elements, want 1", n)
	}
	if n := strings.Count(live+static, "<script"); n != 0 {
		t.Errorf("HTML's SVG and picture have %d script elements, want none", n)
	}
	if h := g.HTML(); strings.Count(h, "<script") != 1 || !strings.HasSuffix(h, "<script>\n"+Script()+"</script>\n") {
		t.Errorf("HTML does not end with the one netgraph script")
	}
}

var htmlPart = regexp.MustCompile(`^<div class="ng" data-ng-svg="([A-Za-z0-9+/=]+)"><img class="ng-static" alt="[^"<>]*" style="[^"]*" src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"></div>\n<script>\n`)

// htmlParts returns the interactive SVG and the static picture of HTML.
func htmlParts(t *testing.T, h string) (live, static string) {
	t.Helper()
	m := htmlPart.FindStringSubmatch(h)
	if m == nil {
		t.Fatalf("HTML is not shaped as a div holding a picture, then the script: %.300q", h)
	}
	l, err1 := base64.StdEncoding.DecodeString(m[1])
	s, err2 := base64.StdEncoding.DecodeString(m[2])
	if err1 != nil || err2 != nil {
		t.Fatalf("HTML's base64: %v, %v", err1, err2)
	}
	return string(l), string(s)
}

func TestScriptIsSafeToEmbed(t *testing.T) {
	s := Script()
	for _, bad := range []string{"]]>", "</script", "<!--", "innerHTML", "outerHTML", "insertAdjacentHTML", "eval(", "document.write", "http://", "https://"} {
		if bad == "http://" {
			// The SVG namespace name is not a request.
			s = strings.ReplaceAll(s, `"http://www.w3.org/2000/svg"`, "")
		}
		if strings.Contains(s, bad) {
			t.Errorf("script contains %q", bad)
		}
	}
}

func TestEveryEdgeAndNodeHasATitle(t *testing.T) {
	svg := demoGraph(t).SVG()
	edges := regexp.MustCompile(`<g class="ng-edge"[^>]*><title>[^<]+</title>`).FindAllString(svg, -1)
	nodes := regexp.MustCompile(`<g class="ng-node[^"]*"[^>]*><title>[^<]+</title>`).FindAllString(svg, -1)
	g := demoGraph(t)
	if len(edges) != len(g.Links) || len(nodes) != len(g.Nodes) {
		t.Errorf("titled edges %d of %d, nodes %d of %d", len(edges), len(g.Links), len(nodes), len(g.Nodes))
	}
}
