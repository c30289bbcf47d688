package attack

import (
	"fmt"
	"sort"

	"github.com/huntbook/huntbook/pkg/frame"
	"github.com/huntbook/huntbook/pkg/render"
)

// TechniqueChange is one technique whose coverage differs between two
// inventories.
type TechniqueChange struct {
	ID      string   `json:"technique_id"`
	Name    string   `json:"technique"`
	Tactics []string `json:"tactics"`
	From    Status   `json:"from"`
	To      Status   `json:"to"`
	// FromScore and ToScore are the technique's scores (0 when unmappable).
	FromScore float64 `json:"from_score"`
	ToScore   float64 `json:"to_score"`
}

// TacticChange is one tactic's mean score under each inventory.
type TacticChange struct {
	Tactic    string  `json:"tactic"`
	FromScore float64 `json:"from_score"`
	ToScore   float64 `json:"to_score"`
	// Gained and Lost count its techniques whose score rose or fell.
	Gained int `json:"gained"`
	Lost   int `json:"lost"`
}

// CoverageComparison is what changes when the collection of one inventory
// (From) is replaced by another's (To), on one mapping: switching from
// SwiftOnSecurity's Sysmon configuration to sysmon-modular's, say.
type CoverageComparison struct {
	Mapping string `json:"mapping"`
	From    string `json:"from"`
	To      string `json:"to"`
	// Gained are the techniques whose score rises, Lost those whose score
	// falls, each in technique ID order. A technique whose score is
	// unchanged is in neither, even if its components shifted.
	Gained []TechniqueChange `json:"gained"`
	Lost   []TechniqueChange `json:"lost"`
	// NewlyCovered and NoLongerCovered count techniques that go from no
	// covered component (missing) to some, and back.
	NewlyCovered    int            `json:"newly_covered"`
	NoLongerCovered int            `json:"no_longer_covered"`
	Tactics         []TacticChange `json:"tactics"`
	FromScore       float64        `json:"from_score"`
	ToScore         float64        `json:"to_score"`
}

// CompareCoverage compares two coverages of the same mapping.
func CompareCoverage(from, to *Coverage) *CoverageComparison {
	out := &CoverageComparison{Mapping: to.Mapping, From: from.Inventory, To: to.Inventory,
		Gained: []TechniqueChange{}, Lost: []TechniqueChange{},
		FromScore: from.Overall.Score, ToScore: to.Overall.Score}
	before := make(map[string]*TechniqueCoverage)
	for i := range from.Techniques {
		before[from.Techniques[i].ID] = &from.Techniques[i]
	}
	gained := make(map[string]int)
	lost := make(map[string]int)
	for i := range to.Techniques {
		t := &to.Techniques[i]
		b, ok := before[t.ID]
		if !ok || b.Score == t.Score {
			continue
		}
		ch := TechniqueChange{ID: t.ID, Name: t.Name, Tactics: nonNilStrings(t.Tactics), From: b.Status, To: t.Status,
			FromScore: round2(b.Score), ToScore: round2(t.Score)}
		if t.Score > b.Score {
			out.Gained = append(out.Gained, ch)
			for _, tac := range t.Tactics {
				gained[tac]++
			}
		} else {
			out.Lost = append(out.Lost, ch)
			for _, tac := range t.Tactics {
				lost[tac]++
			}
		}
		switch {
		case b.Status == Missing && t.Status != Missing:
			out.NewlyCovered++
		case b.Status != Missing && t.Status == Missing:
			out.NoLongerCovered++
		}
	}
	fromTac := make(map[string]float64)
	for _, t := range from.Tactics {
		fromTac[t.Tactic] = t.Score
	}
	for _, t := range to.Tactics {
		out.Tactics = append(out.Tactics, TacticChange{Tactic: t.Tactic, FromScore: round2(fromTac[t.Tactic]), ToScore: round2(t.Score),
			Gained: gained[t.Tactic], Lost: lost[t.Tactic]})
	}
	sort.SliceStable(out.Tactics, func(a, b int) bool { return tacticLess(out.Tactics[a].Tactic, out.Tactics[b].Tactic) })
	return out
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Tables returns the comparison as tables: per tactic (titled with the
// overall change), then the techniques gained and lost (the table CSV
// writes: one row per technique, change "gained" or "lost").
func (c *CoverageComparison) Tables() []render.Table {
	head := fmt.Sprintf("Coverage of %s: %q compared with %q\n"+
		"mean score %.2f -> %.2f; %d techniques gained, %d lost; %d newly covered, %d no longer covered\n\nPer tactic:",
		c.Mapping, c.To, c.From, c.FromScore, c.ToScore, len(c.Gained), len(c.Lost), c.NewlyCovered, c.NoLongerCovered)
	tb := frame.NewBuilder("tactic", "from_score", "to_score", "gained", "lost")
	for _, t := range c.Tactics {
		tb.Row().Set("tactic", t.Tactic).Set("from_score", t.FromScore).Set("to_score", t.ToScore).
			Set("gained", int64(t.Gained)).Set("lost", int64(t.Lost))
	}
	cb := frame.NewBuilder("change", ColTechniqueID, "technique", "tactics", "from", "from_score", "to", "to_score")
	for _, part := range []struct {
		name string
		l    []TechniqueChange
	}{{"gained", c.Gained}, {"lost", c.Lost}} {
		for _, t := range part.l {
			cb.Row().Set("change", part.name).Set(ColTechniqueID, t.ID).Set("technique", t.Name).Set("tactics", strings2any(t.Tactics)).
				Set("from", string(t.From)).Set("from_score", t.FromScore).Set("to", string(t.To)).Set("to_score", t.ToScore)
		}
	}
	return []render.Table{
		{Title: head, Frame: tb.Frame()},
		{Title: "Techniques gained and lost:", Frame: cb.Frame(), Primary: true, Empty: "Techniques gained and lost: none."},
	}
}
