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
	// The tables are attack.Coverage's own (its Tables), as the CLI prints them.
	for _, t := range append(append([]attack.TacticCoverage(nil), c.Tactics...), c.Overall) {
		if !t.Scored() && t.Tactic != "all" {
			v.Unscored = append(v.Unscored, t.Tactic)
		}
	}
	v.Tactics = tableOf("coverage-tactics", "Techniques by status per tactic, and overall (all); score is the mean of the scored techniques", c.TacticsFrame(), false)
	v.Techniques = tableOf("coverage-techniques", "Per technique: its data components by status, and the collected events behind the covered ones", c.TechniquesFrame(), false)
	v.Next = tableOf("coverage-next", "Events to enable next: each covers what it lists on top of the events above it (rank from 0)", c.NextFrame(0), true)
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
