package report

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/pkg/inventory"
	"github.com/huntbook/huntbook/pkg/ossem"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/report")

const goldenDir = "../../testdata/report"

// fixed makes output independent of the clock and the build.
var fixed = Options{Now: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), Version: "v0.0.0-test"}

// Shared data files (third-party, not committed); CI has them.
const sharedDir = "../../../shared/data/ossem-dm"

func sharedFile(t testing.TB, name string) string {
	t.Helper()
	path := filepath.Join(sharedDir, name)
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s: %v (CI must have the shared mapping files)", path, err)
		}
		t.Skipf("%s not present: %v", path, err)
	}
	return path
}

func render(t testing.TB, m *ossem.Mapping, o Options) string {
	t.Helper()
	r, err := New(m, o)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r.WriteHTML(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func demo(t testing.TB) *ossem.Mapping {
	t.Helper()
	m, err := ossem.Demo()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func load(t testing.TB, path string) *ossem.Mapping {
	t.Helper()
	m, err := ossem.Load(context.Background(), path, ossem.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestGoldenDemo(t *testing.T) {
	got := render(t, demo(t), fixed)
	path := filepath.Join(goldenDir, "demo.html")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./pkg/report -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("demo report differs (-want +got):\n%s\nrun go test ./pkg/report -update if the change is intended", diff)
	}
}

// external finds references that would make a browser fetch something:
// src, href (xlink too), srcset, action, poster, data, url(), @import,
// with an http(s) or protocol-relative address.
var external = regexp.MustCompile(`(?i)(?:\b(?:src|href|srcset|action|poster|data|formaction)\s*=\s*["']?\s*(?:https?:|//)|url\(\s*["']?\s*(?:https?:|//)|@import)`)

// fetchers are elements whose only job is to load something else.
var fetchers = regexp.MustCompile(`(?i)<(?:link|iframe|object|embed|base|img|audio|video|source)\b`)

func TestSelfContained(t *testing.T) {
	const v2021, v2022 = "techniques_to_events_mapping.yaml", "techniques_to_events_mapping.v2022.yaml"
	plain := func(testing.TB) Options { return fixed }
	tests := []struct {
		name string
		m    func(t testing.TB) *ossem.Mapping
		o    func(t testing.TB) Options
	}{
		{"demo", demo, plain},
		{"demo with coverage and diff", demo, withSections},
		{"2021", func(t testing.TB) *ossem.Mapping { return load(t, sharedFile(t, v2021)) }, plain},
		{"2022", func(t testing.TB) *ossem.Mapping { return load(t, sharedFile(t, v2022)) }, plain},
		// The measured case: the real diff's lists are long, and capped.
		{"2021 with coverage and diff from 2022", func(t testing.TB) *ossem.Mapping { return load(t, sharedFile(t, v2021)) },
			func(t testing.TB) Options {
				o := fixed
				o.Inventory, _ = workstations(t)
				o.Compare = load(t, sharedFile(t, v2022))
				return o
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := render(t, tt.m(t), tt.o(t))
			if loc := external.FindStringIndex(out); loc != nil {
				t.Errorf("external reference: %q", out[max(0, loc[0]-60):min(len(out), loc[1]+60)])
			}
			if loc := fetchers.FindStringIndex(out); loc != nil {
				t.Errorf("element that loads something: %q", out[loc[0]:min(len(out), loc[1]+60)])
			}
			if n := strings.Count(out, "<script"); n != 1 {
				t.Errorf("%d script elements, want 1", n)
			}
			if !strings.Contains(out, `http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;`) {
				t.Error("no Content Security Policy")
			}
			if len(out) > 1500*1024 {
				t.Errorf("report is %d bytes, want at most 1.5 MB", len(out))
			}
		})
	}
}

func TestExternalPatternCatches(t *testing.T) {
	for _, s := range []string{`<script src="https://cdn.example/x.js">`, `<a href='//evil.example/'>`, `style="background:url( http://x/y.png)"`,
		`<image xlink:href="https://x/y.png"/>`, `@import "x.css";`} {
		if !external.MatchString(s) {
			t.Errorf("%q not caught", s)
		}
	}
	for _, s := range []string{`<a href="#gaps">`, `xmlns="http://www.w3.org/2000/svg"`, `github.com/OTRF/OSSEM-DM`} {
		if external.MatchString(s) {
			t.Errorf("%q caught", s)
		}
	}
}

// hostileYAML is a mapping whose strings try to break out of every place
// the report shows them.
const hostileYAML = `- technique_id: T9999.001
  x_mitre_is_subtechnique: true
  technique: <script>alert(1)</script>
  tactic:
  - <b>credential-access</b>
  platform:
  - Windows
  data_source: '"><img src=x onerror=alert(1)>'
  data_component: </title><script>alert(2)</script>
  name: Process created Process
  source: <svg onload=alert(3)>
  relationship: ']]><script>alert(4)</script>'
  target: '"><img src=x onerror=alert(1)>'
  event_id: 4688
  event_name: '"><img src=x onerror=alert(1)>'
  event_platform: Windows
  audit_category: Detailed Tracking
  audit_sub_category: Process Creation
  log_channel: Security
  log_provider: javascript:alert(5)
- technique_id: T9999.001
  x_mitre_is_subtechnique: true
  technique: <script>alert(1)</script>
  tactic:
  - credential-access
  platform:
  - Windows
  data_source: process
  data_component: os api execution
  name: .nan
  source: process
  relationship: '</text><script>alert(6)</script>'
  target: process
  event_id: .nan
  event_name: .nan
  event_platform: .nan
  audit_category: .nan
  audit_sub_category: .nan
  log_channel: .nan
  log_provider: .nan
`

func hostile(t testing.TB) *ossem.Mapping {
	t.Helper()
	m, err := ossem.Parse([]byte(hostileYAML), "hostile.yaml", 1)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// hostileInventoryYAML lists a collected event the hostile mapping has,
// with a hostile note, and one it has not, with a hostile channel.
const hostileInventoryYAML = `name: <script>alert(1)</script>
events:
  - channel: Security
    event_id: 4688
    note: <script>alert(1)</script>
  - channel: <script>alert(1)</script>
    event_id: '"><img src=x onerror=alert(1)>'
    note: '"><img src=x onerror=alert(1)>'
`

// hostileOldYAML is an older hostile mapping: its hostile values appear
// in the Diff section as removed and changed items.
const hostileOldYAML = `- technique_id: T9999.001
  x_mitre_is_subtechnique: true
  technique: '"><img src=x onerror=alert(1)>'
  tactic:
  - credential-access
  platform:
  - Windows
  data_source: process
  data_component: '"><img src=x onerror=alert(1)>'
  name: Process created Process
  source: '"><img src=x onerror=alert(1)>'
  relationship: created
  target: process
  event_id: 4688
  event_name: '"><img src=x onerror=alert(1)>'
  event_platform: Windows
  audit_category: Detailed Tracking
  audit_sub_category: Process Creation
  log_channel: Security
  log_provider: Microsoft-Windows-Security-Auditing
`

// hostileOptions drills into the hostile technique and adds Coverage and
// Diff sections from a hostile inventory and a hostile older mapping,
// whose very file names are hostile.
func hostileOptions(t testing.TB) Options {
	t.Helper()
	inv, err := inventory.Parse([]byte(hostileInventoryYAML), "<script>alert(1)</script>.yaml", inventory.YAML)
	if err != nil {
		t.Fatal(err)
	}
	old, err := ossem.Parse([]byte(hostileOldYAML), `"><img src=x onerror=alert(1)>.yaml`, 1)
	if err != nil {
		t.Fatal(err)
	}
	return Options{Techniques: []string{"T9999.001"}, Now: fixed.Now, Version: fixed.Version,
		Inventory: inv, Compare: old}
}

func TestHostileStringsAreInert(t *testing.T) {
	out := render(t, hostile(t), hostileOptions(t))
	for _, bad := range []string{"<script>alert", "<img", "<svg onload", "<b>", "</title><script", "]]><script", "</text><script", `href="javascript`} {
		if strings.Contains(out, bad) {
			i := strings.Index(out, bad)
			t.Errorf("%q appears unescaped: …%s…", bad, out[max(0, i-80):min(len(out), i+80)])
		}
	}
	if n := strings.Count(out, "<script"); n != 1 {
		t.Errorf("%d script elements, want only the report's own", n)
	}
	// The text is still there, escaped, in tables, the chart and the graph.
	for _, want := range []string{
		"&lt;script&gt;alert(1)&lt;/script&gt;",              // technique name: heading, table
		"&#34;&gt;&lt;img src=x onerror=alert(1)&gt;",        // event name, data source, graph node
		"&lt;svg onload=alert(3)&gt;",                        // graph node and relationships table
		`data-name="&lt;svg onload=alert(3)&gt;"`,            // graph data attribute
		"&lt;/text&gt;&lt;script&gt;alert(6)&lt;/script&gt;", // graph edge label and tooltip
	} {
		if !strings.Contains(out, want) {
			t.Errorf("escaped text %q missing", want)
		}
	}
	// The inventory's and the older mapping's strings are there too,
	// escaped, in the provenance header and in the new sections.
	const script, img = "&lt;script&gt;alert(1)&lt;/script&gt;", "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;"
	for _, tt := range []struct {
		name, where, want string
	}{
		{"inventory file", "header", "<dt>Inventory</dt><dd><code>" + script + ".yaml</code> (“" + script + "”, 2 entries)"},
		{"compared file", "header", "<dt>Compared with</dt><dd><code>" + img + ".yaml</code>"},
		{"inventory name", "coverage", "Inventory “" + script + "”"},
		{"channel of an unmatched entry", "coverage", "<td>" + script + " " + img + "</td><td>" + img + "</td></tr>"},
		{"note of a matched entry", "coverage", "<td>Security 4688</td><td>" + script + "</td>"},
		{"compared file", "diff", "From <code>" + img + ".yaml</code>"},
		{"removed component", "diff", "<td>process: " + img + "</td>"},
		{"removed relationship", "diff", "<td>" + img + " created process</td>"},
		{"changed technique", "diff", "<td>" + img + "; tactics credential-access; platforms windows; sub-technique true</td>"},
	} {
		t.Run(tt.where+" "+tt.name, func(t *testing.T) {
			text := out[:strings.Index(out, "</header>")]
			if tt.where != "header" {
				text = section(t, out, tt.where)
			}
			if !strings.Contains(text, tt.want) {
				t.Errorf("%s lacks %q", tt.where, tt.want)
			}
		})
	}
}

func TestUnknownTechnique(t *testing.T) {
	_, err := New(demo(t), Options{Techniques: []string{"T1003.999"}})
	if err == nil || !strings.Contains(err.Error(), "report: attack: technique T1003.999 is not in the mapping") {
		t.Errorf("error = %v", err)
	}
	if _, err := New(nil, Options{}); err == nil {
		t.Error("no error for a nil mapping")
	}
}

func TestDemoIsLabelled(t *testing.T) {
	out := render(t, demo(t), fixed)
	for _, want := range []string{"(demo subset)</title>", "<strong>Demo data.</strong>", "(embedded teaching subset)"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo report lacks %q", want)
		}
	}
	real := render(t, hostile(t), Options{Techniques: []string{"T9999.001"}})
	if strings.Contains(real, "Demo data.") {
		t.Error("a non-demo report says it is demo data")
	}
}

func TestDefaultsAndDuplicates(t *testing.T) {
	r, err := New(demo(t), Options{Techniques: []string{"t1003.001", "T1003.001"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Techniques) != 1 || r.Techniques[0].ID != "T1003.001" {
		t.Errorf("techniques = %v, want T1003.001 once", r.Techniques)
	}
	if r.Provenance.Generated.IsZero() {
		t.Error("no generation time by default")
	}
	var gaps []string
	for _, g := range r.Techniques[0].Gaps {
		gaps = append(gaps, g.String())
	}
	if diff := cmp.Diff([]string{"process: os api execution"}, gaps); diff != "" {
		t.Errorf("T1003.001 gaps (-want +got):\n%s", diff)
	}
}

func TestWriteError(t *testing.T) {
	r, err := New(demo(t), fixed)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.WriteHTML(failingWriter{}); err == nil {
		t.Error("no error from a failing writer")
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func BenchmarkReport(b *testing.B) {
	path := sharedFile(b, "techniques_to_events_mapping.yaml")
	b.ReportAllocs()
	for b.Loop() {
		m, err := ossem.Load(context.Background(), path, ossem.Options{})
		if err != nil {
			b.Fatal(err)
		}
		r, err := New(m, fixed)
		if err != nil {
			b.Fatal(err)
		}
		var buf bytes.Buffer
		if err := r.WriteHTML(&buf); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(buf.Len()))
	}
}
