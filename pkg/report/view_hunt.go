package report

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/huntbook/huntbook/pkg/evtx"
	"github.com/huntbook/huntbook/pkg/hunt"
)

// huntView is the Hunt section: hunt.Result arranged in tables.
type huntView struct {
	R          *hunt.Result
	States     table // configured, observed, detected per technique; no rows without Observed
	Fired      int
	NotRun     int
	Techniques table
	Rules      table
	Files      table
	Events     table
	Reasons    table
	NotRunList table
}

func (r *Report) huntView() *huntView {
	h := r.Hunt
	if h == nil {
		return nil
	}
	v := &huntView{R: h, Fired: len(h.Matched), NotRun: len(h.NotRun)}
	status := map[string]string{}
	if r.Coverage != nil {
		for _, t := range r.Coverage.Techniques {
			status[strings.ToUpper(t.ID)] = string(t.Status)
		}
	}
	cols := []string{"technique", "tactics", "rules", "events", "rule_titles"}
	if r.Coverage != nil {
		cols = append(cols, "coverage")
	}
	v.Techniques = table{ID: "hunt-techniques", Caption: "Techniques evidenced: rules tagged with them fired (events: distinct matching events)", Columns: cols}
	for i, t := range h.Techniques {
		cells := []cell{{Text: t.ID}, {Text: strings.Join(t.Tactics, ", ")}, num(len(t.Rules)), num(t.Events), list(t.Rules)}
		if r.Coverage != nil {
			if s, ok := status[t.ID]; ok {
				cells = append(cells, cell{Text: s})
			} else {
				cells = append(cells, cell{Text: "not in the mapping", Missing: true})
			}
		}
		v.Techniques.Rows = append(v.Techniques.Rows, row{Label: i, Cells: cells})
	}
	v.States = r.statesTable()
	v.Rules = table{ID: "hunt-rules", Caption: "Rules that fired, most severe first",
		Columns: []string{"rule", "level", "techniques", "events", "files", "logsource", "path"}}
	for i, m := range h.Matched {
		v.Rules.Rows = append(v.Rules.Rows, row{Label: i, Cells: []cell{{Text: m.Title}, {Text: m.Level},
			{Text: strings.Join(m.Techniques, ", ")}, num(m.Events), num(len(m.Files)), {Text: m.LogSource}, {Text: m.Path}}})
	}
	v.Files = table{ID: "hunt-files", Caption: "Per EVTX file: its events and the rules that fired on it (events matched)",
		Columns: []string{"file", "events", "rules", "rule_events"}}
	for i, f := range h.Files {
		var parts []string
		for _, rc := range f.Rules {
			parts = append(parts, rc.Title+" ("+itoa(rc.Events)+")")
		}
		v.Files.Rows = append(v.Files.Rows, row{Label: i, Cells: []cell{{Text: f.Path}, num(f.Events), num(len(f.Rules)), list(parts)}})
	}
	v.Events = table{ID: "hunt-events", Caption: "Matching events, with the fields each rule names",
		Columns: []string{"rule", "level", "time", "computer", "channel", "event_id", "record_id", "file", "fields"}}
	n, total := 0, 0
	for _, m := range h.Matched {
		for _, x := range m.Matches {
			total++
			if r.ListItems >= 0 && n >= r.ListItems {
				continue
			}
			v.Events.Rows = append(v.Events.Rows, row{Label: n, Cells: []cell{{Text: m.Title}, {Text: m.Level},
				{Text: x.Time.Format(time.RFC3339)}, {Text: x.Computer}, {Text: x.Channel}, num(int(x.EventID)),
				{Text: itoa64(x.RecordID)}, {Text: x.File}, {Text: fieldText(x.Fields)}}})
			n++
		}
	}
	if n < total {
		v.Events.Note = "Showing " + itoa(n) + " of " + itoa(total) + " matching events (--list-items); huntbook hunt --format csv lists all."
	}
	v.Reasons = table{ID: "hunt-reasons", Caption: "Rules not run, by reason", Columns: []string{"reason", "rules"}}
	for i, c := range h.NotRunCounts() {
		v.Reasons.Rows = append(v.Reasons.Rows, row{Label: i, Cells: []cell{{Text: c.Name}, num(c.N)}})
	}
	v.NotRunList = table{ID: "hunt-not-run", Caption: "Every rule not run, and why", Columns: []string{"rule", "path", "kind", "reason"}}
	for i, nr := range h.NotRun {
		v.NotRunList.Rows = append(v.NotRunList.Rows, row{Label: i, Cells: []cell{{Text: nr.Title}, {Text: nr.Path + ":" + itoa(nr.Line)},
			{Text: nr.Kind}, {Text: nr.Reason}}})
	}
	return v
}

func fieldText(fs []evtx.Field) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		v := f.Value
		if r := []rune(v); len(r) > 300 {
			v = string(r[:299]) + "…"
		}
		parts[i] = f.Name + "=" + v
	}
	return strings.Join(parts, "; ")
}

func itoa(n int) string      { return strconv.Itoa(n) }
func itoa64(n uint64) string { return strconv.FormatUint(n, 10) }

// statesTable sets each technique's three states side by side:
// configured (its coverage by the inventory), observed (its coverage by
// the events the hunted files hold) and detected (rules tagged with it
// fired). Techniques in none of them are left out.
func (r *Report) statesTable() table {
	t := table{ID: "hunt-states", Caption: "Configured, observed, detected: coverage by the inventory, coverage by the events in the files, rules that fired",
		Columns: []string{"technique_id", "technique", "configured", "observed", "detected", "rules_fired"}}
	if r.Observed == nil {
		return t
	}
	type state struct {
		name, configured, observed string
		rules                      []string
	}
	states := map[string]*state{}
	get := func(id string) *state {
		id = strings.ToUpper(id)
		if states[id] == nil {
			states[id] = &state{}
		}
		return states[id]
	}
	active := func(s string) bool { return s == "covered" || s == "partial" }
	for _, tc := range r.Observed.Techniques {
		if active(string(tc.Status)) {
			st := get(tc.ID)
			st.name, st.observed = tc.Name, string(tc.Status)
		}
	}
	if r.Coverage != nil {
		for _, tc := range r.Coverage.Techniques {
			if active(string(tc.Status)) {
				st := get(tc.ID)
				st.name, st.configured = tc.Name, string(tc.Status)
			}
		}
	}
	for _, tr := range r.Hunt.Techniques {
		get(tr.ID).rules = tr.Rules
	}
	// Fill the names and states of techniques that only one source has.
	for _, tc := range r.Observed.Techniques {
		if st, ok := states[strings.ToUpper(tc.ID)]; ok {
			if st.name == "" {
				st.name = tc.Name
			}
			if st.observed == "" {
				st.observed = string(tc.Status)
			}
		}
	}
	if r.Coverage != nil {
		for _, tc := range r.Coverage.Techniques {
			if st, ok := states[strings.ToUpper(tc.ID)]; ok && st.configured == "" {
				st.configured = string(tc.Status)
			}
		}
	}
	ids := make([]string, 0, len(states))
	for id := range states {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for i, id := range ids {
		st := states[id]
		c := func(s, none string) cell {
			if s == "" {
				return cell{Text: none, Missing: true}
			}
			return cell{Text: s}
		}
		configured := c(st.configured, "not in the mapping")
		if r.Coverage == nil {
			configured = cell{Text: "no inventory", Missing: true}
		}
		detected := cell{Text: "no", Missing: true}
		if len(st.rules) > 0 {
			detected = cell{Text: "yes"}
		}
		t.Rows = append(t.Rows, row{Label: i, Cells: []cell{{Text: id}, c(st.name, ""), configured,
			c(st.observed, "not in the mapping"), detected, list(st.rules)}})
	}
	return t
}
