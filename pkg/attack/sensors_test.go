package attack

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/pkg/auditpol"
	"github.com/huntbook/huntbook/pkg/inventory"
	"github.com/huntbook/huntbook/pkg/ossem"
	"github.com/huntbook/huntbook/pkg/sysmon"
)

func loadSysmon(t *testing.T, name string) *sysmon.Config {
	t.Helper()
	path := filepath.Join("..", "..", "..", "shared", "data", "sysmon", name+".xml")
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared configuration %s is missing in CI: %v", path, err)
		}
		t.Skipf("shared configuration %s not present", path)
	}
	c, err := sysmon.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The coverage of the real 2021 mapping under each shared Sysmon
// configuration, per tactic, against expected values computed
// independently: testdata/sensors/*.tactics.csv are the output of a
// Python script (xml.etree for the configuration, PyYAML for the mapping,
// Sysmon's filter semantics and the coverage rules of this package's
// documentation written out again), kept outside the repository and run
// as: cov.py CONFIG.xml techniques_to_events_mapping.yaml STATES.csv TACTICS.csv.
func TestSensorCoverageIndependent(t *testing.T) {
	m := loadShared(t, "2021")
	for _, name := range []string{"sysmon-modular-sysmonconfig", "swiftonsecurity-sysmonconfig-export"} {
		t.Run(name, func(t *testing.T) {
			c := loadSysmon(t, name)
			cov := CoverageOf(m, &inventory.Inventory{Name: name, Entries: c.Inventory()})
			f, err := os.Open(filepath.Join("testdata", "sensors", name+".tactics.csv"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows, err := csv.NewReader(f).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			want := make(map[string][]string)
			wantScore := make(map[string]float64)
			for _, r := range rows[1:] {
				want[r[0]] = r[1:7]
				wantScore[r[0]], _ = strconv.ParseFloat(r[7], 64)
			}
			got := make(map[string][]string)
			for _, tc := range append(append([]TacticCoverage(nil), cov.Tactics...), cov.Overall) {
				got[tc.Tactic] = []string{strconv.Itoa(tc.Techniques), strconv.Itoa(tc.Covered), strconv.Itoa(tc.Partial),
					strconv.Itoa(tc.Missing), strconv.Itoa(tc.Unmappable), strconv.Itoa(tc.Filtered)}
				if math.Abs(tc.Score-wantScore[tc.Tactic]) > 1e-6 {
					t.Errorf("%s: score %.6f, want %.6f", tc.Tactic, tc.Score, wantScore[tc.Tactic])
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("per tactic (-want +got):\n%s", diff)
			}
		})
	}
}

// Filtered components: a partial entry gives "filtered", a full one for
// the same event wins, and partial_for limits the partiality.
func TestCoverageFiltered(t *testing.T) {
	m := loadShared(t, "2021")
	inv := &inventory.Inventory{Name: "t", Entries: []inventory.Entry{
		{Channel: "Security", EventID: "4688", Partial: true, PartialFor: []string{"command execution"}, Reason: "no command line"},
		{Provider: "Microsoft-Windows-Sysmon", EventID: "10", Partial: true, Reason: "lsass only"},
	}}
	c := CoverageOf(m, inv)
	status := func(tech, comp string) Status {
		for _, t := range c.Techniques {
			if t.ID != tech {
				continue
			}
			for _, cc := range t.Components {
				if cc.DataComponent == comp {
					return cc.Status
				}
			}
		}
		return ""
	}
	got := map[string]Status{
		"T1059.001 command execution": status("T1059.001", "command execution"),
		"T1059.001 process creation":  status("T1059.001", "process creation"),
		"T1003.001 process access":    status("T1003.001", "process access"),
	}
	want := map[string]Status{
		"T1059.001 command execution": Filtered,
		"T1059.001 process creation":  Covered,
		"T1003.001 process access":    Filtered,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// Enable next names configuration changes, and widens filtered events.
	widen := 0
	for _, r := range c.Next {
		if r.Change == "" {
			t.Errorf("%s: no change", r.Event)
		}
		if r.Widen {
			widen++
		}
	}
	if widen != 0 {
		t.Errorf("%d recommendations widen an event: Sysmon 10 and 4688 add nothing on top of the others here", widen)
	}
	if got, want := ChangeFor(LogEvent{ID: "4688", Channel: "Security"}, inv.Entries[:1]), "audit policy: set "+auditpol.CommandLinePolicy; got != want {
		t.Errorf("4688 without command line: %q, want %q", got, want)
	}
	if got, want := ChangeFor(LogEvent{ID: "10", Channel: "Microsoft-Windows-Sysmon/Operational"}, inv.Entries[1:]), "Sysmon: widen the ProcessAccess rules (event 10): now lsass only"; got != want {
		t.Errorf("Sysmon 10 filtered: %q, want %q", got, want)
	}
	// The same inventory in full scores at least as well.
	full := &inventory.Inventory{Name: "f", Entries: []inventory.Entry{{Channel: "Security", EventID: "4688"}, {Provider: "Microsoft-Windows-Sysmon", EventID: "10"}}}
	if a, b := c.Overall.Score, CoverageOf(m, full).Overall.Score; a > b || math.IsNaN(a) {
		t.Errorf("partial %.3f scores above full %.3f", a, b)
	}
}

func TestChangeFor(t *testing.T) {
	for _, tt := range []struct {
		ev   LogEvent
		want string
	}{
		{LogEvent{ID: "10", Channel: "WinEventLog:Sysmon"}, `Sysmon: add a ProcessAccess filter (event 10): onmatch="exclude" logs all, include rules a part`},
		{LogEvent{ID: "4688", Channel: "Security"}, "audit policy: Process Creation: Success"},
		{LogEvent{ID: "4625", Channel: "WinEventLog:Security"}, "audit policy: Account Lockout or Logon: Failure"},
		{LogEvent{ID: "4663", Channel: "Security"}, "audit policy: File System, Kernel Object, Registry or Removable Storage: Success"},
		{LogEvent{ID: "DeviceProcessEvents", Provider: "Microsoft Defender for Endpoint"}, "collect DeviceProcessEvents"},
	} {
		if got := ChangeFor(tt.ev, nil); got != tt.want {
			t.Errorf("%v: %q, want %q", tt.ev, got, tt.want)
		}
	}
}

// Switching from SwiftOnSecurity's configuration to sysmon-modular's.
func TestCompareCoverage(t *testing.T) {
	m := loadShared(t, "2021")
	a, b := loadSysmon(t, "swiftonsecurity-sysmonconfig-export"), loadSysmon(t, "sysmon-modular-sysmonconfig")
	ca := CoverageOf(m, &inventory.Inventory{Name: "swift", Entries: a.Inventory()})
	cb := CoverageOf(m, &inventory.Inventory{Name: "modular", Entries: b.Inventory()})
	cmpr := CompareCoverage(ca, cb)
	if cmpr.FromScore != ca.Overall.Score || cmpr.ToScore != cb.Overall.Score {
		t.Errorf("scores %v %v", cmpr.FromScore, cmpr.ToScore)
	}
	widen := 0
	for _, r := range cb.Next {
		if r.Widen {
			widen++
		}
	}
	if widen == 0 {
		t.Errorf("under sysmon-modular no recommendation widens a filtered event")
	}
	back := CompareCoverage(cb, ca)
	if len(back.Gained) != len(cmpr.Lost) || len(back.Lost) != len(cmpr.Gained) {
		t.Errorf("not symmetric: %d/%d gained/lost, back %d/%d", len(cmpr.Gained), len(cmpr.Lost), len(back.Gained), len(back.Lost))
	}
	t.Logf("swift -> modular: %d gained, %d lost, %.3f -> %.3f", len(cmpr.Gained), len(cmpr.Lost), cmpr.FromScore, cmpr.ToScore)
}

// A mapping that names logs as ATT&CK v18 analytics do ("WinEventLog:Sysmon"
// EventCode=10) is covered by the inventory a Sysmon configuration gives,
// through package logsource.
func TestSensorCoverageAttackLogNames(t *testing.T) {
	c, err := sysmon.Parse([]byte(`<Sysmon schemaversion="4.90"><EventFiltering>
<ProcessAccess onmatch="include"><TargetImage condition="end with">lsass.exe</TargetImage></ProcessAccess>
<ProcessCreate onmatch="exclude"/>
</EventFiltering></Sysmon>`), "lab.xml")
	if err != nil {
		t.Fatal(err)
	}
	m := &ossem.Mapping{Schema: ossem.Schema2022, Records: []ossem.Record{
		{TechniqueID: "T1003.001", Technique: "LSASS Memory", Tactic: []string{"credential-access"},
			DataSource: "Process", DataComponent: "Process Access", EventID: "10", Channel: "WinEventLog:Sysmon"},
		{TechniqueID: "T1059", Technique: "Command and Scripting Interpreter", Tactic: []string{"execution"},
			DataSource: "Process", DataComponent: "Process Creation", EventID: "1", Channel: "WinEventLog:Sysmon"},
		{TechniqueID: "T1059", Technique: "Command and Scripting Interpreter", Tactic: []string{"execution"},
			DataSource: "Process", DataComponent: "Process Creation", EventID: "4688", Channel: "WinEventLog:Security"},
	}}
	cov := CoverageOf(m, &inventory.Inventory{Name: "lab", Entries: c.Inventory()})
	got := make(map[string]Status)
	for _, tc := range cov.Techniques {
		got[tc.ID] = tc.Components[0].Status
	}
	if diff := cmp.Diff(map[string]Status{"T1003.001": Filtered, "T1059": Covered}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
