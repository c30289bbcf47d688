package attack

import (
	"fmt"
	"math"
	"sort"

	"github.com/huntbook/huntbook/pkg/frame"
	"github.com/huntbook/huntbook/pkg/inventory"
	"github.com/huntbook/huntbook/pkg/logsource"
	"github.com/huntbook/huntbook/pkg/ossem"
	"github.com/huntbook/huntbook/pkg/render"
)

// Status says how well collected events cover a technique or a component.
type Status string

const (
	// Covered: a collected event maps to the component; for a technique,
	// every component that has a mapped event is covered.
	Covered Status = "covered"
	// Partial: some, not all, of a technique's mappable components are covered.
	Partial Status = "partial"
	// Missing: the component has mapped events but none is collected; for a
	// technique, no mappable component is covered.
	Missing Status = "missing"
	// Unmappable: the mapping maps no event at all to the component (for a
	// technique: to any of its components), so no inventory can cover it.
	// A gap in the mapping, not in the logs (see Gaps and Stubs).
	Unmappable Status = "unmappable"
)

// ComponentCoverage is one data component of a technique and how it is covered.
type ComponentCoverage struct {
	Component
	Status Status `json:"status"`
	// Collected lists the collected events that cover it (Status Covered).
	Collected []LogEvent `json:"collected"`
	// Mapped lists every event the mapping maps to it for the technique.
	Mapped []LogEvent `json:"mapped"`
}

// TechniqueCoverage is one technique's coverage by an inventory.
type TechniqueCoverage struct {
	ID        string   `json:"technique_id"`
	Name      string   `json:"technique"`
	Sub       bool     `json:"subtechnique"`
	Tactics   []string `json:"tactics"`
	Platforms []string `json:"platforms"`
	// Components in order of appearance in the mapping. A technique for
	// which ATT&CK lists no data component has none, and is Unmappable.
	Components []ComponentCoverage `json:"components"`
	// Counts of Components by status.
	Covered    int `json:"covered"`
	Missing    int `json:"missing"`
	Unmappable int `json:"unmappable"`
	// Score is Covered / (Covered + Missing): the share of the components
	// that logs can give which the collected logs do give. Unmappable
	// components do not count. Scored is false when the technique has no
	// mappable component (Status Unmappable); Score is then 0.
	Score  float64 `json:"score"`
	Scored bool    `json:"scored"`
	Status Status  `json:"status"`
}

// TacticCoverage summarises the techniques of one tactic (or of all of
// them: Tactic "all").
type TacticCoverage struct {
	Tactic     string `json:"tactic"`
	Techniques int    `json:"techniques"`
	// Techniques by status.
	Covered    int `json:"covered"`
	Partial    int `json:"partial"`
	Missing    int `json:"missing"`
	Unmappable int `json:"unmappable"`
	// Score is the mean Score of the scored techniques (0 if none).
	Score float64 `json:"score"`
}

// Scored reports whether the tactic has a technique with a score, that is
// one that is not unmappable.
func (t TacticCoverage) Scored() bool { return t.Techniques > t.Unmappable }

// TacticScores returns each tactic's mean score in percent (rounded), in
// the order of c.Tactics, for the per-tactic coverage chart. Tactics whose
// techniques are all unmappable are left out: a zero there would read as
// "none of it collected" when the mapping simply has no event for them.
func (c *Coverage) TacticScores() *frame.Series {
	s := &frame.Series{Name: "score"}
	for _, t := range c.Tactics {
		if t.Scored() {
			s.Index = append(s.Index, t.Tactic)
			s.Values = append(s.Values, math.Round(t.Score*100))
		}
	}
	return s
}

// Recommendation is an event not yet collected and what collecting it adds.
type Recommendation struct {
	Event LogEvent `json:"event"`
	// Components is how many missing technique-components it would cover
	// on top of the recommendations ranked above it.
	Components int `json:"components"`
	// Techniques are the techniques whose score it would raise, by ID.
	Techniques []string `json:"techniques"`
	// New is how many of them would get their first covered component.
	New int `json:"new_techniques"`
}

// EntryUse is an inventory entry and the mapped events it matched.
type EntryUse struct {
	Entry   inventory.Entry `json:"entry"`
	Matched []LogEvent      `json:"matched"`
}

// Coverage is what an inventory of collected events covers in a mapping.
//
// Coverage is a result (package render): its JSON form is the contract of
// `huntbook coverage --format json`, and Tables gives the text, CSV and
// HTML forms. A field added here shows in JSON at once; to show it in
// text, CSV and HTML add its column to TechniquesFrame (or the frame of
// its table); NewLayer writes the layer from the same value.
type Coverage struct {
	Mapping   string       `json:"mapping"` // the mapping's label
	Schema    ossem.Schema `json:"schema"`
	Inventory string       `json:"inventory"` // the inventory's name
	// Techniques by technique ID.
	Techniques []TechniqueCoverage `json:"techniques"`
	// Tactics in ATT&CK matrix order; a technique counts in each of its tactics.
	Tactics []TacticCoverage `json:"tactics"`
	Overall TacticCoverage   `json:"overall"`
	// Next ranks the events not collected, greedily: first the event that
	// would cover the most missing technique-components, then the event that
	// adds the most on top of it, and so on (ties: the one that starts
	// covering more techniques, then by name). Events that add nothing to
	// those above them are left out, so Sysmon 13 and Security 4657 are not
	// both recommended for the same registry components.
	Next []Recommendation `json:"next"`
	// Entries lists each inventory entry with the mapped events it matched;
	// an entry that matched none is likely a typo or an event the mapping
	// does not know.
	Entries []EntryUse `json:"entries"`
}

// CoverageOf computes what the inventory covers in the mapping.
func CoverageOf(m *ossem.Mapping, inv *inventory.Inventory) *Coverage {
	c := &Coverage{Mapping: m.Label(), Schema: m.Schema, Inventory: inv.Name}

	// Which mapped events are collected, and by which entries.
	events := LogEvents(m)
	collected := make(map[logsource.Key]bool)
	c.Entries = make([]EntryUse, len(inv.Entries))
	for i, e := range inv.Entries {
		c.Entries[i].Entry = e
		for _, ev := range events {
			if e.Matches(ev.Channel, ev.Provider, ev.ID) {
				c.Entries[i].Matched = append(c.Entries[i].Matched, ev)
				collected[ev.Event().Key()] = true
			}
		}
	}

	// Each technique's components and their mapped events.
	type tc struct {
		tech string
		comp Component
	}
	techIdx := make(map[string]int)
	compIdx := make(map[tc]int)
	seenEvent := make(map[tc]map[logsource.Key]bool)
	for i := range m.Records {
		r := &m.Records[i]
		ti, ok := techIdx[r.TechniqueID]
		if !ok {
			ti = len(c.Techniques)
			techIdx[r.TechniqueID] = ti
			c.Techniques = append(c.Techniques, TechniqueCoverage{ID: r.TechniqueID, Name: r.Technique,
				Sub: r.IsSubtechnique && !r.Missing(ossem.IsSubtechnique), Tactics: r.Tactic, Platforms: r.Platform})
		}
		if r.Missing(ossem.DataSource) || r.Missing(ossem.DataComponent) {
			continue
		}
		t := &c.Techniques[ti]
		k := tc{r.TechniqueID, Component{r.DataSource, r.DataComponent}}
		ci, ok := compIdx[k]
		if !ok {
			ci = len(t.Components)
			compIdx[k] = ci
			t.Components = append(t.Components, ComponentCoverage{Component: k.comp})
			seenEvent[k] = make(map[logsource.Key]bool)
		}
		if !r.HasEvent() {
			continue
		}
		ev := eventOf(r)
		ek := ev.Event().Key()
		if seenEvent[k][ek] {
			continue
		}
		seenEvent[k][ek] = true
		cc := &t.Components[ci]
		cc.Mapped = append(cc.Mapped, ev)
		if collected[ek] {
			cc.Collected = append(cc.Collected, ev)
		}
	}

	// Statuses and scores.
	for i := range c.Techniques {
		t := &c.Techniques[i]
		for j := range t.Components {
			cc := &t.Components[j]
			switch {
			case len(cc.Collected) > 0:
				cc.Status = Covered
				t.Covered++
			case len(cc.Mapped) > 0:
				cc.Status = Missing
				t.Missing++
			default:
				cc.Status = Unmappable
				t.Unmappable++
			}
		}
		switch n := t.Covered + t.Missing; {
		case n == 0:
			t.Status = Unmappable
		case t.Covered == n:
			t.Status, t.Score, t.Scored = Covered, 1, true
		case t.Covered == 0:
			t.Status, t.Score, t.Scored = Missing, 0, true
		default:
			t.Status, t.Score, t.Scored = Partial, float64(t.Covered)/float64(n), true
		}
	}
	sort.SliceStable(c.Techniques, func(a, b int) bool { return techLess(c.Techniques[a].ID, c.Techniques[b].ID) })

	c.Tactics, c.Overall = summarise(c.Techniques)
	c.Next = recommend(events, collected, c.Techniques)
	return c
}

func summarise(ts []TechniqueCoverage) ([]TacticCoverage, TacticCoverage) {
	type acc struct {
		TacticCoverage
		sum    float64
		scored int
	}
	add := func(a *acc, t *TechniqueCoverage) {
		a.Techniques++
		switch t.Status {
		case Covered:
			a.Covered++
		case Partial:
			a.Partial++
		case Missing:
			a.Missing++
		case Unmappable:
			a.Unmappable++
		}
		if t.Scored {
			a.sum += t.Score
			a.scored++
		}
	}
	byTactic := make(map[string]*acc)
	all := &acc{TacticCoverage: TacticCoverage{Tactic: "all"}}
	for i := range ts {
		t := &ts[i]
		add(all, t)
		for _, tac := range t.Tactics {
			a := byTactic[tac]
			if a == nil {
				a = &acc{TacticCoverage: TacticCoverage{Tactic: tac}}
				byTactic[tac] = a
			}
			add(a, t)
		}
	}
	finish := func(a *acc) TacticCoverage {
		if a.scored > 0 {
			a.Score = a.sum / float64(a.scored)
		}
		return a.TacticCoverage
	}
	out := make([]TacticCoverage, 0, len(byTactic))
	for _, a := range byTactic {
		out = append(out, finish(a))
	}
	sort.Slice(out, func(a, b int) bool { return tacticLess(out[a].Tactic, out[b].Tactic) })
	return out, finish(all)
}

func recommend(events []LogEvent, collected map[logsource.Key]bool, ts []TechniqueCoverage) []Recommendation {
	// The missing technique-components each uncollected event would cover.
	type pair struct{ tech, comp int }
	idx := make(map[logsource.Key]int)
	var cands []LogEvent
	var gives [][]pair
	for _, ev := range events {
		k := ev.Event().Key()
		if !collected[k] {
			idx[k] = len(cands)
			cands = append(cands, ev)
			gives = append(gives, nil)
		}
	}
	for ti := range ts {
		for ci, cc := range ts[ti].Components {
			if cc.Status != Missing {
				continue
			}
			for _, ev := range cc.Mapped {
				e := idx[ev.Event().Key()]
				gives[e] = append(gives[e], pair{ti, ci})
			}
		}
	}
	// Greedy: each step takes the event that adds the most on top of the
	// events taken before it.
	done := make(map[pair]bool)
	started := make([]bool, len(ts)) // technique has a covered component
	for ti := range ts {
		started[ti] = ts[ti].Covered > 0
	}
	taken := make([]bool, len(cands))
	var out []Recommendation
	for {
		best, bestN, bestNew := -1, 0, 0
		for e := range cands {
			if taken[e] {
				continue
			}
			n, fresh := 0, make(map[int]bool)
			for _, p := range gives[e] {
				if !done[p] {
					n++
					if !started[p.tech] {
						fresh[p.tech] = true
					}
				}
			}
			if n == 0 {
				continue
			}
			if best < 0 || n > bestN || n == bestN && (len(fresh) > bestNew ||
				len(fresh) == bestNew && cands[e].String() < cands[best].String()) {
				best, bestN, bestNew = e, n, len(fresh)
			}
		}
		if best < 0 {
			return out
		}
		taken[best] = true
		r := Recommendation{Event: cands[best], Components: bestN, New: bestNew}
		seen := make(map[int]bool)
		for _, p := range gives[best] {
			if done[p] {
				continue
			}
			done[p] = true
			if !seen[p.tech] {
				seen[p.tech] = true
				r.Techniques = append(r.Techniques, ts[p.tech].ID)
			}
		}
		for ti := range seen {
			started[ti] = true
		}
		sort.Slice(r.Techniques, func(a, b int) bool { return techLess(r.Techniques[a], r.Techniques[b]) })
		out = append(out, r)
	}
}

// Tables returns the coverage as the tables the text and HTML forms show:
// the per-tactic summary (titled with the overall counts), the
// per-technique table (the one CSV writes) and the events to enable next.
func (c *Coverage) Tables() []render.Table {
	o := c.Overall
	head := fmt.Sprintf("Coverage of %s by inventory %q\n"+
		"%d techniques: %d covered, %d partial, %d missing, %d unmappable (no event mapped to their components); mean score %.2f\n\n"+
		"Per tactic (a technique counts in each of its tactics):",
		c.Mapping, c.Inventory, o.Techniques, o.Covered, o.Partial, o.Missing, o.Unmappable, o.Score)
	return []render.Table{
		{Title: head, Frame: c.TacticsFrame()},
		{Title: "Per technique (--format csv for every column):", Frame: c.TechniquesFrame(), Primary: true,
			Show: []string{ColTechniqueID, "technique", "status", "score", "covered", "missing", "unmappable", "missing_components"}},
		{Title: "Enable next (each adds what it lists on top of those above it):", Frame: c.NextFrame(0),
			Empty: "Enable next: nothing; every mappable component is covered."},
	}
}

// TechniquesFrame returns one row per technique: technique_id, technique,
// tactic, status, score (None when unmappable), covered, missing,
// unmappable (the component counts), covered_components and
// missing_components (lists of "data source: component").
func (c *Coverage) TechniquesFrame() *frame.Frame {
	b := frame.NewBuilder(ColTechniqueID, "technique", "tactic", "status", "score",
		"covered", "missing", "unmappable", "covered_components", "missing_components")
	for _, t := range c.Techniques {
		var score any
		if t.Scored {
			score = round2(t.Score)
		}
		cov, miss := []any{}, []any{}
		for _, cc := range t.Components {
			switch cc.Status {
			case Covered:
				cov = append(cov, cc.Component.String())
			case Missing:
				miss = append(miss, cc.Component.String())
			}
		}
		b.Row().Set(ColTechniqueID, t.ID).Set("technique", t.Name).Set("tactic", strings2any(t.Tactics)).
			Set("status", string(t.Status)).Set("score", score).
			Set("covered", int64(t.Covered)).Set("missing", int64(t.Missing)).Set("unmappable", int64(t.Unmappable)).
			Set("covered_components", cov).Set("missing_components", miss)
	}
	return b.Frame()
}

// TacticsFrame returns the per-tactic summary and, last, the overall row
// (tactic "all"): techniques, covered, partial, missing, unmappable, score.
func (c *Coverage) TacticsFrame() *frame.Frame {
	b := frame.NewBuilder("tactic", "techniques", "covered", "partial", "missing", "unmappable", "score")
	for _, t := range append(append([]TacticCoverage(nil), c.Tactics...), c.Overall) {
		b.Row().Set("tactic", t.Tactic).Set("techniques", int64(t.Techniques)).Set("covered", int64(t.Covered)).
			Set("partial", int64(t.Partial)).Set("missing", int64(t.Missing)).Set("unmappable", int64(t.Unmappable)).
			Set("score", round2(t.Score))
	}
	return b.Frame()
}

// NextFrame returns the first n recommendations (all if n < 1): event,
// event_name, components, new_techniques, techniques (a list).
func (c *Coverage) NextFrame(n int) *frame.Frame {
	recs := c.Next
	if n > 0 && len(recs) > n {
		recs = recs[:n]
	}
	b := frame.NewBuilder("event", "event_name", "components", "new_techniques", "techniques")
	for _, r := range recs {
		b.Row().Set("event", r.Event.String()).Set("event_name", r.Event.Name).Set("components", int64(r.Components)).
			Set("new_techniques", int64(r.New)).Set("techniques", strings2any(r.Techniques))
	}
	return b.Frame()
}

// Unmatched returns the inventory entries that matched no mapped event.
func (c *Coverage) Unmatched() []inventory.Entry {
	var out []inventory.Entry
	for _, u := range c.Entries {
		if len(u.Matched) == 0 {
			out = append(out, u.Entry)
		}
	}
	return out
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
