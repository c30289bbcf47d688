package auditpol_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/internal/golden"
	"github.com/huntbook/huntbook/pkg/auditpol"
	"github.com/huntbook/huntbook/pkg/ossem"
)

func render(p *auditpol.Policy, cmdLine bool) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "format %s\n", p.Format)
	for _, e := range p.Entries {
		fmt.Fprintf(&b, "line %d: %s -> %s (known %v): %s\n", e.Line, e.Subcategory, e.Name, e.Known, e.Setting)
	}
	for _, o := range p.Options {
		fmt.Fprintf(&b, "option line %d: %s = %s\n", o.Line, o.Name, o.Value)
	}
	for _, w := range p.Warnings {
		fmt.Fprintf(&b, "warning %s\n", w)
	}
	for _, e := range p.Events(cmdLine) {
		if e.State == auditpol.Off {
			continue
		}
		fmt.Fprintf(&b, "%d %s %v: %s\n", e.ID, e.State, e.PartialFor, e.Reason)
	}
	return []byte(b.String())
}

func TestFormats(t *testing.T) {
	tests := []struct {
		file    string
		format  string
		cmdLine bool
		want    map[string]auditpol.Setting
	}{
		{"backup.csv", "backup", false, map[string]auditpol.Setting{"File System": auditpol.None, "Process Creation": auditpol.Success,
			"Account Lockout": auditpol.Failure, "Logon": auditpol.SuccessAndFailure}},
		{"gpo_audit.csv", "backup", true, map[string]auditpol.Setting{"Process Creation": auditpol.Success,
			"User Account Management": auditpol.SuccessAndFailure, "Process Termination": auditpol.Success}},
		{"report.csv", "report", false, map[string]auditpol.Setting{"Security System Extension": auditpol.None,
			"Process Creation": auditpol.Success, "Logon": auditpol.SuccessAndFailure, "File System": auditpol.Failure}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			p, err := auditpol.Load(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if p.Format != tt.format {
				t.Errorf("format %q, want %q", p.Format, tt.format)
			}
			got := make(map[string]auditpol.Setting)
			for name := range tt.want {
				got[name], _ = p.Setting(name)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("settings (-want +got):\n%s", diff)
			}
			golden.Check(t, filepath.Join("testdata", "golden", strings.TrimSuffix(tt.file, ".csv")+".golden"), render(p, tt.cmdLine))
		})
	}
}

// Each setting value against each outcome an event is written on.
func TestStates(t *testing.T) {
	p, err := auditpol.Load(filepath.Join("testdata", "backup.csv"))
	if err != nil {
		t.Fatal(err)
	}
	got := make(map[int]auditpol.State)
	for _, e := range p.Events(false) {
		got[e.ID] = e.State
	}
	want := map[int]auditpol.State{
		4688: auditpol.Partial, // Success, but without the command line
		4624: auditpol.Full,    // Logon: Success and Failure
		4625: auditpol.Full,    // Logon (failure) and Account Lockout (failure)
		4656: auditpol.Partial, // Kernel Object success only; File System off
		4657: auditpol.Full,    // Registry only
		4663: auditpol.Partial, // Kernel Object and Registry, not File System nor Removable Storage
		4964: auditpol.Full,
		4697: auditpol.Full,
		5157: auditpol.Full, // Filtering Platform Connection: Failure, and 5157 is a failure event
		5156: auditpol.Off,  // a success event under a failure-only setting
		4720: auditpol.Off,  // not in the policy
		4689: auditpol.Off,
	}
	for id := range got {
		if _, ok := want[id]; !ok {
			delete(got, id)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("states (-want +got):\n%s", diff)
	}
	for _, e := range p.Events(true) {
		if e.ID == 4688 && e.State != auditpol.Full {
			t.Errorf("4688 with the command line: %s, want full", e.State)
		}
	}
	for _, e := range p.Inventory(false) {
		if e.EventID == "4688" && (!e.Partial || len(e.PartialFor) != 1 || e.PartialFor[0] != "command execution") {
			t.Errorf("4688 entry %+v; want partial for command execution only", e)
		}
	}
}

func TestBad(t *testing.T) {
	tests := []struct {
		file    string
		err     error
		message string
	}{
		{"bad_value.csv", auditpol.ErrSetting, `bad_value.csv:2: column "Setting Value": unknown setting: "4" for Audit Process Creation`},
		{"wrong_columns.csv", auditpol.ErrColumns, `wrong_columns.csv:1: column "GUID": wrong columns`},
		{"bad_words.csv", auditpol.ErrSetting, `bad_words.csv:2: column "Inclusion Setting": unknown setting: "Sometimes"`},
		{"short_row.csv", auditpol.ErrColumns, "short_row.csv:2: wrong columns: 6 fields, the header has 7"},
		{"not_csv.csv", auditpol.ErrSyntax, `not_csv.csv:1: malformed CSV: bare " in non-quoted-field`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := auditpol.Load(filepath.Join("testdata", "bad", tt.file))
			if !errors.Is(err, tt.err) {
				t.Fatalf("error %v, want %v", err, tt.err)
			}
			if !strings.Contains(err.Error(), tt.message) {
				t.Errorf("message\n %s\nwant it to contain\n %s", err, tt.message)
			}
		})
	}
}

// Every (audit_sub_category, event_id) pair of the real 2021 mapping is in
// the table; the golden lists what the table adds from Microsoft's pages.
func TestMappingPairs(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "data", "ossem-dm", "techniques_to_events_mapping.yaml")
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared data missing under CI: %v", err)
		}
		t.Skip(err)
	}
	m, err := ossem.Load(context.Background(), path, ossem.Options{})
	if err != nil {
		t.Fatal(err)
	}
	inMapping := make(map[string]map[int]bool)
	for _, r := range m.Records {
		if r.Channel != "Security" || r.AuditSubCategory == "" || r.AuditSubCategory == ".nan" {
			continue
		}
		id, err := strconv.Atoi(r.EventID)
		if err != nil {
			continue
		}
		sc, ok := auditpol.Lookup(r.AuditSubCategory, "")
		if !ok {
			t.Errorf("mapping subcategory %q is not in the table", r.AuditSubCategory)
			continue
		}
		found := false
		for _, e := range sc.Events {
			found = found || e.ID == id
		}
		if !found {
			t.Errorf("mapping pair %s %d is not in the table", sc.Name, id)
		}
		if inMapping[sc.Name] == nil {
			inMapping[sc.Name] = make(map[int]bool)
		}
		inMapping[sc.Name][id] = true
	}
	var b strings.Builder
	names := make([]string, 0, len(inMapping))
	for n := range inMapping {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		sc, _ := auditpol.Lookup(n, "")
		var have, added []string
		for _, e := range sc.Events {
			if inMapping[n][e.ID] {
				have = append(have, strconv.Itoa(e.ID))
			} else {
				added = append(added, strconv.Itoa(e.ID))
			}
		}
		fmt.Fprintf(&b, "%s: mapping %s; added %s (%s)\n", n, strings.Join(have, " "), strings.Join(added, " "), sc.Doc())
	}
	golden.Check(t, filepath.Join("testdata", "golden", "mapping_pairs.golden"), []byte(b.String()))
}

func TestGUIDsUnique(t *testing.T) {
	seen := make(map[string]string)
	for _, sc := range auditpol.Subcategories {
		if other, dup := seen[sc.GUID]; dup {
			t.Errorf("%s and %s share GUID %s", other, sc.Name, sc.GUID)
		}
		seen[sc.GUID] = sc.Name
	}
}

func FuzzParse(f *testing.F) {
	for _, dir := range []string{"testdata", filepath.Join("testdata", "bad")} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.csv"))
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := auditpol.Parse(data, "fuzz.csv")
		if err != nil {
			var e *auditpol.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not an *auditpol.Error", err)
			}
			return
		}
		_ = p.Inventory(false)
	})
}

func ExampleParse() {
	p, err := auditpol.Parse([]byte("Machine Name,Policy Target,Subcategory,Subcategory GUID,Inclusion Setting,Exclusion Setting,Setting Value\n"+
		",System,Audit Process Creation,{0cce922b-69ae-11d9-bed3-505054503030},Success,,1\n"), "audit.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range p.Inventory(false) {
		fmt.Printf("%s partial=%v for %v\n", e, e.Partial, e.PartialFor)
	}
	// Output:
	// Security 4688 partial=true for [command execution]
	// Security 4696 partial=false for []
}
