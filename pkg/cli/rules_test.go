package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/internal/golden"
	"github.com/huntbook/huntbook/pkg/attack"
	"github.com/huntbook/huntbook/pkg/evtx/evtxtest"
	"github.com/huntbook/huntbook/pkg/inventory"
	"github.com/huntbook/huntbook/pkg/ossem"
	"github.com/huntbook/huntbook/pkg/sigma"
)

func TestRulesGolden(t *testing.T) {
	const rules = "../../testdata/sigma/rules"
	const inv = "../../testdata/sigma/inventory.yaml"
	realRules := "../../../shared/data/sigma/rules"
	realMapping := "../../../shared/data/ossem-dm/techniques_to_events_mapping.yaml"
	cases := map[string][]string{
		"rules_handmade":           {"rules", "--sigma", rules},
		"rules_handmade_demo_csv":  {"rules", "--sigma", rules, "--demo", "--inventory", inv, "--format", "csv"},
		"rules_handmade_technique": {"rules", "--sigma", rules, "--demo", "--inventory", inv, "--technique", "t1543.003"},
		"rules_one_file":           {"rules", "--sigma", rules + "/windows/logon_eventid_list.yml", "--demo", "--inventory", inv, "--format", "json"},
		"rules_no_sigma":           {"rules", "--demo"},
		"rules_layer_no_inventory": {"rules", "--sigma", rules, "--layer", "x.json"},
		"rules_missing_dir":        {"rules", "--sigma", "../../testdata/sigma/no-such-dir"},
		"rules_unknown_technique":  {"rules", "--sigma", rules, "--demo", "--inventory", inv, "--technique", "T9999"},
		"rules_all_skipped":        {"rules", "--sigma", "../../testdata/sigma/hostile/binary.yml"},
		"rules_empty_dir":          {"rules", "--sigma", "../../testdata/sigma/hostile/no-rules"},
		"rules_real_t1003_001":     {"rules", "--sigma", realRules, "--mapping", realMapping, "--inventory", "../../testdata/inventory/workstations.yaml", "--technique", "T1003.001", "--format", "csv"},
	}
	for name, args := range cases {
		t.Run(name, func(t *testing.T) {
			if strings.HasPrefix(name, "rules_real") {
				if _, err := os.Stat(realRules); err != nil && os.Getenv("CI") != "true" {
					t.Skip("shared Sigma rules not present")
				}
			}
			code, out, errs := run(t, "", args...)
			got := "# huntbook " + strings.Join(args, " ") + "\n# exit " + strconv.Itoa(code) + "\n# stderr:\n" + errs + "# stdout:\n" + out
			golden.Check(t, filepath.Join("..", "..", "testdata", "cli", name+".golden"), []byte(got))
		})
	}
}

func TestRulesLayer(t *testing.T) {
	layer := filepath.Join(t.TempDir(), "rules.json")
	code, _, errs := run(t, "", "rules", "--sigma", "../../testdata/sigma/rules", "--demo",
		"--inventory", "../../testdata/sigma/inventory.yaml", "--layer", layer, "-q")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	data, err := os.ReadFile(layer)
	if err != nil {
		t.Fatal(err)
	}
	var l struct {
		Versions   struct{ Layer string }
		Techniques []struct {
			TechniqueID string
			Score       float64
		}
	}
	if err := json.Unmarshal(data, &l); err != nil {
		t.Fatal(err)
	}
	scores := map[float64]int{}
	for _, x := range l.Techniques {
		scores[x.Score]++
	}
	if l.Versions.Layer != "4.5" || scores[3] == 0 || scores[2] == 0 || scores[1] == 0 {
		t.Errorf("layer %s with scores %v; want format 4.5 and the three states", l.Versions.Layer, scores)
	}
}

// TestRulesJSONReadsBack: the JSON of huntbook rules is attack.RuleCoverage.
func TestRulesJSONReadsBack(t *testing.T) {
	const rules = "../../testdata/sigma/rules"
	const invPath = "../../testdata/sigma/inventory.yaml"
	code, out, errOut := run(t, "", "rules", "--sigma", rules, "--demo", "--inventory", invPath, "--format", "json", "-q")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	got := decode[*attack.RuleCoverage](t, out)
	set, err := sigma.ReadDir(rules)
	if err != nil {
		t.Fatal(err)
	}
	m, err := ossem.Demo()
	if err != nil {
		t.Fatal(err)
	}
	inv, err := inventory.Load(invPath, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := attack.RulesOf(set, attack.RulesOptions{Mapping: m, Inventory: inv, Source: rules})
	if d := cmp.Diff(want, got, cmp.Comparer(func(a, b *sigma.Error) bool {
		return a.Path == b.Path && a.Line == b.Line && a.Err == b.Err && a.Detail == b.Detail
	})); d != "" {
		t.Errorf("rules JSON read back (-want +got):\n%s", d)
	}
}

// TestReportSigma: huntbook report --sigma adds the Detection rules section.
func TestReportSigma(t *testing.T) {
	code, out, errOut := run(t, "", "report", "--demo", "--sigma", "../../testdata/sigma/rules",
		"--inventory", "../../testdata/sigma/inventory.yaml", "-o", "-", "-q")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{`<section id="rules">`, `id="rules-techniques"`, "rules_not_armed"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if !strings.Contains(errOut, "huntbook: skipped sigma: ../../testdata/sigma/rules/broken_yaml.yml:3") {
		t.Errorf("stderr does not name the skipped rule file: %s", errOut)
	}
}

// TestRulesSkippedTerminalSafe: a skipped file's name reaches the terminal
// with its control characters escaped.
func TestRulesSkippedTerminalSafe(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "evil\x1b]0;pwned\x07.yml"), []byte("title: [\n"), 0o644); err != nil {
		t.Skip("file system refuses control characters in names")
	}
	good, err := os.ReadFile("../../testdata/sigma/rules/windows/lsass_access.yml")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "good.yml"), good, 0o644)
	code, _, errOut := run(t, "", "rules", "--sigma", dir, "-q")
	if code != 0 || !strings.Contains(errOut, "huntbook: skipped sigma: ") || strings.ContainsAny(errOut, "\x1b\x07") {
		t.Errorf("exit %d, stderr %q: want the skipped file named with escapes", code, errOut)
	}
}

// TestRulesEVTX: --evtx takes the events seen in EVTX files as what is
// collected: a Security 4624 and a Sysmon 1 arm the hand-made rules that
// read them, and nothing else.
func TestRulesEVTX(t *testing.T) {
	rules, err := filepath.Abs("../../testdata/sigma/rules")
	if err != nil {
		t.Fatal(err)
	}
	goldenDir, err := filepath.Abs(filepath.Join("..", "..", "testdata", "cli"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	sec := evtxtest.Event{Channel: "Security", Provider: "Microsoft-Windows-Security-Auditing", Computer: "dc1.example", EventID: 4624,
		Time: time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)}
	sys := evtxtest.Event{Channel: "Microsoft-Windows-Sysmon/Operational", Provider: "Microsoft-Windows-Sysmon", Computer: "ws1.example", EventID: 1,
		Time: time.Date(2024, 3, 2, 11, 0, 0, 0, time.UTC)}
	if err := os.WriteFile(filepath.Join(dir, "seen.evtx"), evtxtest.Write(sec, sys), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	args := []string{"rules", "--sigma", rules, "--demo", "--evtx", "seen.evtx", "--format", "csv", "-q"}
	code, out, errs := run(t, "", args...)
	got := "# huntbook rules --sigma RULES --demo --evtx seen.evtx --format csv -q\n# exit " + strconv.Itoa(code) + "\n# stderr:\n" +
		strings.ReplaceAll(errs, rules, "RULES") + "# stdout:\n" + out
	golden.Check(t, filepath.Join(goldenDir, "rules_evtx.golden"), []byte(got))
}

// TestRulesAttackRelease: with --attack, tags ATT&CK v18.1 does not have
// live are listed as not in the release (SigmaHQ's T1685 is v19's).
func TestRulesAttackRelease(t *testing.T) {
	const bundle = "../../../shared/data/attack/enterprise-attack-18.1.json"
	if _, err := os.Stat(bundle); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared ATT&CK bundle missing in CI: %v", err)
		}
		t.Skip("shared ATT&CK bundle not present")
	}
	code, out, errOut := run(t, "", "rules", "--sigma", "../../testdata/sigma/rules", "--demo", "--attack", bundle, "--format", "json", "-q")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	rc := decode[*attack.RuleCoverage](t, out)
	var notReleased []string
	for _, u := range rc.Unknown {
		if u.NotInRelease {
			notReleased = append(notReleased, u.ID)
		}
	}
	if d := cmp.Diff([]string{"T1685"}, notReleased); d != "" || !strings.Contains(rc.Release, "v18.1") {
		t.Errorf("release %q; not in it (-want +got)\n%s", rc.Release, d)
	}
}
