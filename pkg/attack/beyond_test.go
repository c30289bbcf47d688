package attack

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/internal/golden"
	"github.com/huntbook/huntbook/pkg/inventory"
	"github.com/huntbook/huntbook/pkg/ossem"
)

// golden compares got with testdata/attack/name, rewriting it with -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	golden.Check(t, filepath.Join("..", "..", "testdata", "attack", name), []byte(got))
}

func demo(t testing.TB) *ossem.Mapping {
	t.Helper()
	m, err := ossem.Demo()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func loadInventory(t testing.TB, name string) *inventory.Inventory {
	t.Helper()
	inv, err := inventory.Load(filepath.Join("..", "..", "testdata", "inventory", name), nil)
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

func parseMapping(t *testing.T, yaml string) *ossem.Mapping {
	t.Helper()
	m, err := ossem.Parse([]byte(yaml), "test.yaml", 1)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// A small 2021-schema mapping written for these tests.
const tiny = `- technique_id: T1
  x_mitre_is_subtechnique: false
  technique: One
  tactic: [execution]
  platform: [Windows]
  data_source: process
  data_component: process creation
  name: Process created Process
  source: process
  relationship: created
  target: process
  event_id: 4688
  event_name: A new process has been created.
  event_platform: Windows
  audit_category: Detailed Tracking
  audit_sub_category: Process Creation
  log_channel: Security
  log_provider: Microsoft-Windows-Security-Auditing
- technique_id: T1
  x_mitre_is_subtechnique: false
  technique: One
  tactic: [execution]
  platform: [Windows]
  data_source: process
  data_component: process creation
  name: Process created Process
  source: process
  relationship: created
  target: process
  event_id: 1
  event_name: Process Creation.
  event_platform: Windows
  audit_category: ProcessCreate
  audit_sub_category: .nan
  log_channel: Microsoft-Windows-Sysmon/Operational
  log_provider: Microsoft-Windows-Sysmon
- technique_id: T1
  x_mitre_is_subtechnique: false
  technique: One
  tactic: [execution]
  platform: [Windows]
  data_source: process
  data_component: os api execution
  name: .nan
  source: .nan
  relationship: .nan
  target: .nan
  event_id: .nan
  event_name: .nan
  event_platform: .nan
  audit_category: .nan
  audit_sub_category: .nan
  log_channel: .nan
  log_provider: .nan
- technique_id: T2.001
  x_mitre_is_subtechnique: true
  technique: Two
  tactic: [persistence, defense-evasion]
  platform: [Windows]
  data_source: process
  data_component: process access
  name: Process accessed Process
  source: process
  relationship: accessed
  target: process
  event_id: 10
  event_name: Process accessed.
  event_platform: Windows
  audit_category: ProcessAccess
  audit_sub_category: .nan
  log_channel: Microsoft-Windows-Sysmon/Operational
  log_provider: Microsoft-Windows-Sysmon
- technique_id: T2.001
  x_mitre_is_subtechnique: true
  technique: Two
  tactic: [persistence, defense-evasion]
  platform: [Windows]
  data_source: process
  data_component: process creation
  name: Process created Process
  source: process
  relationship: created
  target: process
  event_id: DeviceProcessEvents
  event_name: DeviceProcessEvents
  event_platform: Windows
  audit_category: .nan
  audit_sub_category: .nan
  log_channel: null
  log_provider: Windows Defender Advanced Threat Protection
- technique_id: T3
  x_mitre_is_subtechnique: false
  technique: Three
  tactic: [impact]
  platform: [Windows]
  data_source: firmware
  data_component: firmware modification
  name: .nan
  source: .nan
  relationship: .nan
  target: .nan
  event_id: .nan
  event_name: .nan
  event_platform: .nan
  audit_category: .nan
  audit_sub_category: .nan
  log_channel: .nan
  log_provider: .nan
`

func TestEvent(t *testing.T) {
	m := parseMapping(t, tiny)
	for _, tt := range []struct {
		name  string
		q     EventQuery
		techs []string
		evs   []string
		err   string
	}{
		{"id only", EventQuery{ID: "4688"}, []string{"T1"}, []string{"Security 4688"}, ""},
		{"channel", EventQuery{ID: "1", Channel: "microsoft-windows-sysmon/operational"}, []string{"T1"}, []string{"Microsoft-Windows-Sysmon/Operational 1"}, ""},
		{"provider", EventQuery{ID: "10", Provider: "Microsoft-Windows-Sysmon"}, []string{"T2.001"}, []string{"Microsoft-Windows-Sysmon/Operational 10"}, ""},
		{"defender table, any case", EventQuery{ID: "deviceprocessevents"}, []string{"T2.001"}, []string{"DeviceProcessEvents"}, ""},
		{"wrong channel", EventQuery{ID: "4688", Channel: "System"}, nil, nil,
			"attack: no mapped event 4688 in channel System in test.yaml; id 4688 is mapped as Security 4688: drop or change --channel/--provider"},
		{"unknown id of known provider", EventQuery{ID: "99", Provider: "Microsoft-Windows-Sysmon"}, nil, nil,
			"attack: no mapped event 99 from provider Microsoft-Windows-Sysmon in test.yaml; that source has ids 1, 10"},
		{"unknown", EventQuery{ID: "4625"}, nil, nil,
			"attack: no mapped event 4625 in test.yaml; check the id (Defender tables are named like DeviceProcessEvents)"},
		{"empty", EventQuery{}, nil, nil, "attack: no event id given; name one such as 4688 or DeviceProcessEvents"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v, err := Event(m, tt.q)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("error %v, want %s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var techs, evs []string
			for _, x := range v.Techniques {
				techs = append(techs, x.ID)
			}
			for _, e := range v.Events {
				evs = append(evs, e.String())
			}
			if diff := cmp.Diff(tt.techs, techs); diff != "" {
				t.Errorf("techniques (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.evs, evs); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCoverageTiny(t *testing.T) {
	m := parseMapping(t, tiny)
	inv, err := inventory.Parse([]byte("- channel: Security\n  event_id: 4688\n- channel: Security\n  event_id: 4689\n"), "inv.yaml", inventory.YAML)
	if err != nil {
		t.Fatal(err)
	}
	c := CoverageOf(m, inv)
	type row struct {
		ID                           string
		Status                       Status
		Score                        float64
		Scored                       bool
		Covered, Missing, Unmappable int
	}
	var got []row
	for _, x := range c.Techniques {
		got = append(got, row{x.ID, x.Status, x.Score, x.Scored, x.Covered, x.Missing, x.Unmappable})
	}
	want := []row{
		{"T1", Covered, 1, true, 1, 0, 1},     // os api execution has no event: unmappable, not missing
		{"T2.001", Missing, 0, true, 0, 2, 0}, // Sysmon 10 and the Defender table are not collected
		{"T3", Unmappable, 0, false, 0, 0, 1}, // nothing mapped at all
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(TacticCoverage{Tactic: "all", Techniques: 3, Covered: 1, Missing: 1, Unmappable: 1, Score: 0.5}, c.Overall); diff != "" {
		t.Errorf("overall (-want +got):\n%s", diff)
	}
	var next []string
	for _, r := range c.Next {
		next = append(next, r.Event.String()+" "+strings.Join(r.Techniques, ","))
	}
	// Sysmon 1 covers nothing missing (T1's creation is covered), so it is not listed.
	if diff := cmp.Diff([]string{"DeviceProcessEvents T2.001", "Microsoft-Windows-Sysmon/Operational 10 T2.001"}, next); diff != "" {
		t.Errorf("next (-want +got):\n%s", diff)
	}
	if u := c.Unmatched(); len(u) != 1 || u[0].EventID != "4689" {
		t.Errorf("unmatched entries %v, want the 4689 entry", u)
	}
}

func TestCoverageDemoGolden(t *testing.T) {
	m := demo(t)
	c := CoverageOf(m, loadInventory(t, "workstations.yaml"))
	checkGolden(t, "coverage_demo.golden", c.TacticsFrame().String()+"\n\n"+c.TechniquesFrame().String()+"\n\n"+c.NextFrame(0).String()+"\n")
	l, err := NewLayer(c, LayerOptions{}).JSON()
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "layer_demo.json", string(l))
}

// TestRealMappingEvents pins what the real mappings say about Sysmon event
// 10 and Security 4688, counted independently with pandas.
func TestRealMappingEvents(t *testing.T) {
	for _, tt := range []struct {
		schema, id, channel string
		techniques, rows    int
	}{
		{"2021", "10", "Microsoft-Windows-Sysmon/Operational", 18, 18},
		{"2021", "4688", "Security", 273, 876},
		{"2022", "10", "Microsoft-Windows-Sysmon/Operational", 18, 36},
		{"2022", "4688", "Security", 248, 804},
	} {
		t.Run(tt.schema+"/"+tt.id, func(t *testing.T) {
			m := loadShared(t, tt.schema)
			v, err := Event(m, EventQuery{ID: tt.id, Channel: tt.channel})
			if err != nil {
				t.Fatal(err)
			}
			if len(v.Techniques) != tt.techniques || v.Rows.Len() != tt.rows {
				t.Errorf("%d techniques, %d rows; pandas counts %d and %d", len(v.Techniques), v.Rows.Len(), tt.techniques, tt.rows)
			}
			if tt.id == "10" {
				checkGolden(t, "event_"+tt.schema+"_"+tt.id+".golden", v.Rows.String()+"\n")
			}
		})
	}
}

// TestEventNamesOneLog checks that every name of a log asks the same
// question: the channel, the provider and ATT&CK's log-source name.
func TestEventNamesOneLog(t *testing.T) {
	m, err := ossem.Demo()
	if err != nil {
		t.Fatal(err)
	}
	want, err := Event(m, EventQuery{ID: "10", Channel: "Microsoft-Windows-Sysmon/Operational"})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []EventQuery{
		{ID: "10", Channel: "WinEventLog:Sysmon"},
		{ID: "10", Provider: "microsoft-windows-sysmon"},
		{ID: "10", Channel: "wineventlog:microsoft-windows-sysmon/operational"},
	} {
		got, err := Event(m, q)
		if err != nil {
			t.Errorf("%v: %v", q, err)
			continue
		}
		if got.Rows.String() != want.Rows.String() {
			t.Errorf("%v gives other rows than the channel name:\n%s\nwant\n%s", q, got.Rows, want.Rows)
		}
	}
	if _, err := Event(m, EventQuery{ID: "10", Channel: "Security"}); err == nil {
		t.Error("Security 10 found: the channel is ignored")
	}
}

// TestResultsDisplayAsTheirTables: a result shown in a notebook cell is
// the same tables, through the same renderer, as the CLI's and report's.
func TestResultsDisplayAsTheirTables(t *testing.T) {
	m := demo(t)
	c := CoverageOf(m, loadInventory(t, "workstations.yaml"))
	got := c.HTML()
	for _, want := range []string{"<h3>Per technique (--format csv for every column):</h3>", "<th>covered_by</th>", "T1003.001"} {
		if !strings.Contains(got, want) {
			t.Errorf("Coverage.HTML lacks %q", want)
		}
	}
	v, err := Technique(m, "T1003.001")
	if err != nil {
		t.Fatal(err)
	}
	if h := v.HTML(); !strings.Contains(h, "<h3>Security events:</h3>") || !strings.Contains(h, "4688") {
		t.Errorf("TechniqueView.HTML:\n%.300s", h)
	}
}
