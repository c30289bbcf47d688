package report

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/pkg/evtx"
	"github.com/huntbook/huntbook/pkg/hunt"
	"github.com/huntbook/huntbook/pkg/inventory"
	"github.com/huntbook/huntbook/pkg/sigma"
)

// huntResult runs two hand-written rules over three hand-made events: one
// rule fires (T1003.001, covered by the example inventory), one cannot
// run; a title with markup checks escaping.
func huntResult(t testing.TB) *hunt.Result {
	t.Helper()
	src := `title: LSASS access <b>by a tool</b>
id: r1
level: high
tags: [attack.credential-access, attack.t1003.001]
logsource: {product: windows, category: process_access}
detection:
  selection: {TargetImage|endswith: '\lsass.exe'}
  condition: selection
---
title: Brute force
id: r2
logsource: {product: windows, service: security}
detection:
  selection: {EventID: 4625}
  condition: selection | count() > 5
`
	rules, errs := sigma.ParseAll([]byte(src), "rules.yml")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	ev := func(rec uint64, target string) *evtx.Event {
		return &evtx.Event{File: "a.evtx", Channel: "Microsoft-Windows-Sysmon/Operational", Provider: "Microsoft-Windows-Sysmon",
			EventID: 10, RecordID: rec, Computer: "ws1", TimeCreated: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
			Data: []evtx.Field{{Name: "TargetImage", Value: target}}}
	}
	return hunt.New(rules).RunEvents([]*evtx.Event{ev(1, `C:\Windows\System32\lsass.exe`), ev(2, `C:\x\notepad.exe`), ev(3, `C:\WINDOWS\system32\LSASS.EXE`)})
}

func TestHuntSection(t *testing.T) {
	o := withSections(t)
	o.Hunt = huntResult(t)
	r, err := New(demo(t), o)
	if err != nil {
		t.Fatal(err)
	}
	v := r.huntView()
	var tech [][]string
	for _, row := range v.Techniques.Rows {
		var cells []string
		for _, c := range row.Cells {
			cells = append(cells, c.Text)
		}
		tech = append(tech, cells)
	}
	want := [][]string{{"T1003.001", "credential-access", "1", "2", "LSASS access <b>by a tool</b>", "covered"}}
	if diff := cmp.Diff(want, tech); diff != "" {
		t.Errorf("techniques (-want +got):\n%s", diff)
	}
	if len(v.Events.Rows) != 2 || len(v.NotRunList.Rows) != 1 {
		t.Errorf("%d event rows, %d not run; want 2, 1", len(v.Events.Rows), len(v.NotRunList.Rows))
	}
	out := render(t, demo(t), o)
	for _, m := range []string{`<section id="hunt">`, `<a href="#hunt">Hunt</a>`, "LSASS access &lt;b&gt;by a tool&lt;/b&gt;",
		"2 Sigma rules (1 run, 1 not run) over 1 EVTX files and 3 events: 1 rules fired", "unsupported: aggregation"} {
		if !strings.Contains(out, m) {
			t.Errorf("report lacks %q", m)
		}
	}
	if strings.Contains(out, "<b>by a tool</b>") {
		t.Error("a rule title is not escaped")
	}
	// With the events seen, the three states side by side.
	o.Observed = &inventory.Inventory{Name: "seen", Entries: []inventory.Entry{
		{Channel: "Microsoft-Windows-Sysmon/Operational", Provider: "Microsoft-Windows-Sysmon", EventID: "10"}}}
	r, err = New(demo(t), o)
	if err != nil {
		t.Fatal(err)
	}
	states := map[string][]string{}
	for _, row := range r.huntView().States.Rows {
		var cells []string
		for _, c := range row.Cells {
			cells = append(cells, c.Text)
		}
		states[cells[0]] = cells
	}
	if diff := cmp.Diff([]string{"T1003.001", "LSASS Memory", "covered", "partial", "yes", "LSASS access <b>by a tool</b>"}, states["T1003.001"]); diff != "" {
		t.Errorf("T1003.001 states (-want +got):\n%s", diff)
	}
	if out := render(t, demo(t), o); !strings.Contains(out, `id="hunt-states"`) {
		t.Error("no states table")
	}
	// Without a hunt, no section.
	if out := render(t, demo(t), fixed); strings.Contains(out, `<section id="hunt">`) {
		t.Error("a Hunt section without a hunt")
	}
}
