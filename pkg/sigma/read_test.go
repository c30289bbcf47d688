package sigma

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/internal/golden"
	"github.com/huntbook/huntbook/pkg/logsource"
)

const handMade = "../../testdata/sigma/rules"

// TestReadDirGolden reads every hand-made shape and compares the whole
// Set, as JSON, with testdata/sigma/rules.golden.json.
func TestReadDirGolden(t *testing.T) {
	set, err := ReadDir(handMade)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(set); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "../../testdata/sigma/rules.golden.json", b.Bytes())
}

func TestShapes(t *testing.T) {
	set, err := ReadDir(handMade)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]Rule{}
	for _, r := range set.Rules {
		byID[r.ID] = r
	}
	id := func(n string) string { return "0b1c3a52-0000-4000-8000-0000000000" + n }
	tests := []struct {
		name       string
		id         string
		logsource  LogSource
		line       int
		eventIDs   []string
		matches    []EventIDMatch
		techniques []string
		tactics    []string
		level      string
		events     []string
	}{
		{name: "tags, fields, related", id: id("01"), line: 1,
			logsource:  LogSource{Product: "windows", Category: "process_access"},
			techniques: []string{"T1003.001"}, tactics: []string{"credential-access"}, level: "high",
			events: []string{"Microsoft-Windows-Sysmon/Operational 10"}},
		{name: "EventID list, duplicates dropped, negated filter apart", id: id("02"), line: 1,
			logsource: LogSource{Product: "windows", Service: "security"},
			eventIDs:  []string{"4624", "4625"}, techniques: []string{"T1110.001"}, tactics: []string{"credential-access"},
			level: "medium", events: []string{"Security 4624", "Security 4625"}},
		{name: "EventID|contains and a list of maps", id: id("03"), line: 1,
			logsource: LogSource{Product: "windows", Service: "security"},
			eventIDs:  []string{"1102", "517"}, matches: []EventIDMatch{{"contains", "110"}},
			techniques: []string{"T1070.001"}, level: "low", events: []string{"Security 1102", "Security 517"}},
		{name: "keywords only", id: id("04"), line: 1,
			logsource:  LogSource{Product: "windows", Service: "system"},
			techniques: []string{"T1543.003"}, tactics: []string{"persistence"}, level: "critical",
			events: []string{"System"}},
		{name: "uppercase tags", id: id("05"), line: 1,
			logsource:  LogSource{Product: "windows", Category: "ps_script"},
			techniques: []string{"T1059.001", "T1685"}, tactics: []string{"execution", "defense-evasion"}, level: "high",
			events: []string{"Microsoft-Windows-PowerShell/Operational 4104", "PowerShellCore/Operational 4104"}},
		{name: "no logsource", id: id("06"), line: 1, techniques: []string{"T1003"}},
		{name: "unknown category", id: id("07"), line: 1,
			logsource:  LogSource{Product: "windows", Category: "quantum_entanglement"},
			techniques: []string{"T1055"}, level: "medium"},
		{name: "collection: first rule gets the global keys", id: id("10"), line: 12,
			logsource: LogSource{Product: "windows", Service: "system"}, eventIDs: []string{"7045"},
			techniques: []string{"T1543.003"}, tactics: []string{"persistence"}, level: "high", events: []string{"System 7045"}},
		{name: "collection: the global level wins over the rule's", id: id("11"), line: 22,
			logsource: LogSource{Product: "windows", Service: "security"}, eventIDs: []string{"4697"},
			techniques: []string{"T1543.003"}, tactics: []string{"persistence"}, level: "high", events: []string{"Security 4697"}},
		{name: "collection: repeat merges into the previous rule", id: id("12"), line: 32,
			logsource: LogSource{Product: "windows", Service: "security", Category: "process_creation"}, eventIDs: []string{"4697"},
			techniques: []string{"T1543.003"}, tactics: []string{"persistence"}, level: "high",
			events: []string{"Microsoft-Windows-Sysmon/Operational 1", "Security 4688"}},
		{name: "collection: after reset no global keys", id: id("13"), line: 42,
			logsource: LogSource{Product: "windows", Category: "registry_event"}, eventIDs: []string{"13"}, techniques: []string{"T1574.011"},
			events: []string{"Microsoft-Windows-Sysmon/Operational 13"}},
		{name: "bad documents: the survivor", id: id("20"), line: 22,
			logsource: LogSource{Product: "windows", Category: "network_connection"},
			events:    []string{"Microsoft-Windows-Sysmon/Operational 3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, ok := byID[tt.id]
			if !ok {
				t.Fatalf("rule %s not read", tt.id)
			}
			var events []string
			for _, e := range r.Events() {
				events = append(events, e.String())
			}
			got := []any{r.LogSource, r.Line, r.EventIDs, r.EventIDMatches, r.Techniques, r.Tactics, r.Level, events}
			want := []any{tt.logsource, tt.line, tt.eventIDs, tt.matches, tt.techniques, tt.tactics, tt.level, tt.events}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("(-want +got)\n%s", d)
			}
		})
	}
	if got, want := len(set.Rules), len(tests); got != want {
		t.Errorf("read %d rules, want %d", got, want)
	}
}

func TestSkipped(t *testing.T) {
	set, err := ReadDir(handMade)
	if err != nil {
		t.Fatal(err)
	}
	type skip struct {
		File string
		Line int
		Err  error
	}
	var got []skip
	for _, e := range set.Skipped {
		got = append(got, skip{filepath.Base(e.Path), e.Line, e.Err})
	}
	want := []skip{
		{"bad_documents.yml", 2, ErrAction},
		{"bad_documents.yml", 5, ErrShape},
		{"bad_documents.yml", 8, ErrShape},
		{"bad_documents.yml", 13, ErrShape},
		{"bad_documents.yml", 20, ErrAction},
		{"broken_yaml.yml", 3, ErrSyntax},
	}
	if d := cmp.Diff(want, got, cmp.Comparer(func(a, b error) bool { return a == b })); d != "" {
		t.Errorf("skipped (-want +got)\n%s", d)
	}
	if set.Files != 10 {
		t.Errorf("Files = %d, want 10 (README.txt is not read)", set.Files)
	}
}

// TestHostile: each hostile file is one clear error, and the run goes on
// to read the good rule beside it.
func TestHostile(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"alias_bomb.yml", "binary.yml", "control_char.yml"} {
		data, err := os.ReadFile(filepath.Join("../../testdata/sigma/hostile", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A 100 MB scalar: title: aaaa…
	big, err := os.Create(filepath.Join(dir, "huge_scalar.yml"))
	if err != nil {
		t.Fatal(err)
	}
	big.WriteString("title: ")
	chunk := bytes.Repeat([]byte("a"), 1<<20)
	for range 100 {
		big.Write(chunk)
	}
	big.WriteString("\n")
	big.Close()
	good, _ := os.ReadFile(filepath.Join(handMade, "windows/lsass_access.yml"))
	os.WriteFile(filepath.Join(dir, "zz_good.yml"), good, 0o644)

	set, err := ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Rules) != 1 || set.Rules[0].Title != "Test LSASS memory read by an unusual process" {
		t.Fatalf("rules = %v, want the good rule alone", set.Rules)
	}
	want := map[string]error{
		"alias_bomb.yml":   ErrAliases,
		"binary.yml":       ErrBinary,
		"control_char.yml": ErrSyntax,
		"huge_scalar.yml":  ErrTooLarge,
	}
	if len(set.Skipped) != len(want) {
		t.Fatalf("skipped %v, want one error per hostile file", set.Skipped)
	}
	for _, e := range set.Skipped {
		name := filepath.Base(e.Path)
		if !errors.Is(e, want[name]) {
			t.Errorf("%s: %v, want %v", name, e, want[name])
		}
		if !strings.HasPrefix(e.Error(), "sigma: "+e.Path) {
			t.Errorf("%s: error %q does not start with the package and the file", name, e)
		}
		t.Log(e)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, data string
		err        error
		line       int
	}{
		{"empty", "", nil, 0},
		{"scalar document", "just text\n", ErrShape, 1},
		{"detection a list", "title: x\ndetection: [a]\n", ErrShape, 1},
		{"tags a map", "title: x\ntags: {a: b}\ndetection: {condition: s}\n", ErrShape, 1},
		{"logsource a list", "title: x\nlogsource: [a]\ndetection: {condition: s}\n", ErrShape, 1},
		{"title a map", "title: {a: b}\ndetection: {condition: s}\n", ErrShape, 1},
		{"filter", "title: x\nfilter: {rules: [a]}\n", ErrShape, 1},
		{"merge key", "title: x\nbase: &b {condition: s}\ndetection:\n    <<: *b\n", ErrShape, 4},
		{"tab indentation", "title: x\ndetection:\n\tcondition: s\n", ErrSyntax, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rules, err := Parse([]byte(tt.data), "x.yml")
			if tt.err == nil {
				if err != nil || len(rules) != 0 {
					t.Fatalf("Parse = %v, %v; want nothing", rules, err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || !errors.Is(err, tt.err) || e.Line != tt.line {
				t.Fatalf("Parse error = %v, want %v at line %d", err, tt.err, tt.line)
			}
		})
	}
}

func TestDecodedValues(t *testing.T) {
	data := `title: 42
detection:
    selection:
        EventID: 0x10
        Count: 1.5
        Flag: yes
        On: true
        Missing: ~
        Date: 2024-01-01
        4688: numeric key
        List: [1, 'a', null]
    condition: selection
tags: attack.t1003
`
	rules, err := Parse([]byte(data), "values.yml")
	if err != nil {
		t.Fatal(err)
	}
	r := rules[0]
	want := map[string]any{
		"selection": map[string]any{"EventID": 16, "Count": 1.5, "Flag": "yes", "On": true, "Missing": nil,
			"Date": "2024-01-01", "4688": "numeric key", "List": []any{1, "a", nil}},
		"condition": "selection",
	}
	if d := cmp.Diff(want, r.Detection); d != "" {
		t.Errorf("detection (-want +got)\n%s", d)
	}
	if r.Title != "42" || !cmp.Equal(r.EventIDs, []string{"16"}) || !cmp.Equal(r.Techniques, []string{"T1003"}) {
		t.Errorf("title %q, event ids %v, techniques %v", r.Title, r.EventIDs, r.Techniques)
	}
}

func TestTaxonomy(t *testing.T) {
	sysmon := func(id string) logsource.Event {
		return logsource.Event{Channel: "Microsoft-Windows-Sysmon/Operational", Provider: "Microsoft-Windows-Sysmon", ID: id}
	}
	tests := []struct {
		ls   LogSource
		want []logsource.Event
	}{
		{LogSource{Product: "windows", Category: "process_creation"},
			[]logsource.Event{sysmon("1"), {Channel: "Security", Provider: "Microsoft-Windows-Security-Auditing", ID: "4688"}}},
		{LogSource{Category: "process_creation"},
			[]logsource.Event{sysmon("1"), {Channel: "Security", Provider: "Microsoft-Windows-Security-Auditing", ID: "4688"}}},
		{LogSource{Product: "Windows", Category: "Registry_Set"}, []logsource.Event{sysmon("13")}},
		{LogSource{Product: "windows", Category: "network_connection"}, []logsource.Event{sysmon("3")}},
		{LogSource{Product: "windows", Service: "security"}, []logsource.Event{{Channel: "Security", Provider: "Microsoft-Windows-Security-Auditing"}}},
		{LogSource{Product: "windows", Service: "sysmon"}, []logsource.Event{{Channel: "Microsoft-Windows-Sysmon/Operational", Provider: "Microsoft-Windows-Sysmon"}}},
		{LogSource{Product: "windows", Service: "powershell"}, []logsource.Event{{Channel: "Microsoft-Windows-PowerShell/Operational", Provider: "Microsoft-Windows-PowerShell"}}},
		{LogSource{Product: "windows", Category: "ps_script"}, []logsource.Event{
			{Channel: "Microsoft-Windows-PowerShell/Operational", Provider: "Microsoft-Windows-PowerShell", ID: "4104"},
			{Channel: "PowerShellCore/Operational", Provider: "PowerShellCore", ID: "4104"}}},
		{LogSource{Product: "windows", Service: "msexchange-management"}, []logsource.Event{{Channel: "MSExchange Management"}}},
		{LogSource{Product: "linux", Category: "process_creation"}, nil},
		{LogSource{Product: "windows", Category: "no_such"}, nil},
		{LogSource{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.ls.String(), func(t *testing.T) {
			if d := cmp.Diff(tt.want, tt.ls.Events()); d != "" {
				t.Errorf("(-want +got)\n%s", d)
			}
		})
	}
	// Every row has events, and no key is listed twice.
	seen := map[string]bool{}
	for _, tx := range Taxonomy {
		if len(tx.Events) == 0 || seen[tx.Key()] {
			t.Errorf("taxonomy row %s: %d events, duplicate %v", tx.Key(), len(tx.Events), seen[tx.Key()])
		}
		seen[tx.Key()] = true
	}
}

func TestNegatedEventIDs(t *testing.T) {
	tests := []struct {
		condition    string
		ids, negated []string
	}{
		{"selection and not filter", []string{"4624"}, []string{"4634"}},
		{"selection and not 1 of filter*", []string{"4624"}, []string{"4634"}},
		{"1 of them", []string{"4634", "4624"}, nil},
		{"selection or filter", []string{"4634", "4624"}, nil},
		{"selection and not filter or filter", []string{"4634", "4624"}, nil},
		{"selection and not (filter)", []string{"4634", "4624"}, nil}, // a not before ( negates nothing here
		{"not selection", []string{"4634"}, []string{"4624"}},
	}
	for _, tt := range tests {
		t.Run(tt.condition, func(t *testing.T) {
			doc := "title: x\ndetection:\n    selection: {EventID: 4624}\n    filter: {EventID: 4634}\n    condition: " + tt.condition + "\n"
			rules, err := Parse([]byte(doc), "x.yml")
			if err != nil {
				t.Fatal(err)
			}
			got := [][]string{rules[0].EventIDs, rules[0].NegatedEventIDs}
			if d := cmp.Diff([][]string{tt.ids, tt.negated}, got); d != "" {
				t.Errorf("(-want +got)\n%s", d)
			}
		})
	}
}
