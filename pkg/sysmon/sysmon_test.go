package sysmon_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/internal/golden"
	"github.com/huntbook/huntbook/pkg/sysmon"
)

// render is the text the goldens hold: options, warnings, then one line
// per event type.
func render(c *sysmon.Config) []byte { return renderReasons(c, false) }

// renderReasons with brief set leaves out the rules the reasons quote, for
// the goldens of third-party files (which the repository must not hold
// excerpts of): their counts stay.
func renderReasons(c *sysmon.Config, brief bool) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "schema %s\n", c.SchemaVersion)
	for _, o := range c.Options {
		fmt.Fprintf(&b, "option %s = %q (line %d, known %v)\n", o.Name, o.Value, o.Line, o.Known)
	}
	for _, w := range c.Warnings {
		fmt.Fprintf(&b, "warning %s\n", w)
	}
	for _, e := range c.Events {
		reason := e.Reason
		if brief && len(e.Selects) > 0 {
			head, rest, _ := strings.Cut(reason, ": ")
			reason = head + " (rules not quoted here)"
			if _, less, ok := strings.Cut(rest, "; less what "); ok {
				reason += "; less what " + less
			}
		}
		fmt.Fprintf(&b, "%-22s %-9s %-7s include=%d exclude=%d %s\n", e.Element, fmt.Sprint(e.IDs), e.State, e.IncludeRules, e.ExcludeRules, reason)
	}
	return []byte(b.String())
}

func load(t *testing.T, path string) *sysmon.Config {
	t.Helper()
	c, err := sysmon.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Every rule shape, with the states that decide coverage spelled out
// here and the whole table in a golden.
func TestShapes(t *testing.T) {
	tests := []struct {
		file  string
		want  map[string]sysmon.State // element -> state
		warns int
	}{
		{"empty_include.xml", map[string]sysmon.State{"ProcessAccess": sysmon.Off, "ImageLoad": sysmon.Off,
			"NetworkConnect": sysmon.Off, "ProcessCreate": sysmon.Full, "CreateRemoteThread": sysmon.Off}, 0},
		{"empty_exclude.xml", map[string]sysmon.State{"ProcessCreate": sysmon.Full, "ProcessAccess": sysmon.Full,
			"DnsQuery": sysmon.Full, "NetworkConnect": sysmon.Off}, 0},
		{"groups.xml", map[string]sysmon.State{"ProcessAccess": sysmon.Partial, "ProcessCreate": sysmon.Partial,
			"DriverLoad": sysmon.Partial, "RegistryEvent": sysmon.Off}, 1},
		{"newer.xml", map[string]sysmon.State{"ProcessCreate": sysmon.Full, "FutureEvent": sysmon.Partial}, 3},
		{"bom.xml", map[string]sysmon.State{"FileCreate": sysmon.Partial, "ProcessAccess": sysmon.Off, "ProcessCreate": sysmon.Full}, 0},
		{"utf16.xml", map[string]sysmon.State{"FileCreate": sysmon.Partial}, 0},
		{"default.xml", map[string]sysmon.State{"ProcessCreate": sysmon.Full, "RegistryEvent": sysmon.Full,
			"NetworkConnect": sysmon.Off, "ImageLoad": sysmon.Off, "DnsQuery": sysmon.Off}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			c := load(t, filepath.Join("testdata", tt.file))
			got := make(map[string]sysmon.State)
			for _, e := range c.Events {
				if _, ok := tt.want[e.Element]; ok {
					got[e.Element] = e.State
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("states (-want +got):\n%s", diff)
			}
			if len(c.Warnings) != tt.warns {
				t.Errorf("%d warnings, want %d: %v", len(c.Warnings), tt.warns, c.Warnings)
			}
			golden.Check(t, filepath.Join("testdata", "golden", strings.TrimSuffix(tt.file, ".xml")+".golden"), render(c))
		})
	}
}

func TestGroupRules(t *testing.T) {
	c := load(t, filepath.Join("testdata", "groups.xml"))
	pa, _ := c.Event(10)
	if diff := cmp.Diff([]string{"TargetImage end with lsass.exe", `TargetImage is C:\Windows\system32\csrss.exe`}, pa.Selects); diff != "" {
		t.Errorf("ProcessAccess selects (-want +got):\n%s", diff)
	}
	pc, _ := c.Event(1)
	if pc.IncludeRules != 1 || pc.ExcludeRules != 2 {
		t.Errorf("ProcessCreate: %d include, %d exclude rules; want 1 (an and group) and 2", pc.IncludeRules, pc.ExcludeRules)
	}
	if v, _ := c.Option("DnsLookup"); v != "False" {
		t.Errorf("DnsLookup = %q", v)
	}
	if v, ok := c.Option("CheckRevocation"); !ok || v != "" {
		t.Errorf("CheckRevocation = %q, %v; want set and empty", v, ok)
	}
}

// The two shared real configurations: per event type full, partial or
// off with reasons, in goldens.
func TestReal(t *testing.T) {
	for _, name := range []string{"sysmon-modular-sysmonconfig.xml", "swiftonsecurity-sysmonconfig-export.xml"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("..", "..", "..", "shared", "data", "sysmon", name)
			if _, err := os.Stat(path); err != nil {
				if os.Getenv("CI") == "true" {
					t.Fatalf("shared data missing under CI: %v", err)
				}
				t.Skip(err)
			}
			c := load(t, path)
			c.Source = name
			stem := strings.TrimSuffix(name, ".xml")
			golden.Check(t, filepath.Join("testdata", "real", stem+".golden"), renderReasons(c, true))
			// Expected states and rule counts computed independently: a
			// Python script (xml.etree, Sysmon's filter semantics written
			// out again) kept outside the repository wrote
			// testdata/real/*.states.csv; it is not rewritten by -update.
			want, err := os.ReadFile(filepath.Join("testdata", "real", stem+".states.csv"))
			if err != nil {
				t.Fatal(err)
			}
			var got strings.Builder
			got.WriteString("element,state,include_rules,exclude_rules\n")
			for _, e := range c.Events {
				if e.Known {
					fmt.Fprintf(&got, "%s,%s,%d,%d\n", e.Element, e.State, e.IncludeRules, e.ExcludeRules)
				}
			}
			if diff := cmp.Diff(string(want), got.String()); diff != "" {
				t.Errorf("states against the independent computation (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBad(t *testing.T) {
	tests := []struct {
		file    string
		err     error
		message string // a part of the message: the place and the element
	}{
		{"not_xml.xml", sysmon.ErrNotConfig, "not_xml.xml:1: not a Sysmon configuration"},
		{"not_sysmon.xml", sysmon.ErrNotConfig, "not_sysmon.xml:2: <configuration>: not a Sysmon configuration: the root element is <configuration>"},
		{"billion_laughs.xml", sysmon.ErrDTD, "billion_laughs.xml:7: DTD not allowed"},
		{"no_onmatch.xml", sysmon.ErrRule, "no_onmatch.xml:3: <ProcessCreate>: malformed rule: no onmatch attribute"},
		{"bad_onmatch.xml", sysmon.ErrRule, `bad_onmatch.xml:3: <ProcessCreate>: malformed rule: onmatch="includes"`},
		{"unclosed.xml", sysmon.ErrSyntax, "unclosed.xml:5: <ProcessCreate>: malformed XML: element <ProcessCreate> closed by </EventFiltering>"},
		{"nested_group.xml", sysmon.ErrRule, "nested_group.xml:4: <RuleGroup>: malformed rule"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := sysmon.Load(filepath.Join("testdata", "bad", tt.file))
			if !errors.Is(err, tt.err) {
				t.Fatalf("error %v, want %v", err, tt.err)
			}
			if !strings.Contains(err.Error(), tt.message) {
				t.Errorf("message\n %s\nwant it to contain\n %s", err, tt.message)
			}
		})
	}
}

// repeat is an endless run of one byte, read without holding it.
type repeat byte

func (r repeat) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}

// A 100 MB attribute is refused after MaxRun bytes, naming its line and
// tag, without reading the rest.
func TestHugeAttribute(t *testing.T) {
	in := io.MultiReader(strings.NewReader("<Sysmon schemaversion=\"4.90\">\n  <EventFiltering>\n    <ProcessCreate onmatch=\""),
		io.LimitReader(repeat('a'), 100<<20), strings.NewReader("\"/></EventFiltering></Sysmon>"))
	start := time.Now()
	_, err := sysmon.Read(in, "huge.xml")
	if !errors.Is(err, sysmon.ErrTooLarge) {
		t.Fatalf("error %v, want ErrTooLarge", err)
	}
	if want := "sysmon: huge.xml:3: <ProcessCreate>: too large"; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("message %q, want it to start %q", err, want)
	}
	t.Logf("refused in %v", time.Since(start))
	// The same in memory.
	data := []byte("<Sysmon schemaversion=\"4.90\"><HashAlgorithms>" + strings.Repeat("x", sysmon.MaxRun+1) + "</HashAlgorithms></Sysmon>")
	if _, err := sysmon.Parse(data, "mem.xml"); !errors.Is(err, sysmon.ErrTooLarge) {
		t.Errorf("Parse: error %v, want ErrTooLarge", err)
	}
}

func TestTooMany(t *testing.T) {
	conds := "<Sysmon schemaversion=\"4.90\"><EventFiltering><ProcessCreate onmatch=\"include\">" +
		strings.Repeat("<Image>x</Image>", sysmon.MaxConditions+1) + "</ProcessCreate></EventFiltering></Sysmon>"
	if _, err := sysmon.Parse([]byte(conds), "conds.xml"); !errors.Is(err, sysmon.ErrTooLarge) || !strings.Contains(err.Error(), "conditions") {
		t.Errorf("conditions: error %v, want ErrTooLarge", err)
	}
	elems := "<Sysmon schemaversion=\"4.90\">" + strings.Repeat("<DnsLookup>False</DnsLookup>", sysmon.MaxElements) + "</Sysmon>"
	if _, err := sysmon.Parse([]byte(elems), "elems.xml"); !errors.Is(err, sysmon.ErrTooLarge) || !strings.Contains(err.Error(), "elements") {
		t.Errorf("elements: error %v, want ErrTooLarge", err)
	}
}

func TestTooDeep(t *testing.T) {
	data := "<Sysmon schemaversion=\"4.90\">" + strings.Repeat("<a>", 40) + strings.Repeat("</a>", 40) + "</Sysmon>"
	if _, err := sysmon.Parse([]byte(data), "deep.xml"); !errors.Is(err, sysmon.ErrTooLarge) && !errors.Is(err, sysmon.ErrRule) {
		t.Errorf("error %v, want ErrTooLarge or ErrRule", err)
	}
}

func TestInventory(t *testing.T) {
	c := load(t, filepath.Join("testdata", "groups.xml"))
	var got []string
	for _, e := range c.Inventory() {
		got = append(got, fmt.Sprintf("%s partial=%v", e, e.Partial))
	}
	want := []string{
		"Microsoft-Windows-Sysmon/Operational 1 partial=true",
		"Microsoft-Windows-Sysmon/Operational 2 partial=false",
		"Microsoft-Windows-Sysmon/Operational 5 partial=false",
		"Microsoft-Windows-Sysmon/Operational 6 partial=true",
		"Microsoft-Windows-Sysmon/Operational 10 partial=true",
		"Microsoft-Windows-Sysmon/Operational 11 partial=false",
		"Microsoft-Windows-Sysmon/Operational 15 partial=false",
		"Microsoft-Windows-Sysmon/Operational 4 partial=false",
		"Microsoft-Windows-Sysmon/Operational 16 partial=false",
		"Microsoft-Windows-Sysmon/Operational 255 partial=false",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
}

func FuzzParse(f *testing.F) {
	for _, dir := range []string{"testdata", filepath.Join("testdata", "bad")} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.xml"))
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := sysmon.Parse(data, "fuzz.xml")
		if err != nil {
			var e *sysmon.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not a *sysmon.Error", err)
			}
			return
		}
		if len(c.Events) < len(sysmon.EventTypes) {
			t.Fatalf("%d events, want at least %d", len(c.Events), len(sysmon.EventTypes))
		}
		_ = c.Inventory()
	})
}
