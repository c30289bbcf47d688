package hunt

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/pkg/evtx"
	"github.com/huntbook/huntbook/pkg/sigma"
)

// rulesOf parses hand-written rules, one YAML document each.
func rulesOf(t testing.TB, docs ...string) []sigma.Rule {
	t.Helper()
	var out []sigma.Rule
	for i, d := range docs {
		rs, err := sigma.Parse([]byte(d), fmt.Sprintf("rule%d.yml", i+1))
		if err != nil {
			t.Fatalf("rule %d: %v", i+1, err)
		}
		out = append(out, rs...)
	}
	return out
}

func sysmonEvent(file string, rec uint64, id uint16, data ...string) *evtx.Event {
	return event0(file, "Microsoft-Windows-Sysmon/Operational", "Microsoft-Windows-Sysmon", rec, id, data...)
}

func event0(file, channel, provider string, rec uint64, id uint16, data ...string) *evtx.Event {
	e := &evtx.Event{File: file, Channel: channel, Provider: provider, Computer: "host1", EventID: id, RecordID: rec,
		TimeCreated: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	for i := 0; i+1 < len(data); i += 2 {
		e.Data = append(e.Data, evtx.Field{Name: data[i], Value: data[i+1]})
	}
	return e
}

const ruleWhoami = `title: Whoami
id: r-whoami
level: medium
tags: [attack.discovery, attack.t1033]
logsource: {product: windows, category: process_creation}
detection:
  selection: {Image|endswith: '\whoami.exe'}
  condition: selection
fields: [CommandLine]
`

const ruleLogon = `title: Network logon
id: r-logon
level: low
tags: [attack.lateral-movement, attack.t1021]
logsource: {product: windows, service: security}
detection:
  selection: {EventID: 4624, LogonType: 3}
  condition: selection
`

const ruleNotFilter = `title: Any security event but 4625
id: r-notfilter
level: informational
logsource: {product: windows, service: security}
detection:
  selection: {TargetUserName: alice}
  filter: {EventID: 4625}
  condition: selection and not filter
`

const ruleAggregation = `title: Brute force
id: r-agg
logsource: {product: windows, service: security}
detection:
  selection: {EventID: 4625}
  condition: selection | count() by IpAddress > 5
`

const ruleUnknownLog = `title: Unknown log
id: r-unknown
logsource: {product: windows, category: no_such_category}
detection:
  selection: {A: b}
  condition: selection
`

const ruleNoEvent = `title: Process creation on 4624
id: r-noevent
logsource: {product: windows, category: process_creation}
detection:
  selection: {EventID: 4624, Image: x}
  condition: selection
`

const ruleKeyword = `title: Mimikatz keyword
id: r-kw
level: high
tags: [attack.credential-access, attack.t1003.001]
logsource: {product: windows}
detection:
  keywords: [sekurlsa]
  condition: keywords
`

func TestHunter(t *testing.T) {
	h := New(rulesOf(t, ruleWhoami, ruleLogon, ruleNotFilter, ruleAggregation, ruleUnknownLog, ruleNoEvent, ruleKeyword))
	h.Workers = 2
	events := []*evtx.Event{
		sysmonEvent("a.evtx", 10, 1, "Image", `C:\Windows\System32\whoami.exe`, "CommandLine", "whoami /all"),
		sysmonEvent("a.evtx", 11, 1, "Image", `C:\Windows\System32\cmd.exe`, "CommandLine", "cmd /c sekurlsa"),
		// Security 4688 names Image NewProcessName.
		event0("a.evtx", "Security", "Microsoft-Windows-Security-Auditing", 12, 4688, "NewProcessName", `C:\Windows\System32\WHOAMI.EXE`),
		event0("b.evtx", "Security", "Microsoft-Windows-Security-Auditing", 20, 4624, "TargetUserName", "alice", "LogonType", "3"),
		event0("b.evtx", "Security", "Microsoft-Windows-Security-Auditing", 21, 4625, "TargetUserName", "alice", "LogonType", "3"),
		// The right fields in the wrong log: never tested against the rules.
		event0("b.evtx", "System", "Service Control Manager", 22, 4624, "TargetUserName", "bob", "LogonType", "3"),
	}
	r := h.RunEvents(events)

	var notRun []string
	for _, n := range r.NotRun {
		notRun = append(notRun, n.ID+" "+n.Kind+" "+n.Construct)
	}
	if diff := cmp.Diff([]string{"r-agg unsupported aggregation", "r-unknown log source ", "r-noevent no event "}, notRun); diff != "" {
		t.Errorf("not run (-want +got):\n%s", diff)
	}
	if r.Rules != 7 || r.Runnable != 4 || r.Events != 6 {
		t.Errorf("rules %d runnable %d events %d, want 7 4 6", r.Rules, r.Runnable, r.Events)
	}
	var got []string
	for _, m := range r.Matched {
		for _, x := range m.Matches {
			var fs []string
			for _, f := range x.Fields {
				fs = append(fs, f.Name+"="+f.Value)
			}
			got = append(got, fmt.Sprintf("%s %s %d %s", m.ID, x.File, x.RecordID, strings.Join(fs, ",")))
		}
	}
	want := []string{
		`r-kw a.evtx 11 `,
		`r-whoami a.evtx 10 Image=C:\Windows\System32\whoami.exe,CommandLine=whoami /all`,
		`r-whoami a.evtx 12 Image=C:\Windows\System32\WHOAMI.EXE`,
		`r-logon b.evtx 20 EventID=4624,LogonType=3`,
		`r-notfilter b.evtx 20 EventID=4624,TargetUserName=alice`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("matches (-want +got):\n%s", diff)
	}
	var tech []string
	for _, tr := range r.Techniques {
		tech = append(tech, fmt.Sprintf("%s %v %d", tr.ID, tr.Rules, tr.Events))
	}
	if diff := cmp.Diff([]string{"T1003.001 [Mimikatz keyword] 1", "T1021 [Network logon] 1", "T1033 [Whoami] 2"}, tech); diff != "" {
		t.Errorf("techniques (-want +got):\n%s", diff)
	}
	var files []string
	for _, f := range r.Files {
		var rs []string
		for _, rc := range f.Rules {
			rs = append(rs, fmt.Sprintf("%s=%d", rc.ID, rc.Events))
		}
		files = append(files, fmt.Sprintf("%s %d %s", f.Path, f.Events, strings.Join(rs, " ")))
	}
	if diff := cmp.Diff([]string{"a.evtx 3 r-kw=1 r-whoami=2", "b.evtx 3 r-notfilter=1 r-logon=1"}, files); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}

	// The index: a 4625 is tested against the rules that can match it
	// only; the System channel against the log-less keyword rule only.
	titles := func(ids []int) []string {
		var out []string
		for _, i := range ids {
			out = append(out, h.rules[i].rule.ID)
		}
		return out
	}
	for _, tt := range []struct {
		channel, provider, id string
		want                  []string
	}{
		{"Security", "Microsoft-Windows-Security-Auditing", "4625", []string{"r-notfilter", "r-kw"}},
		{"Security", "Microsoft-Windows-Security-Auditing", "4624", []string{"r-logon", "r-notfilter", "r-kw"}},
		{"Security", "", "4688", []string{"r-whoami", "r-notfilter", "r-kw"}},
		{"Microsoft-Windows-Sysmon/Operational", "Microsoft-Windows-Sysmon", "1", []string{"r-whoami", "r-kw"}},
		{"Microsoft-Windows-Sysmon/Operational", "Microsoft-Windows-Sysmon", "3", []string{"r-kw"}},
		{"System", "Service Control Manager", "4624", []string{"r-kw"}},
	} {
		if diff := cmp.Diff(tt.want, titles(h.candidates(tt.channel, tt.provider, tt.id))); diff != "" {
			t.Errorf("candidates(%s, %s) (-want +got):\n%s", tt.channel, tt.id, diff)
		}
	}

	l := r.Layer("")
	if len(l.Techniques) != 3 || l.Techniques[2].TechniqueID != "T1033" || *l.Techniques[2].Score != 1 {
		t.Errorf("layer techniques: %+v", l.Techniques)
	}
	if ts := r.Tables(); ts[3].Frame.Len() != 5 || ts[0].Frame.Len() != 4 {
		t.Errorf("tables: %d matching events, %d rules; want 5, 4", ts[0].Frame.Len(), ts[1].Frame.Len())
	}
}

func TestEventIDConstraint(t *testing.T) {
	tests := []struct {
		det  string
		want string // sorted ids, or "-" when unconstrained
	}{
		{"sel: {EventID: 4624}\ncondition: sel", "4624"},
		{"sel: {EventID: [4624, 4625]}\ncondition: sel", "4624 4625"},
		{"a: {EventID: 1}\nb: {EventID: 2}\ncondition: a or b", "1 2"},
		{"a: {EventID: 1}\nb: {X: 2}\ncondition: a or b", "-"},
		{"a: {EventID: [1, 2]}\nb: {EventID: 2}\ncondition: a and b", "2"},
		{"a: {EventID: 1}\nb: {X: 2}\ncondition: a and not b", "1"},
		{"a: {EventID: 1}\nb: {X: 2}\ncondition: b and not a", "-"},
		{"a: {EventID|contains: 1}\ncondition: a", "-"},
		{"a: [{EventID: 1, X: 1}, {EventID: 2}]\ncondition: a", "1 2"},
		{"a: [{EventID: 1, X: 1}, {Y: 2}]\ncondition: a", "-"},
		{"s1: {EventID: 1}\ns2: {EventID: 2}\ncondition: 1 of s*", "1 2"},
		{"s1: {EventID: 1}\ns2: {X: 2}\ncondition: all of s*", "1"},
	}
	for _, tt := range tests {
		tab := &fieldTable{}
		d, err := compileWith(tab, decode(t, tt.det))
		if err != nil {
			t.Fatal(err)
		}
		got := "-"
		if id, ok := tab.ids["EventID"]; ok {
			if ids, ok := eventIDs(d.root, id); ok {
				var l []string
				for k := range ids {
					l = append(l, k)
				}
				sortStrings(l)
				got = strings.Join(l, " ")
			}
		}
		if got != tt.want {
			t.Errorf("%q: ids %q, want %q", tt.det, got, tt.want)
		}
	}
}

func sortStrings(l []string) { slices.Sort(l) }

// Sysmon 12 is a key created or deleted: registry_delete rules fire on
// deletions only, registry_add on creations.
func TestRegistryEventType(t *testing.T) {
	rule := func(cat string) string {
		return "title: " + cat + "\nid: " + cat + "\nlogsource: {product: windows, category: " + cat + "}\n" +
			"detection:\n  selection: {TargetObject|endswith: '\\RunMRU'}\n  condition: selection\n"
	}
	h := New(rulesOf(t, rule("registry_delete"), rule("registry_add"), rule("registry_event")))
	ev := func(rec uint64, typ string) *evtx.Event {
		return sysmonEvent("r.evtx", rec, 12, "EventType", typ, "TargetObject", `HKU\S-1\Software\Microsoft\Windows\CurrentVersion\Explorer\RunMRU`)
	}
	r := h.RunEvents([]*evtx.Event{ev(1, "CreateKey"), ev(2, "DeleteKey"), ev(3, "DeleteValue")})
	var got []string
	for _, m := range r.Matched {
		for _, x := range m.Matches {
			got = append(got, fmt.Sprintf("%s %d", m.ID, x.RecordID))
		}
	}
	slices.Sort(got)
	want := []string{"registry_add 1", "registry_delete 2", "registry_delete 3", "registry_event 1", "registry_event 2", "registry_event 3"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("matches (-want +got):\n%s", diff)
	}
}

// The JSON form is the contract: a saved result decodes into the same
// value.
func TestResultJSONRoundTrip(t *testing.T) {
	h := New(rulesOf(t, ruleWhoami, ruleLogon, ruleAggregation))
	r := h.RunEvents([]*evtx.Event{
		sysmonEvent("a.evtx", 10, 1, "Image", `C:\Windows\System32\whoami.exe`, "CommandLine", "whoami /all"),
		event0("b.evtx", "Security", "Microsoft-Windows-Security-Auditing", 20, 4624, "LogonType", "3"),
	})
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back Result
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r, &back); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}
