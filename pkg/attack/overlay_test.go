package attack

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/pkg/inventory"
	"github.com/huntbook/huntbook/pkg/ossem"
	"github.com/huntbook/huntbook/pkg/render"
	"github.com/huntbook/huntbook/pkg/stix"
)

// release is a small v18-shaped bundle: T1003.001 current with an
// analytic citing Sysmon 10 and Security 4663; T1059.001 renamed; T1055
// moved to another tactic; T1002 revoked by T1560; T1053.004 deprecated.
const release = `{"type": "bundle", "id": "bundle--1", "objects": [
 {"type": "attack-pattern", "id": "attack-pattern--1", "name": "LSASS Memory", "modified": "2025-11-01T00:00:00.000Z",
  "external_references": [{"source_name": "mitre-attack", "external_id": "T1003.001"}],
  "kill_chain_phases": [{"kill_chain_name": "mitre-attack", "phase_name": "credential-access"}]},
 {"type": "attack-pattern", "id": "attack-pattern--2", "name": "PowerShell Today",
  "external_references": [{"source_name": "mitre-attack", "external_id": "T1059.001"}],
  "kill_chain_phases": [{"kill_chain_name": "mitre-attack", "phase_name": "execution"}]},
 {"type": "attack-pattern", "id": "attack-pattern--3", "name": "Process Injection",
  "external_references": [{"source_name": "mitre-attack", "external_id": "T1055"}],
  "kill_chain_phases": [{"kill_chain_name": "mitre-attack", "phase_name": "privilege-escalation"}]},
 {"type": "attack-pattern", "id": "attack-pattern--4", "name": "Data Compressed", "revoked": true,
  "external_references": [{"source_name": "mitre-attack", "external_id": "T1002"}]},
 {"type": "attack-pattern", "id": "attack-pattern--5", "name": "Archive Collected Data",
  "external_references": [{"source_name": "mitre-attack", "external_id": "T1560"}],
  "kill_chain_phases": [{"kill_chain_name": "mitre-attack", "phase_name": "collection"}]},
 {"type": "attack-pattern", "id": "attack-pattern--6", "name": "Cron", "x_mitre_deprecated": true,
  "external_references": [{"source_name": "mitre-attack", "external_id": "T1053.004"}]},
 {"type": "relationship", "id": "relationship--r", "relationship_type": "revoked-by", "source_ref": "attack-pattern--4", "target_ref": "attack-pattern--5"},
 {"type": "x-mitre-data-component", "id": "x-mitre-data-component--pa", "name": "Process Access"},
 {"type": "x-mitre-data-source", "id": "x-mitre-data-source--p", "name": "Process", "x_mitre_deprecated": true},
 {"type": "x-mitre-detection-strategy", "id": "x-mitre-detection-strategy--s", "name": "LSASS",
  "external_references": [{"source_name": "mitre-attack", "external_id": "DET0363"}], "x_mitre_analytic_refs": ["x-mitre-analytic--a"]},
 {"type": "x-mitre-analytic", "id": "x-mitre-analytic--a", "name": "Analytic 1030", "x_mitre_platforms": ["Windows"],
  "external_references": [{"source_name": "mitre-attack", "external_id": "AN1030"}],
  "x_mitre_log_source_references": [
   {"x_mitre_data_component_ref": "x-mitre-data-component--pa", "name": "WinEventLog:Sysmon", "channel": "EventCode=10"},
   {"x_mitre_data_component_ref": "x-mitre-data-component--pa", "name": "WinEventLog:Security", "channel": "EventCode=4663"},
   {"x_mitre_data_component_ref": "x-mitre-data-component--pa", "name": "macos:unifiedlog", "channel": "task_for_pid"}]},
 {"type": "relationship", "id": "relationship--d", "relationship_type": "detects", "source_ref": "x-mitre-detection-strategy--s", "target_ref": "attack-pattern--1"}
]}`

func overlayMapping() *ossem.Mapping {
	rec := func(id, name, tactic, channel, provider, event string) ossem.Record {
		r := ossem.Record{TechniqueID: id, Technique: name, Tactic: []string{tactic}, DataSource: "process", DataComponent: "process access",
			Channel: channel, Provider: provider, EventID: event}
		if event == "" {
			r.SetState(ossem.EventID, ossem.NaN)
		}
		return r
	}
	return &ossem.Mapping{Schema: ossem.Schema2022, Source: "m.yaml", Records: []ossem.Record{
		rec("T1003.001", "LSASS Memory", "credential-access", "Microsoft-Windows-Sysmon/Operational", "Microsoft-Windows-Sysmon", "10"),
		rec("T1003.001", "LSASS Memory", "credential-access", "Security", "Microsoft-Windows-Security-Auditing", "4656"),
		rec("T1059.001", "PowerShell", "execution", "", "", ""),
		rec("T1055", "Process Injection", "defense-evasion", "", "", ""),
		rec("T1002", "Data Compressed", "exfiltration", "", "", ""),
		rec("T1053.004", "Launchd", "execution", "", "", ""),
		rec("T1685", "Disable or Modify Tools", "defense-evasion", "", "", ""),
	}}
}

func TestOverlay(t *testing.T) {
	b, err := stix.Parse([]byte(release), "r.json")
	if err != nil {
		t.Fatal(err)
	}
	o := NewOverlay(overlayMapping(), b)
	type row struct {
		ID    string
		State State
		By    string
		Only  string
		Not   string
	}
	var got []row
	for _, st := range o.Techniques {
		got = append(got, row{st.ID, st.State, st.RevokedBy, strings.Join(st.AttackOnly, ","), strings.Join(st.MappingOnly, ",")})
	}
	want := []row{
		{"T1002", Revoked, "T1560", "", ""},
		{"T1003.001", Current, "", "Security 4663", "Security 4656"}, // macOS is not a log the mapping knows
		{"T1053.004", Deprecated, "", "", ""},
		{"T1055", Moved, "", "", ""},
		{"T1059.001", Renamed, "", "", ""},
		{"T1685", Unknown, "", "", ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("overlay (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]string{"T1002": "T1560", "T1053.004": "", "T1685": ""}, o.Remap()); diff != "" {
		t.Errorf("remap (-want +got):\n%s", diff)
	}
	if n := o.Of("t1002").Note(o.Release); n != "T1002 is revoked in ATT&CK v18.1 (inferred): use T1560 (Archive Collected Data)" {
		t.Errorf("note %q", n)
	}
	if n := o.Of("T1685").Note(o.Release); !strings.Contains(n, "T1685 is not in ATT&CK v18.1 (inferred)") {
		t.Errorf("note %q", n)
	}
	if got := o.Of("T1003.001").DeprecatedSources; len(got) != 1 || got[0] != "process" {
		t.Errorf("deprecated data sources %v", got)
	}
	if f := o.Frame(); f.Err() != nil || f.Len() != 6 {
		t.Errorf("frame: %v", f.Err())
	}
}

func TestDiffReleases(t *testing.T) {
	newer, err := stix.Parse([]byte(release), "new.json")
	if err != nil {
		t.Fatal(err)
	}
	older := strings.NewReplacer(`"name": "PowerShell Today"`, `"name": "PowerShell"`, `"revoked": true,`, ``,
		`"x_mitre_deprecated": true,`, ``, `"channel": "EventCode=4663"`, `"channel": "EventCode=4656"`).Replace(release)
	old, err := stix.Parse([]byte(older), "old.json")
	if err != nil {
		t.Fatal(err)
	}
	d := DiffReleases(old, newer)
	if diff := cmp.Diff([]string{"T1059.001 PowerShell → PowerShell Today"}, d.Renamed); diff != "" {
		t.Error(diff)
	}
	if diff := cmp.Diff([]string{"T1002 Data Compressed → T1560 Archive Collected Data"}, d.Revoked); diff != "" {
		t.Error(diff)
	}
	if diff := cmp.Diff([]string{"T1053.004 Cron"}, d.Deprecated); diff != "" {
		t.Error(diff)
	}
	if diff := cmp.Diff([]EventChange{{ID: "T1003.001", Gained: []string{"Security 4663"}, Lost: []string{"Security 4656"}}}, d.Events); diff != "" {
		t.Error(diff)
	}
	ev := DiffEvents(overlayMapping(), newer.Mapping())
	if diff := cmp.Diff([]EventChange{{ID: "T1003.001", Gained: []string{"Security 4663", "macos:unifiedlog task_for_pid"}, Lost: []string{"Security 4656"}}}, ev); diff != "" {
		t.Error(diff)
	}
}

func TestAttackVersionOfBundle(t *testing.T) {
	for s, want := range map[ossem.Schema]string{"ATT&CK Enterprise v18.1, inferred (STIX 2.0)": "18", "ATT&CK v9.0 (STIX 2.0)": "9", "2022": "11"} {
		if got := AttackVersion(s); got != want {
			t.Errorf("AttackVersion(%q) = %q, want %q", s, got, want)
		}
	}
}

// Gaps and coverage seen in a release say each technique's state and
// replacement in every format: the JSON fields and the table columns.
func TestMarkInRelease(t *testing.T) {
	b, err := stix.Parse([]byte(release), "r.json")
	if err != nil {
		t.Fatal(err)
	}
	m := overlayMapping()
	o := NewOverlay(m, b)

	gaps := Gaps(m)
	if f := GapsFrame(gaps); slices.Contains(f.Columns(), "technique_states") {
		t.Errorf("unmarked gaps have the state columns: %v", f.Columns())
	}
	o.MarkGaps(gaps)
	type state struct{ ID, State, By string }
	var got []state
	for _, g := range gaps {
		for i, id := range g.Techniques {
			got = append(got, state{id, string(g.States[i]), g.RevokedBy[i]})
		}
	}
	want := []state{{"T1059.001", "renamed", ""}, {"T1055", "moved", ""}, {"T1002", "revoked", "T1560"},
		{"T1053.004", "deprecated", ""}, {"T1685", "unknown", ""}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("gap states (-want +got):\n%s", diff)
	}
	var csv bytes.Buffer
	if err := render.Write(&csv, render.CSV, GapList(gaps)); err != nil {
		t.Fatal(err)
	}
	wantCSV := ",data_source,data_component,techniques,technique_ids,technique_states,revoked_by\n" +
		`0,process,process access,5,"[T1059.001, T1055, T1002, T1053.004, T1685]","[renamed, moved, revoked, deprecated, unknown]","[, , T1560, , ]"` + "\n"
	if diff := cmp.Diff(wantCSV, csv.String()); diff != "" {
		t.Errorf("gaps CSV (-want +got):\n%s", diff)
	}
	js, err := json.Marshal(GapList(gaps))
	if err != nil || !strings.Contains(string(js), `"technique_states":["renamed","moved","revoked","deprecated","unknown"],"revoked_by":["","","T1560","",""]`) {
		t.Errorf("gaps JSON: %v %s", err, js)
	}

	inv, err := inventory.Parse([]byte("- channel: Security\n  event_id: 4656\n"), "inv.yaml", inventory.YAML)
	if err != nil {
		t.Fatal(err)
	}
	c := CoverageOf(m, inv)
	if slices.Contains(c.TechniquesFrame().Columns(), ColState) {
		t.Error("unmarked coverage has a state column")
	}
	o.MarkCoverage(c)
	got = got[:0]
	for _, tc := range c.Techniques {
		got = append(got, state{tc.ID, string(tc.State), tc.RevokedBy})
	}
	want = []state{{"T1002", "revoked", "T1560"}, {"T1003.001", "current", ""}, {"T1053.004", "deprecated", ""},
		{"T1055", "moved", ""}, {"T1059.001", "renamed", ""}, {"T1685", "unknown", ""}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("coverage states (-want +got):\n%s", diff)
	}
	f := c.TechniquesFrame()
	if cols := f.Columns(); !slices.Equal(cols[:4], []string{ColTechniqueID, "technique", ColState, ColRevokedBy}) {
		t.Errorf("coverage columns %v", cols)
	}
	csv.Reset()
	if err := render.Write(&csv, render.CSV, c); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(csv.String(), "\n0,T1002,Data Compressed,revoked,T1560,") {
		t.Errorf("coverage CSV:\n%s", csv.String())
	}
	js, err = json.Marshal(c)
	if err != nil || !strings.Contains(string(js), `"state":"revoked","revoked_by":"T1560"`) || !strings.Contains(string(js), `"attack_release":"ATT\u0026CK v18.1 (inferred)"`) {
		t.Errorf("coverage JSON: %v %s", err, js)
	}
	var text bytes.Buffer
	if err := render.Write(&text, render.Text, c); err != nil || !strings.Contains(text.String(), "revoked_by") {
		t.Errorf("coverage text has no state columns: %v\n%s", err, text.String())
	}
}
