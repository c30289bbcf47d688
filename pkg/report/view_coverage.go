package report

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"github.com/huntbook/huntbook/pkg/attack"
	"github.com/huntbook/huntbook/pkg/chart"
)

// coverageView is the Coverage section: attack.Coverage arranged in tables.
type coverageView struct {
	Inventory  string
	Overall    attack.TacticCoverage
	Score      string
	ChartSVG   template.HTML
	Unscored   []string // tactics with no scored technique: no bar
	Tactics    table
	Techniques table
	Next       table
	Unmatched  table
	Entries    table
}

func (r *Report) coverageView() *coverageView {
	c := r.Coverage
	if c == nil {
		return nil
	}
	v := &coverageView{Inventory: c.Inventory, Overall: c.Overall, Score: score2(c.Overall.Score)}
	if r.CoverageChart != nil {
		v.ChartSVG = trustedSVG(chart.Inline(r.CoverageChart.SVG()))
	}
	v.Tactics = table{ID: "coverage-tactics", Caption: "Techniques by status per tactic, and overall (all); score is the mean of the scored techniques",
		Columns: []string{"tactic", "techniques", "covered", "partial", "missing", "unmappable", "score"}}
	for i, t := range append(append([]attack.TacticCoverage(nil), c.Tactics...), c.Overall) {
		if !t.Scored() && t.Tactic != "all" {
			v.Unscored = append(v.Unscored, t.Tactic)
		}
		sc := cell{Text: score2(t.Score)}
		if !t.Scored() {
			sc = cell{Text: "None", Missing: true}
		}
		v.Tactics.Rows = append(v.Tactics.Rows, row{Label: i, Cells: []cell{{Text: t.Tactic}, num(t.Techniques), num(t.Covered),
			num(t.Partial), num(t.Missing), num(t.Unmappable), sc}})
	}
	v.Techniques = table{ID: "coverage-techniques", Caption: "Per technique: its data components by status; covered ones name the collected events that cover them",
		Columns: []string{"technique_id", "technique", "tactic", "status", "score", "covered", "missing", "unmappable"}}
	for i, t := range c.Techniques {
		sc := cell{Text: "None", Missing: true}
		if t.Scored {
			sc = cell{Text: score2(t.Score)}
		}
		var cov, miss, unm []string
		for _, cc := range t.Components {
			switch cc.Status {
			case attack.Covered:
				cov = append(cov, cc.Component.String()+" ("+events(cc.Collected)+")")
			case attack.Filtered:
				cov = append(cov, cc.Component.String()+" (partly: "+events(cc.Filtered)+" filtered)")
			case attack.Missing:
				miss = append(miss, cc.Component.String())
			case attack.Unmappable:
				unm = append(unm, cc.Component.String())
			}
		}
		v.Techniques.Rows = append(v.Techniques.Rows, row{Label: i, Cells: []cell{{Text: t.ID}, {Text: t.Name},
			{Text: strings.Join(t.Tactics, ", ")}, {Text: string(t.Status)}, sc, list(cov), list(miss), list(unm)}})
	}
	v.Next = table{ID: "coverage-next", Caption: "Events to enable next: each covers what it lists on top of the events above it",
		Columns: []string{"rank", "event", "event_name", "components", "new_techniques", "techniques", "change"}}
	for i, n := range c.Next {
		v.Next.Rows = append(v.Next.Rows, row{Label: i, Cells: []cell{num(i + 1), {Text: n.Event.String()}, {Text: n.Event.Name},
			num(n.Components), num(n.New), {Text: strings.Join(n.Techniques, ", ")}, {Text: n.Change}}})
	}
	v.Unmatched = table{ID: "coverage-unmatched", Caption: "Inventory entries that match no event in the mapping",
		Columns: []string{"line", "entry", "note"}}
	v.Entries = table{ID: "coverage-entries", Caption: "Every inventory entry and the mapped events it matches",
		Columns: []string{"line", "entry", "note", "matched"}}
	for i, u := range c.Entries {
		e := u.Entry
		note := cell{Text: e.Note}
		if e.Note == "" {
			note = cell{Text: "None", Missing: true}
		}
		if len(u.Matched) == 0 && e.Line > 0 { // entries built from sensor configurations have no line
			v.Unmatched.Rows = append(v.Unmatched.Rows, row{Label: len(v.Unmatched.Rows), Cells: []cell{num(e.Line), {Text: e.String()}, note}})
		}
		v.Entries.Rows = append(v.Entries.Rows, row{Label: i, Cells: []cell{num(e.Line), {Text: e.String()}, note, list(eventList(u.Matched))}})
	}
	return v
}

func num(n int) cell { return cell{Text: strconv.Itoa(n)} }

// score2 shows a score as the CLI does: two decimals.
func score2(x float64) string { return fmt.Sprintf("%.2f", x) }

// list shows a list in one cell; an empty one is an empty cell, which
// sorts last.
func list(items []string) cell {
	if len(items) == 0 {
		return cell{Missing: true}
	}
	return cell{Text: strings.Join(items, "; ")}
}

func eventList(es []attack.LogEvent) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.String()
	}
	return out
}

func events(es []attack.LogEvent) string { return strings.Join(eventList(es), ", ") }
