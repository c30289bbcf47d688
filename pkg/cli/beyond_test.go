package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/huntbook/huntbook/internal/golden"
)

const (
	shared2021 = "../../../shared/data/ossem-dm/techniques_to_events_mapping.yaml"
	shared2022 = "../../../shared/data/ossem-dm/techniques_to_events_mapping.v2022.yaml"
	workInv    = "../../testdata/inventory/workstations.yaml"
	workCSV    = "../../testdata/inventory/workstations.csv"
	defInv     = "../../testdata/inventory/defender.yaml"
)

// needShared skips when the shared mappings are absent, except in CI.
func needShared(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(shared2021); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared mappings missing in CI: %v", err)
		}
		t.Skip("shared mappings not present")
	}
}

// TestGoldenBeyond runs the event, coverage, diff and gaps --stub command
// lines and compares them with testdata/cli/*.golden; $TMP stands for the
// test's temporary directory.
func TestGoldenBeyond(t *testing.T) {
	tmp := t.TempDir()
	cases := []struct {
		name   string
		shared bool
		args   []string
		stdin  string
	}{
		{"event_demo", false, []string{"event", "--demo", "10"}, ""},
		{"event_demo_table_csv", false, []string{"event", "--demo", "deviceprocessevents", "--format", "csv"}, ""},
		{"event_demo_wrong_channel", false, []string{"event", "--demo", "4688", "--channel", "System"}, ""},
		{"event_no_arg", false, []string{"event", "--demo"}, ""},
		{"coverage_demo", false, []string{"coverage", "--demo", "--inventory", workInv, "--layer", "$TMP/layer.json", "--chart", "$TMP/tactics.svg", "--next", "5"}, ""},
		{"coverage_demo_defender_csv", false, []string{"coverage", "--demo", "--inventory", defInv, "--format", "csv"}, ""},
		{"coverage_demo_json", false, []string{"coverage", "--demo", "--inventory", "-", "--format", "json", "--next", "2"},
			"name: one event\nevents:\n- {channel: Security, event_id: 4688}\n- {channel: Security, event_id: 9999}\n"},
		{"coverage_no_inventory", false, []string{"coverage", "--demo"}, ""},
		{"coverage_bad_inventory", false, []string{"coverage", "--demo", "--inventory", "-"}, "- channel: Security\n  eventid: 4688\n"},
		{"coverage_layer_is_dir", false, []string{"coverage", "--demo", "--inventory", workInv, "--layer", "$TMP"}, ""},
		{"diff_demo_same", false, []string{"diff", "demo", "demo", "--fail-on-change"}, ""},
		{"diff_demo_stdin", false, []string{"diff", "demo", "-", "--fail-on-change"}, demoEdited(t)},
		{"gaps_stub", false, []string{"gaps", "--demo", "--stub", "$TMP/stubs", "--format", "csv"}, ""},
		{"gaps_stub_again", false, []string{"gaps", "--demo", "--stub", "$TMP/stubs", "--technique", "T1003.001", "--format", "csv"}, ""},
		{"real_event_2021_sysmon10", true, []string{"event", "10", "--mapping", shared2021, "--channel", "Microsoft-Windows-Sysmon/Operational"}, ""},
		{"real_event_2022_4688", true, []string{"event", "4688", "--mapping", shared2022, "--channel", "security", "--format", "csv"}, ""},
		{"real_coverage_2021", true, []string{"coverage", "--mapping", shared2021, "--inventory", workInv}, ""},
		{"real_coverage_2022_csv_inventory", true, []string{"coverage", "--mapping", shared2022, "--inventory", workCSV, "--next", "5"}, ""},
		{"real_diff_2021_2022", true, []string{"diff", shared2021, shared2022}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.shared {
				needShared(t)
			}
			args := make([]string, len(tc.args))
			for i, a := range tc.args {
				args[i] = strings.ReplaceAll(a, "$TMP", tmp)
			}
			code, out, errs := run(t, tc.stdin, args...)
			norm := func(s string) string { return strings.ReplaceAll(s, tmp, "$TMP") }
			got := "# huntbook " + strings.Join(tc.args, " ") + "\n# exit " + strconv.Itoa(code) + "\n# stderr:\n" + norm(errs) + "# stdout:\n" + norm(out)
			path := filepath.Join("..", "..", "testdata", "cli", tc.name+".golden")
			golden.Check(t, path, []byte(got))
		})
	}
	// The files the commands wrote.
	var layer map[string]any
	data, err := os.ReadFile(filepath.Join(tmp, "layer.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &layer); err != nil || layer["domain"] != "enterprise-attack" {
		t.Errorf("layer.json: %v, domain %v", err, layer["domain"])
	}
	if svg, err := os.ReadFile(filepath.Join(tmp, "tactics.svg")); err != nil || !strings.Contains(string(svg), "<svg") {
		t.Errorf("tactics.svg: %v", err)
	}
	stubs, _ := filepath.Glob(filepath.Join(tmp, "stubs", "*.yml"))
	if len(stubs) != 4 {
		t.Errorf("%d stub files, want the demo's 4 gaps: %v", len(stubs), stubs)
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "*.tmp")); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

// demoEdited is the demo mapping with one event renamed and T1014 removed.
func demoEdited(t *testing.T) string {
	data, err := os.ReadFile("../ossem/demo.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(data), "event_name: ProcessAccess.", "event_name: Process accessed.", 1)
	var keep []string
	for _, rec := range strings.Split(s, "\n- ") {
		if !strings.HasPrefix(rec, "technique_id: T1014\n") {
			keep = append(keep, rec)
		}
	}
	return strings.Join(keep, "\n- ")
}

func TestExitCodesBeyond(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want int
	}{
		{[]string{"diff", "demo", "demo"}, 0},
		{[]string{"diff", "demo"}, 2},
		{[]string{"diff", "-", "-"}, 2},
		{[]string{"diff", "demo", "demo", "--format", "xml"}, 2},
		{[]string{"coverage", "--demo", "--inventory", "x.txt"}, 1},
		{[]string{"coverage", "--demo", "--inventory", "/nonexistent.yaml"}, 1},
		{[]string{"coverage", "--demo", "--inventory", workInv, "--next", "-1"}, 2},
		{[]string{"event", "--demo", "0"}, 1},
	} {
		if code, _, errs := run(t, "", tt.args...); code != tt.want {
			t.Errorf("huntbook %s: exit %d, want %d (%s)", strings.Join(tt.args, " "), code, tt.want, errs)
		}
	}
}
