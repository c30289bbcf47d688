package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/pkg/attack"
	"github.com/huntbook/huntbook/pkg/inventory"
	"github.com/huntbook/huntbook/pkg/ossem"
)

// The JSON each command writes is the result type of its analysis: these
// tests read it back into that type and compare with the value computed
// directly, so the documented contract cannot drift from the code.

func decode[T any](t *testing.T, out string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("output is not the result type: %v\n%s", err, out)
	}
	return v
}

func TestCoverageJSONReadsBack(t *testing.T) {
	code, out, errOut := run(t, "", "coverage", "--demo", "--inventory", "../../testdata/inventory/workstations.yaml", "--format", "json", "--next", "3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	got := decode[*attack.Coverage](t, out)
	m, err := ossem.Demo()
	if err != nil {
		t.Fatal(err)
	}
	inv, err := inventory.Load("../../testdata/inventory/workstations.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := attack.CoverageOf(m, inv)
	want.Next = want.Next[:3]
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("coverage JSON read back (-want +got):\n%s", diff)
	}
}

func TestDiffJSONReadsBack(t *testing.T) {
	edited := filepath.Join(t.TempDir(), "edited.yaml")
	if err := os.WriteFile(edited, []byte(demoEdited(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "", "diff", "demo", edited, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	got := decode[*attack.Diff](t, out)
	old, err := ossem.Demo()
	if err != nil {
		t.Fatal(err)
	}
	code, out2, _ := run(t, "", "diff", "demo", edited, "--format", "json")
	if code != 0 || out2 != out {
		t.Fatal("diff JSON differs between two runs")
	}
	newer, err := ossem.Load(t.Context(), edited, ossem.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := attack.DiffMappings(old, newer)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diff JSON read back (-want +got):\n%s", diff)
	}
	if !slices.Equal(got.TechniquesRemoved, []string{"T1014"}) || len(got.EventsChanged) != 1 {
		t.Errorf("diff: removed %v, %d events changed; want [T1014] and 1", got.TechniquesRemoved, len(got.EventsChanged))
	}
}

func TestTechniqueAndEventJSONReadBack(t *testing.T) {
	m, err := ossem.Demo()
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "", "technique", "--demo", "T1003.001", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	gotT := decode[*attack.TechniqueView](t, out)
	wantT, err := attack.Technique(m, "T1003.001")
	if err != nil {
		t.Fatal(err)
	}
	// JSON has one null for pandas' NaN and None: compare frames as JSON.
	if gotT.ID != wantT.ID || gotT.Name != wantT.Name || !slices.Equal(gotT.Tactics, wantT.Tactics) ||
		asJSON(t, gotT.Events) != asJSON(t, wantT.Events) || gotT.Components.String() != wantT.Components.String() ||
		!slices.Equal(gotT.Gaps, wantT.Gaps) {
		t.Errorf("technique JSON read back differs:\n%+v\nwant\n%+v", gotT, wantT)
	}

	code, out, errOut = run(t, "", "event", "--demo", "10", "--channel", "WinEventLog:Sysmon", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	gotE := decode[*attack.EventView](t, out)
	wantE, err := attack.Event(m, attack.EventQuery{ID: "10", Channel: "WinEventLog:Sysmon"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wantE.Techniques, gotE.Techniques); diff != "" {
		t.Errorf("event techniques read back (-want +got):\n%s", diff)
	}
	if asJSON(t, gotE.Rows) != asJSON(t, wantE.Rows) || !slices.Equal(gotE.Events, wantE.Events) {
		t.Errorf("event rows read back differ:\n%s\nwant\n%s", gotE.Rows, wantE.Rows)
	}
}

func asJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestTerminalEscapes: YAML's \e escapes pass the loader's control
// character check (the file itself holds none); what reaches the terminal
// from them must be escaped text, in tables, prose and warnings alike.
func TestTerminalEscapes(t *testing.T) {
	dir := t.TempDir()
	m := filepath.Join(dir, "m.yaml")
	if err := os.WriteFile(m, []byte(`- technique_id: T1003
  x_mitre_is_subtechnique: false
  technique: "Evil \e]0;pwned\a\e[2J"
  tactic: ["credential-access\e[31m"]
  platform: [Windows]
  data_source: process
  data_component: "process access\e]52;c;Y2xpcA==\a"
  event_id: 10
  event_name: ProcessAccess
  log_channel: Microsoft-Windows-Sysmon/Operational
  log_provider: Microsoft-Windows-Sysmon
`), 0o644); err != nil {
		t.Fatal(err)
	}
	inv := filepath.Join(dir, "inv.yaml")
	if err := os.WriteFile(inv, []byte("events:\n  - {channel: \"Sec\\e[2Jurity\", event_id: 1}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"head", "--mapping", m},
		{"technique", "T1003", "--mapping", m},
		{"event", "10", "--mapping", m},
		{"gaps", "--mapping", m},
		{"coverage", "--mapping", m, "--inventory", inv},
		{"technique", "T1003\x1b[2J", "--mapping", m},
	} {
		_, out, errOut := run(t, "", args...)
		if strings.ContainsAny(out+errOut, "\x1b\x07") {
			t.Errorf("%v writes raw control characters:\n%q\n%q", args[0], out, errOut)
		}
		if args[0] == "technique" && args[1] == "T1003" && !strings.Contains(out, `Evil \x1b]0;pwned\x07`) {
			t.Errorf("technique: the name is not shown escaped:\n%s", out)
		}
	}
}
