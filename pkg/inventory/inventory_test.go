package inventory

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParse(t *testing.T) {
	for _, tt := range []struct {
		name   string
		format Format
		in     string
		want   *Inventory
	}{
		{
			name:   "yaml with name and id list",
			format: YAML,
			in:     "name: lab\nevents:\n  - channel: Security\n    event_id: [4624, 4688]\n    note: n\n  - table: DeviceProcessEvents\n",
			want: &Inventory{Name: "lab", Source: "x.yaml", Entries: []Entry{
				{Channel: "Security", EventID: "4624", Note: "n", Line: 3},
				{Channel: "Security", EventID: "4688", Note: "n", Line: 3},
				{Table: "DeviceProcessEvents", Line: 6},
			}},
		},
		{
			name:   "yaml bare list, name from file",
			format: YAML,
			in:     "- provider: Microsoft-Windows-Sysmon\n  event_id: 10\n",
			want: &Inventory{Name: "x", Source: "x.yaml", Entries: []Entry{
				{Provider: "Microsoft-Windows-Sysmon", EventID: "10", Line: 1},
			}},
		},
		{
			name:   "yaml values trimmed, quoted id",
			format: YAML,
			in:     "events:\n- {channel: ' Security ', provider: Microsoft-Windows-Security-Auditing, event_id: '4688'}\n",
			want: &Inventory{Name: "x", Source: "x.yaml", Entries: []Entry{
				{Channel: "Security", Provider: "Microsoft-Windows-Security-Auditing", EventID: "4688", Line: 2},
			}},
		},
		{
			name:   "csv any column order, blank rows and comments skipped",
			format: CSV,
			in:     "note,table,event_id,channel\n# a comment\nlogon,,4624,Security\n,,,\n,DeviceLogonEvents,,\n",
			want: &Inventory{Name: "x", Source: "x.yaml", Entries: []Entry{
				{Channel: "Security", EventID: "4624", Note: "logon", Line: 3},
				{Table: "DeviceLogonEvents", Line: 5},
			}},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse([]byte(tt.in), "x.yaml", tt.format)
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256([]byte(tt.in))
			if got.SHA256 != hex.EncodeToString(sum[:]) {
				t.Errorf("SHA256 = %s, not the input's", got.SHA256)
			}
			got.SHA256 = ""
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	for _, tt := range []struct {
		name   string
		format Format
		in     string
		want   error
		msg    string
	}{
		{"unknown entry key", YAML, "events:\n  - channel: Security\n    eventid: 4688\n", ErrUnknownKey,
			`inventory: inv:3:5: unknown key: "eventid"; an event has channel, provider, event_id, table, note, partial, reason and partial_for`},
		{"unknown top key", YAML, "name: a\nevent: []\n", ErrUnknownKey,
			`inventory: inv:2:1: unknown key: "event" at the top level; use name, description and events`},
		{"id without source", YAML, "- event_id: 1\n", ErrIncomplete,
			"inventory: inv:1:3: incomplete entry: event_id needs a channel or provider (an id alone is ambiguous: Sysmon 1 is not Security 1)"},
		{"table with id", YAML, "- table: DeviceEvents\n  event_id: 4688\n", ErrConflict,
			"inventory: inv:2:3: conflicting keys: table names a Defender table by itself; drop event_id, channel and provider, or drop table"},
		{"nothing named", YAML, "- note: hello\n", ErrIncomplete,
			"inventory: inv:1:3: incomplete entry: name an event_id with its channel or provider, or a table"},
		{"scalar entry", YAML, "- Security 4688\n", ErrShape,
			`inventory: inv:1:3: wrong shape: an event must be a mapping such as {channel: Security, event_id: 4688}, found "Security 4688"`},
		{"list channel", YAML, "- channel: [a, b]\n  event_id: 1\n", ErrShape,
			"inventory: inv:1:12: wrong shape: channel must be a single value, found a list"},
		{"syntax", YAML, "- channel: Security\n  event_id: [1\n", ErrSyntax, ""},
		{"empty", YAML, "", ErrEmpty, "inventory: inv: no entries: list at least one event (see huntbook help coverage)"},
		{"no events key", YAML, "name: x\n", ErrIncomplete, "inventory: inv:1:1: incomplete entry: no events key; list the collected events under events:"},
		{"csv unknown column", CSV, "channel,event_id,comment\nSecurity,4688,x\n", ErrUnknownKey,
			`inventory: inv:1:18: unknown key: column "comment"; the header names channel, provider, event_id, table, note, partial, reason and partial_for`},
		{"csv short row", CSV, "channel,event_id\nSecurity\n", ErrShape, "inventory: inv:2:1: wrong shape: 1 fields, the header has 2"},
		{"csv id alone", CSV, "event_id\n4688\n", ErrIncomplete, ""},
		{"csv bad quote", CSV, "channel,event_id\n\"Security,4688\n", ErrSyntax, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in), "inv", tt.format)
			if !errors.Is(err, tt.want) {
				t.Fatalf("error %v, want %v", err, tt.want)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T is not *Error", err)
			}
			if tt.msg != "" && err.Error() != tt.msg {
				t.Errorf("message\n got %s\nwant %s", err, tt.msg)
			}
		})
	}
}

func TestMatches(t *testing.T) {
	for _, tt := range []struct {
		name                     string
		e                        Entry
		channel, provider, evtID string
		want                     bool
	}{
		{"channel and id", Entry{Channel: "Security", EventID: "4688"}, "Security", "Microsoft-Windows-Security-Auditing", "4688", true},
		{"case and space", Entry{Channel: "security", EventID: "4688"}, "Security ", "", "4688", true},
		{"other id", Entry{Channel: "Security", EventID: "4688"}, "Security", "", "4689", false},
		{"other channel", Entry{Channel: "Security", EventID: "1"}, "Microsoft-Windows-Sysmon/Operational", "Microsoft-Windows-Sysmon", "1", false},
		{"provider", Entry{Provider: "Microsoft-Windows-Sysmon", EventID: "1"}, "Microsoft-Windows-Sysmon/Operational", "Microsoft-Windows-Sysmon", "1", true},
		{"linux sysmon is another provider", Entry{Provider: "Microsoft-Windows-Sysmon", EventID: "1"}, "", "sysmon", "1", false},
		{"both must match", Entry{Channel: "Security", Provider: "X", EventID: "4688"}, "Security", "Microsoft-Windows-Security-Auditing", "4688", false},
		{"table any provider 2021", Entry{Table: "DeviceProcessEvents"}, "", "Windows Defender Advanced Threat Protection", "DeviceProcessEvents", true},
		{"table any provider 2022", Entry{Table: "deviceprocessevents"}, "", "Microsoft Defender for Endpoint", "DeviceProcessEvents", true},
		{"table other", Entry{Table: "DeviceProcessEvents"}, "", "", "DeviceFileEvents", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.e.Matches(tt.channel, tt.provider, tt.evtID); got != tt.want {
				t.Errorf("%v.Matches(%q, %q, %q) = %v, want %v", tt.e, tt.channel, tt.provider, tt.evtID, got, tt.want)
			}
		})
	}
}

// The example files in testdata/inventory say the same thing in both formats.
func TestExamplesAgree(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "inventory")
	y, err := Load(filepath.Join(dir, "workstations.yaml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Load(filepath.Join(dir, "workstations.csv"), nil)
	if err != nil {
		t.Fatal(err)
	}
	strip := func(inv *Inventory) []Entry {
		var out []Entry
		for _, e := range inv.Entries {
			e.Line, e.Note = 0, ""
			out = append(out, e)
		}
		return out
	}
	if diff := cmp.Diff(strip(y), strip(c)); diff != "" {
		t.Errorf("yaml vs csv (-yaml +csv):\n%s", diff)
	}
	if _, err := Load(filepath.Join(dir, "defender.yaml"), nil); err != nil {
		t.Error(err)
	}
}

func TestLoadFormat(t *testing.T) {
	_, err := Load("inventory.txt", nil)
	if !errors.Is(err, ErrFormat) {
		t.Fatalf("error %v, want ErrFormat", err)
	}
	if want := "inventory: inventory.txt: unknown format: name the file .yaml, .yml or .csv"; err.Error() != want {
		t.Errorf("got %s, want %s", err, want)
	}
}

// FuzzParse feeds arbitrary bytes to both readers: they must not panic, and
// every error must be an *Error; every entry read must pass the checks.
func FuzzParse(f *testing.F) {
	f.Add([]byte("events:\n  - channel: Security\n    event_id: [4624, 4688]\n"))
	f.Add([]byte("- table: DeviceProcessEvents\n- provider: Microsoft-Windows-Sysmon\n  event_id: 1\n"))
	f.Add([]byte("channel,event_id,note\nSecurity,4688,x\n"))
	f.Add([]byte("&a [*a]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, format := range []Format{YAML, CSV} {
			inv, err := Parse(data, "fuzz", format)
			if err != nil {
				var e *Error
				if !errors.As(err, &e) {
					t.Fatalf("%s: error %T is not *Error: %v", format, err, err)
				}
				continue
			}
			for _, e := range inv.Entries {
				if cerr := check(e, e.EventID != ""); cerr != nil {
					t.Fatalf("%s: entry %+v read but invalid: %v", format, e, cerr)
				}
			}
		}
	})
}

func TestPartial(t *testing.T) {
	yamlIn := `name: lab
events:
  - provider: Microsoft-Windows-Sysmon
    event_id: 10
    partial: true
    reason: only lsass
  - channel: Security
    event_id: 4688
    partial: true
    partial_for: [command execution]
  - channel: Security
    event_id: 4624
`
	csvIn := "channel,provider,event_id,partial,partial_for,reason\n" +
		",Microsoft-Windows-Sysmon,10,true,,only lsass\n" +
		"Security,,4688,true,command execution,\n" +
		"Security,,4624,,,\n"
	for _, tc := range []struct {
		data   string
		format Format
	}{{yamlIn, YAML}, {csvIn, CSV}} {
		inv, err := Parse([]byte(tc.data), "lab", tc.format)
		if err != nil {
			t.Fatal(err)
		}
		got := []bool{inv.Entries[0].PartialIn("process access"), inv.Entries[1].PartialIn("command execution"),
			inv.Entries[1].PartialIn("process creation"), inv.Entries[2].PartialIn("logon session creation")}
		if diff := cmp.Diff([]bool{true, true, false, false}, got); diff != "" {
			t.Errorf("%s: PartialIn (-want +got):\n%s", tc.format, diff)
		}
		if inv.Entries[0].Reason != "only lsass" {
			t.Errorf("%s: reason %q", tc.format, inv.Entries[0].Reason)
		}
	}
	for _, bad := range []string{
		"- {channel: Security, event_id: 1, partial: maybe}",
		"- {channel: Security, event_id: 1, partial_for: [x]}",
	} {
		if _, err := Parse([]byte(bad), "bad", YAML); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

func TestWriteRoundTrip(t *testing.T) {
	in := &Inventory{Name: "from sensors", Description: "sysmon and audit policy", Entries: []Entry{
		{Channel: "Microsoft-Windows-Sysmon/Operational", Provider: "Microsoft-Windows-Sysmon", EventID: "10", Partial: true, Reason: "only what: 1 rule: \"x\""},
		{Channel: "Security", EventID: "4688", Partial: true, PartialFor: []string{"command execution"}, Reason: "no command line"},
		{Table: "DeviceProcessEvents", Note: "defender"},
	}}
	var b strings.Builder
	if err := Write(&b, in, " built by a test"); err != nil {
		t.Fatal(err)
	}
	out, err := Parse([]byte(b.String()), "x.yaml", YAML)
	if err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	for i := range out.Entries {
		out.Entries[i].Line = 0
	}
	if diff := cmp.Diff(in.Entries, out.Entries); diff != "" {
		t.Errorf("round trip (-want +got):\n%s\n%s", diff, b.String())
	}
	if out.Name != in.Name || out.Description != in.Description {
		t.Errorf("name %q description %q", out.Name, out.Description)
	}
}

func TestMergeKeyRefused(t *testing.T) {
	_, err := Parse([]byte("events:\n  - &e {channel: Security, event_id: 4688}\n  - <<: *e\n    event_id: 4689\n"), "inv.yaml", YAML)
	if err == nil || !strings.Contains(err.Error(), "inv.yaml:3:5") || !strings.Contains(err.Error(), "merge keys") {
		t.Errorf("err = %v", err)
	}
}
