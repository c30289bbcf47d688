package attack

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/internal/golden"
	"github.com/huntbook/huntbook/pkg/inventory"
	"github.com/huntbook/huntbook/pkg/ossem"
	"github.com/huntbook/huntbook/pkg/render"
	"github.com/huntbook/huntbook/pkg/sigma"
)

func handMadeJoin(t *testing.T) *RuleCoverage {
	t.Helper()
	set, err := sigma.ReadDir("../../testdata/sigma/rules")
	if err != nil {
		t.Fatal(err)
	}
	inv, err := inventory.Load("../../testdata/sigma/inventory.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	m, err := ossem.Demo()
	if err != nil {
		t.Fatal(err)
	}
	return RulesOf(set, RulesOptions{Mapping: m, Inventory: inv, Source: "testdata/sigma/rules"})
}

func TestRulesOfHandMade(t *testing.T) {
	rc := handMadeJoin(t)
	type row struct {
		Fire      Fire
		Collected []string
		Arm       []string
	}
	got := map[string]row{}
	for _, j := range rc.RuleJoins {
		got[j.ID[len(j.ID)-2:]] = row{j.Fire, j.Collected, j.Arm}
	}
	sysmon := "Microsoft-Windows-Sysmon/Operational "
	want := map[string]row{
		"01": {Silent, []string{}, []string{sysmon + "10"}},
		"02": {Fires, []string{"Security 4624", "Security 4625"}, []string{}}, // 4634 is in a negated filter
		"03": {Silent, []string{}, []string{"Security 1102 + Security 517"}},
		"04": {FiresPartly, []string{"System"}, []string{}},
		"05": {Fires, []string{"Microsoft-Windows-PowerShell/Operational 4104"}, []string{}},
		"06": {Unplaced, []string{}, []string{}},
		"07": {Unplaced, []string{}, []string{}},
		"10": {Fires, []string{"System 7045"}, []string{}},
		"11": {Silent, []string{}, []string{"Security 4697"}},
		"12": {Fires, []string{sysmon + "1"}, []string{}},
		"13": {Silent, []string{}, []string{sysmon + "13"}},
		"20": {Fires, []string{sysmon + "3"}, []string{}},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("joins (-want +got)\n%s", d)
	}
	states := map[string]DetectionState{}
	for _, tr := range rc.Techniques {
		if len(tr.Rules) > 0 || tr.State != Blind {
			states[tr.ID] = tr.State
		}
	}
	for id, st := range map[string]DetectionState{
		"T1059.001": Detected,      // ps_script fires
		"T1543.003": Detected,      // System 7045
		"T1003.001": VisibleNoRule, // Sysmon 1 makes it visible; its rule reads Sysmon 10
		"T1685":     Detected,      // unknown to the mapping, still detected
		"T1574.011": NotArmed,      // its rule reads Sysmon 13, not collected
		"T1003":     Blind,         // its one rule has no logsource: unplaced
	} {
		if states[id] != st {
			t.Errorf("%s: state %q, want %q", id, states[id], st)
		}
	}
	var unknown []string
	for _, u := range rc.Unknown {
		unknown = append(unknown, u.ID)
	}
	if d := cmp.Diff([]string{"T1003", "T1055", "T1110.001", "T1574.011", "T1685"}, unknown); d != "" {
		t.Errorf("unknown techniques (-want +got)\n%s", d)
	}
}

func TestRulesGolden(t *testing.T) {
	rc := handMadeJoin(t)
	for _, f := range []render.Format{render.JSON, render.Text} {
		var b bytes.Buffer
		if err := render.Write(&b, f, rc); err != nil {
			t.Fatal(err)
		}
		golden.Check(t, "../../testdata/sigma/rules_join."+string(f)+".golden", b.Bytes())
	}
	data, err := NewRulesLayer(rc, LayerOptions{}).JSON()
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "../../testdata/sigma/rules_layer.golden.json", data)
}

// TestRulesRelease: a tag the ATT&CK release in use does not know is
// listed even when the mapping has it, and says which of the two lacks it.
func TestRulesRelease(t *testing.T) {
	set, err := sigma.ReadDir("../../testdata/sigma/rules")
	if err != nil {
		t.Fatal(err)
	}
	m, err := ossem.Demo()
	if err != nil {
		t.Fatal(err)
	}
	release := func(id string) bool { return id != "T1685" && id != "T1059.001" } // a pretend release
	rc := RulesOf(set, RulesOptions{Mapping: m, Source: "x", Release: release, ReleaseName: "pretend"})
	got := map[string][2]bool{}
	for _, u := range rc.Unknown {
		got[u.ID] = [2]bool{u.NotInMapping, u.NotInRelease}
	}
	want := map[string][2]bool{
		"T1003": {true, false}, "T1055": {true, false}, "T1110.001": {true, false}, "T1574.011": {true, false},
		"T1685":     {true, true},
		"T1059.001": {false, true}, // in the demo mapping, not in the pretend release
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("unknown (-want +got)\n%s", d)
	}
}
