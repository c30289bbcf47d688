package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"
)

// page is what the static checks read from one HTML or SVG file.
type page struct {
	scripts  []string // the text of every script element, in order
	findings []string // everything that must not be there
}

// urlAttrs hold URLs the browser loads or follows.
var urlAttrs = map[string]bool{
	"src": true, "href": true, "xlink:href": true, "action": true, "formaction": true,
	"poster": true, "background": true, "data": true, "srcset": true, "ping": true, "cite": true,
}

var (
	outside    = regexp.MustCompile(`(?i)^\s*(https?:|//|\\\\)`)
	scriptURL  = regexp.MustCompile(`(?i)^\s*(javascript|vbscript):`)
	cssURL     = regexp.MustCompile(`(?i)url\(\s*['"]?\s*([^'")\s]*)`)
	cssImport  = regexp.MustCompile(`(?i)@import`)
	dataImage  = regexp.MustCompile(`^data:image/(png|jpeg|gif|svg\+xml);base64,`)
	fragmentID = regexp.MustCompile(`^#`)
)

// inspect tokenizes an HTML page or an SVG document (the tokenizer reads
// both: SVG's elements and attributes are tags and attributes to it) and
// records what the static checks look for.
func inspect(r io.Reader) page {
	var p page
	z := html.NewTokenizer(r)
	inScript, inStyle := false, false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return p
		case html.TextToken:
			text := string(z.Text())
			switch {
			case inScript:
				p.scripts[len(p.scripts)-1] += text
			case inStyle:
				p.findings = append(p.findings, checkCSS("<style>", text)...)
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script":
				inScript = false
			case "style":
				inStyle = false
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			name := strings.ToLower(tok.Data)
			if tt == html.StartTagToken {
				switch name {
				case "script":
					inScript = true
					p.scripts = append(p.scripts, "")
				case "style":
					inStyle = true
				}
			}
			switch name {
			case "iframe", "object", "embed", "base", "form", "link", "foreignobject", "frame", "applet":
				p.findings = append(p.findings, fmt.Sprintf("a <%s> element", name))
			}
			for _, a := range tok.Attr {
				key := strings.ToLower(a.Key)
				if a.Namespace != "" {
					key = a.Namespace + ":" + key
				}
				where := fmt.Sprintf("<%s %s=%q>", name, key, a.Val)
				switch {
				case strings.HasPrefix(key, "on"):
					p.findings = append(p.findings, "an event handler "+where)
				case key == "style":
					p.findings = append(p.findings, checkCSS(where, a.Val)...)
				case name == "meta" && key == "content" && strings.Contains(strings.ToLower(a.Val), "url="):
					p.findings = append(p.findings, "a refresh "+where)
				case !urlAttrs[key]:
				case scriptURL.MatchString(a.Val):
					p.findings = append(p.findings, "a script URL "+where)
				case name == "a" && key == "href":
					// A link is followed only when clicked: an https link
					// in a notebook's markdown is a link the author
					// wrote, as Jupyter shows it. It loads nothing.
				case key == "src" || key == "srcset" || key == "poster" || key == "data" || key == "background":
					// Loaded as the page opens: only inline images.
					if !dataImage.MatchString(a.Val) {
						p.findings = append(p.findings, "a resource that is not an inline image "+where)
					}
				case outside.MatchString(a.Val) || (key != "href" && !fragmentID.MatchString(a.Val)):
					p.findings = append(p.findings, "an outside URL "+where)
				}
			}
		}
	}
}

func checkCSS(where, css string) []string {
	var out []string
	if cssImport.MatchString(css) {
		out = append(out, "@import in "+where)
	}
	for _, m := range cssURL.FindAllStringSubmatch(css, -1) {
		if !strings.HasPrefix(m[1], "data:") && !strings.HasPrefix(m[1], "#") {
			out = append(out, fmt.Sprintf("url(%s) in %s", m[1], where))
		}
	}
	return out
}

func inspectFile(t *testing.T, path string) page {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return inspect(f)
}

// TestHostileStatic reads every output of the hostile fixtures: no script
// but huntbook's own (byte-identical to the clean twin's), no event
// handler, no reference to anything outside the file, and the payloads
// still there as text.
func TestHostileStatic(t *testing.T) {
	h, c := renderTwins(t)
	for i, o := range h.outputs {
		t.Run(o.name, func(t *testing.T) {
			hp, cp := inspectFile(t, o.path), inspectFile(t, c.outputs[i].path)
			if diff := cmp.Diff(cp.scripts, hp.scripts); diff != "" {
				t.Errorf("script elements differ from the clean twin's (-clean +hostile):\n%s", diff)
			}
			if diff := cmp.Diff([]string(nil), hp.findings); diff != "" {
				t.Errorf("%s (-want +got):\n%s", filepath.Base(o.path), diff)
			}
			if len(cp.findings) > 0 {
				t.Logf("the clean twin has findings too: %q", cp.findings)
			}
			// The payloads are shown, escaped: nothing was silently dropped.
			text := readFile(t, o.path)
			want := []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "{{.}}", "evil.example/x.js"}
			if o.svg { // the chart shows tactics and the inventory's name only
				want = want[:1]
			}
			for _, want := range want {
				if !strings.Contains(text, want) {
					t.Errorf("%q is not shown", want)
				}
			}
		})
	}
	t.Run("layer", func(t *testing.T) {
		// The Navigator renders the layer; it must be JSON that gives the
		// names and ids back unchanged.
		var layer struct {
			Name       string `json:"name"`
			Techniques []struct {
				TechniqueID string `json:"techniqueID"`
				Comment     string `json:"comment"`
			} `json:"techniques"`
		}
		if err := json.Unmarshal([]byte(readFile(t, h.layer)), &layer); err != nil {
			t.Fatalf("the layer is not JSON: %v", err)
		}
		var got []string
		for _, tq := range layer.Techniques {
			got = append(got, tq.TechniqueID)
		}
		if !strings.Contains(layer.Name, hostile[0]) {
			t.Errorf("layer name %q lacks the inventory's name %q", layer.Name, hostile[0])
		}
		for _, id := range techniqueIDs(hostile) {
			if !slices.Contains(got, id) {
				t.Errorf("technique %q is not in the layer's %q", id, got)
			}
		}
	})
	t.Run("stored outputs", func(t *testing.T) {
		for _, name := range []string{"run.html", "run-no-input.html", "run.ipynb"} {
			if strings.Contains(readFile(t, filepath.Join(h.dir, name)), storedMarker) {
				t.Errorf("%s holds outputs stored in the notebook file; huntbook run clears them", name)
			}
		}
	})
}
