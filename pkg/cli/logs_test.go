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
	"github.com/huntbook/huntbook/pkg/evtx/evtxtest"
	"github.com/huntbook/huntbook/pkg/inventory"
	"github.com/huntbook/huntbook/pkg/observed"
)

const sharedEVTX = "../../../shared/data/evtx"

func needEVTX(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(sharedEVTX); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared EVTX files missing in CI: %v", err)
		}
		t.Skip("shared EVTX files not present")
	}
}

// TestLogsGolden runs huntbook logs over the shared EVTX files (the event
// ID table only: counts, not the files' contents); the counts are those
// pkg/evtx checks against python-evtx.
func TestLogsGolden(t *testing.T) {
	needEVTX(t)
	for name, args := range map[string][]string{
		"logs_shared_csv": {"logs", sharedEVTX + "/Execution", "--format", "csv"},
	} {
		t.Run(name, func(t *testing.T) {
			code, out, errs := run(t, "", args...)
			got := "# huntbook " + strings.Join(args, " ") + "\n# exit " + strconv.Itoa(code) + "\n# stderr:\n" + errs + "# stdout:\n" + out
			golden.Check(t, filepath.Join("..", "..", "testdata", "cli", name+".golden"), []byte(got))
		})
	}
}

// TestLogsSynthetic runs huntbook logs over files written by evtxtest, in
// every format, one of them damaged.
func TestLogsSynthetic(t *testing.T) {
	goldenDir, err := filepath.Abs(filepath.Join("..", "..", "testdata", "cli"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	sec := evtxtest.Event{Channel: "Security", Provider: "Microsoft-Windows-Security-Auditing", Computer: "dc1.example", EventID: 4624,
		Time: time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC), Data: []evtxtest.Field{{Name: "TargetUserName", Value: "alice"}}}
	sys := evtxtest.Event{Channel: "Microsoft-Windows-Sysmon/Operational", Provider: "Microsoft-Windows-Sysmon", Computer: "ws1.example", EventID: 1,
		Time: time.Date(2024, 3, 2, 11, 0, 0, 0, time.UTC), Data: []evtxtest.Field{{Name: "Image", Value: `C:\x.exe`}}}
	sec2 := sec
	sec2.Time = sec.Time.Add(time.Hour)
	write := func(name string, data []byte) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a/security.evtx", evtxtest.Write(sec, sec2, sys))
	damaged := evtxtest.Write(sec)
	damaged[4096+600] ^= 0xff // inside the records: the chunk's checksum fails
	write("b/damaged.evtx", damaged)
	groups, err := os.ReadFile(filepath.Join("..", "sysmon", "testdata", "groups.xml"))
	if err != nil {
		t.Fatal(err)
	}
	write("groups.xml", groups)
	write("configured.yaml", []byte("name: workstations\nevents:\n  - channel: Security\n    event_id: [4624, 4688]\n  - provider: Microsoft-Windows-Sysmon\n    event_id: [1, 3]\n"))
	for name, args := range map[string][]string{
		"logs_synthetic":      {"logs", "."},
		"logs_synthetic_csv":  {"logs", "a", "--format", "csv"},
		"logs_synthetic_json": {"logs", "a/security.evtx", "--format", "json"},
		"logs_inventory":      {"logs", "a", "--inventory"},
		"logs_inventory_out":  {"logs", "a", "--inventory", "-o", "observed.yaml"},
		"logs_configured":     {"logs", ".", "--configured", "configured.yaml"},
		"logs_configured_csv": {"logs", ".", "--configured", "configured.yaml", "--format", "csv"},
		"logs_techniques":     {"logs", ".", "--techniques", "--demo", "--configured", "configured.yaml", "--layer", "observed-layer.json"},
		"inventory_evtx":      {"inventory", "--evtx", "a", "--evtx", "b"},
		"inventory_evtx_json": {"inventory", "--evtx", "a", "--format", "json"},
		"inventory_evtx_vs":   {"inventory", "--evtx", ".", "--sysmon", "groups.xml"},
		"coverage_evtx":       {"coverage", "--demo", "--evtx", "a"},
		"coverage_evtx_vs":    {"coverage", "--demo", "--inventory", "configured.yaml", "--evtx", "."},
	} {
		t.Run(name, func(t *testing.T) {
			t.Chdir(dir)
			code, out, errs := run(t, "", args...)
			got := "# huntbook " + strings.Join(args, " ") + "\n# exit " + strconv.Itoa(code) + "\n# stderr:\n" + errs + "# stdout:\n" + out
			golden.Check(t, filepath.Join(goldenDir, name+".golden"), []byte(got))
		})
	}
}

// TestLogsInventoryUsable writes the events seen as an inventory and hands
// it to huntbook coverage, as any inventory.
func TestLogsInventoryUsable(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	data := evtxtest.Write(
		evtxtest.Event{Channel: "Security", Provider: "Microsoft-Windows-Security-Auditing", EventID: 4688},
		evtxtest.Event{Channel: "Microsoft-Windows-Sysmon/Operational", Provider: "Microsoft-Windows-Sysmon", EventID: 10})
	if err := os.WriteFile("x.evtx", data, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := run(t, "", "logs", "x.evtx", "--inventory", "-o", "seen.yaml"); code != 0 {
		t.Fatalf("logs --inventory: exit %d: %s", code, errs)
	}
	code, out, errs := run(t, "", "coverage", "--demo", "--inventory", "seen.yaml", "--format", "json")
	if code != 0 {
		t.Fatalf("coverage --inventory seen.yaml: exit %d: %s", code, errs)
	}
	if strings.Contains(errs, "matches no event") || !strings.Contains(out, "Security") {
		t.Errorf("coverage did not use the observed inventory: %s\n%s", errs, out[:min(len(out), 400)])
	}
}

func TestLogsBadInput(t *testing.T) {
	dir := t.TempDir()
	notEVTX := filepath.Join(dir, "notes.evtx")
	if err := os.WriteFile(notEVTX, []byte(strings.Repeat("not an event log ", 20)), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := t.TempDir()
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"logs"}, ExitUsage, "requires at least 1 arg"},
		{[]string{"logs", notEVTX, "--format", "xml"}, ExitUsage, "use table, csv or json"},
		{[]string{"logs", notEVTX}, ExitFailure, "notes.evtx"},
		{[]string{"logs", dir}, ExitFailure, "not an EVTX file"},
		{[]string{"logs", empty}, ExitFailure, "no .evtx files"},
		{[]string{"logs", filepath.Join(dir, "missing.evtx")}, ExitFailure, "no such file"},
		{[]string{"logs", dir, "--inventory", "--configured", "x.yaml"}, ExitUsage, "cannot be used with"},
		{[]string{"logs", dir, "--layer", "x.json"}, ExitUsage, "go with --techniques"},
		{[]string{"inventory", "--evtx", dir, "--format", "xml"}, ExitUsage, "use yaml, table, csv or json"},
		{[]string{"inventory", "--evtx", empty}, ExitFailure, "no .evtx files"},
		{[]string{"coverage", "--demo", "--inventory", "x.yaml", "--compare-inventory", "y.yaml", "--evtx", dir}, ExitUsage, "cannot be used with --compare"},
		{[]string{"logs", dir, "--techniques", "--demo", "--mapping", "m.yaml"}, ExitUsage, "cannot be used together"},
		{[]string{"logs", dir, "--configured", filepath.Join(dir, "missing.yaml")}, ExitFailure, "missing.yaml"},
	} {
		code, _, errs := run(t, "", tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.msg) {
			t.Errorf("huntbook %s: exit %d, stderr %q; want exit %d and %q", strings.Join(tc.args, " "), code, errs, tc.code, tc.msg)
		}
	}
}

// TestLogsJSONReadsBack: the JSON of logs, inventory --evtx and logs
// --configured is the result type of package observed, read back equal to
// the value computed directly.
func TestLogsJSONReadsBack(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	data := evtxtest.Write(
		evtxtest.Event{Channel: "Security", Provider: "Microsoft-Windows-Security-Auditing", Computer: "dc1", EventID: 4688,
			Data: []evtxtest.Field{{Name: "NewProcessName", Value: `C:\x.exe`}}},
		evtxtest.Event{Channel: "Microsoft-Windows-Sysmon/Operational", Provider: "Microsoft-Windows-Sysmon", Computer: "ws1", EventID: 10})
	if err := os.WriteFile("x.evtx", data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("conf.yaml", []byte("events:\n  - channel: Security\n    event_id: [4688, 4624]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := observed.Summarize(t.Context(), "x.evtx")
	if err != nil {
		t.Fatal(err)
	}
	inv := observed.InventoryOf("observed in x.evtx", sum)
	conf, err := inventory.Load("conf.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want any
		got  func(string) (any, error)
	}{
		{[]string{"logs", "x.evtx", "--format", "json"}, sum, func(s string) (any, error) {
			var v observed.Summary
			return &v, json.Unmarshal([]byte(s), &v)
		}},
		{[]string{"inventory", "--evtx", "x.evtx", "--format", "json"}, inv, func(s string) (any, error) {
			var v observed.Inventory
			return &v, json.Unmarshal([]byte(s), &v)
		}},
		{[]string{"logs", "x.evtx", "--configured", "conf.yaml", "--format", "json"}, observed.Compare(conf, inv), func(s string) (any, error) {
			var v observed.Comparison
			return &v, json.Unmarshal([]byte(s), &v)
		}},
	} {
		code, out, errs := run(t, "", tc.args...)
		if code != 0 {
			t.Fatalf("huntbook %s: exit %d: %s", strings.Join(tc.args, " "), code, errs)
		}
		got, err := tc.got(out)
		if err != nil {
			t.Fatalf("huntbook %s: %v\n%s", strings.Join(tc.args, " "), err, out)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("huntbook %s: JSON read back (-computed +read):\n%s", strings.Join(tc.args, " "), diff)
		}
	}
}
