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
	// Filtered: component only. The only collected events mapped to it
	// are collected in part (inventory entries marked partial: a Sysmon
	// event type its configuration filters, 4688 without its command
	// line), so the component is partly covered.
	Filtered Status = "filtered"
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
	// Filtered lists the events collected only in part that are mapped
	// to it (Status Filtered when Collected is empty), and Reasons the
	// reason of the entry that collects each, in the same order.
	Filtered []LogEvent `json:"filtered"`
	Reasons  []string   `json:"reasons"`
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
	Filtered   int `json:"filtered"`
	Missing    int `json:"missing"`
	Unmappable int `json:"unmappable"`
	// Score is (Covered + Filtered/2) / (Covered + Filtered + Missing): the
	// share of the components that logs can give which the collected logs
	// do give, a partly covered (filtered) component counting half.
	// Unmappable components do not count. Scored is false when the
	// technique has no mappable component (Status Unmappable); Score is
	// then 0. Status is Covered when every mappable component is covered
	// in full, Missing when none is covered even in part, else Partial.
	Score  float64 `json:"score"`
	Scored bool    `json:"scored"`
	Status Status  `json:"status"`
	// State and RevokedBy are the technique's state in the ATT&CK
	// release the coverage was seen in (Overlay.MarkCoverage) and, when
	// revoked, the technique that replaces it; empty otherwise.
	State     State  `json:"state,omitempty"`
	RevokedBy string `json:"revoked_by,omitempty"`
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
	// Filtered counts the techniques with at least one filtered
	// (partly covered) component.
	Filtered int `json:"filtered"`
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
	// Widen is true when the event is collected already, in part: the
	// change is to collect more of it.
	Widen bool `json:"widen"`
	// Change is the configuration change that collects it: which Sysmon
	// event type, which audit subcategory (see ChangeFor).
	Change string `json:"change"`
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
	// Next ranks the events not collected in full, greedily: first the
	// event that would cover the most missing or filtered
	// technique-components, then the event that adds the most on top of
	// it, and so on (ties: the one that starts
	// covering more techniques, then by name). Events that add nothing to
	// those above them are left out, so Sysmon 13 and Security 4657 are not
	// both recommended for the same registry components.
	Next []Recommendation `json:"next"`
	// Entries lists each inventory entry with the mapped events it matched;
	// an entry that matched none is likely a typo or an event the mapping
	// does not know.
	Entries []EntryUse `json:"entries"`
	// Release is the ATT&CK release the techniques were seen in
	// (Overlay.MarkCoverage), "" when none was given.
	Release string `json:"attack_release,omitempty"`
}

// CoverageOf computes what the inventory covers in the mapping.
func CoverageOf(m *ossem.Mapping, inv *inventory.Inventory) *Coverage {
	c := &Coverage{Mapping: m.Label(), Schema: m.Schema, Inventory: inv.Name}

	// Which mapped events are collected, and by which entries.
	events := LogEvents(m)
	collected := make(map[logsource.Key][]inventory.Entry)
	c.Entries = make([]EntryUse, len(inv.Entries))
	for i, e := range inv.Entries {
		c.Entries[i].Entry = e
		for _, ev := range events {
			if e.Matches(ev.Channel, ev.Provider, ev.ID) {
				c.Entries[i].Matched = append(c.Entries[i].Matched, ev)
				k := ev.Event().Key()
				collected[k] = append(collected[k], e)
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
		switch st, reason := collectedFor(collected[ek], r.DataComponent); st {
		case Covered:
			cc.Collected = append(cc.Collected, ev)
		case Filtered:
			cc.Filtered = append(cc.Filtered, ev)
			cc.Reasons = append(cc.Reasons, reason)
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
			case len(cc.Filtered) > 0:
				cc.Status = Filtered
				t.Filtered++
			case len(cc.Mapped) > 0:
				cc.Status = Missing
				t.Missing++
			default:
				cc.Status = Unmappable
				t.Unmappable++
			}
		}
		switch n := t.Covered + t.Filtered + t.Missing; {
		case n == 0:
			t.Status = Unmappable
		case t.Covered == n:
			t.Status, t.Score, t.Scored = Covered, 1, true
		case t.Covered+t.Filtered == 0:
			t.Status, t.Score, t.Scored = Missing, 0, true
		default:
			t.Status, t.Score, t.Scored = Partial, (float64(t.Covered)+float64(t.Filtered)/2)/float64(n), true
		}
	}
	sort.SliceStable(c.Techniques, func(a, b int) bool { return techLess(c.Techniques[a].ID, c.Techniques[b].ID) })

	c.Tactics, c.Overall = summarise(c.Techniques)
	c.Next = recommend(events, collected, c.Techniques)
	return c
}

// collectedFor says how the entries that match one mapped event collect
// it for a data component: Covered when one of them collects it in full
// for the component, Filtered (with that entry's reason) when they all
// collect it in part, Missing when there are none.
func collectedFor(entries []inventory.Entry, component string) (Status, string) {
	reason := ""
	for _, e := range entries {
		if !e.PartialIn(component) {
			return Covered, ""
		}
		if reason == "" {
			reason = e.Reason
			if reason == "" {
				reason = "collected in part"
			}
		}
	}
	if len(entries) == 0 {
		return Missing, ""
	}
	return Filtered, reason
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
		if t.Filtered > 0 {
			a.Filtered++
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

func recommend(events []LogEvent, collected map[logsource.Key][]inventory.Entry, ts []TechniqueCoverage) []Recommendation {
	// The missing or filtered technique-components each event not
	// collected in full would cover in full. Every mapped event is a
	// candidate: one collected in full covers its components already, so
	// it gives nothing.
	type pair struct{ tech, comp int }
	idx := make(map[logsource.Key]int)
	var cands []LogEvent
	var gives [][]pair
	for _, ev := range events {
		k := ev.Event().Key()
		idx[k] = len(cands)
		cands = append(cands, ev)
		gives = append(gives, nil)
	}
	for ti := range ts {
		for ci, cc := range ts[ti].Components {
			if cc.Status != Missing && cc.Status != Filtered {
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
		ev := cands[best]
		entries := collected[ev.Event().Key()]
		r := Recommendation{Event: ev, Components: bestN, New: bestNew, Widen: len(entries) > 0}
		r.Change = ChangeFor(ev, entries)
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
		"%d techniques: %d covered, %d partial, %d missing, %d unmappable (no event mapped to their components); mean score %.2f\n",
		c.Mapping, c.Inventory, o.Techniques, o.Covered, o.Partial, o.Missing, o.Unmappable, o.Score)
	if o.Filtered > 0 {
		head += fmt.Sprintf("%d techniques have a component covered only by events collected in part (filtered; see huntbook inventory --format table)\n", o.Filtered)
	}
	head += "\nPer tactic (a technique counts in each of its tactics):"
	return []render.Table{
		{Title: head, Frame: c.TacticsFrame()},
		{Title: "Per technique (--format csv for every column):", Frame: c.TechniquesFrame(), Primary: true,
			Show: c.techniqueColumns()},
		{Title: "Enable next (each adds what it lists on top of those above it):", Frame: c.NextFrame(0),
			Empty: "Enable next: nothing; every mappable component is covered."},
	}
}

// techniqueColumns are the per-technique columns a terminal shows.
func (c *Coverage) techniqueColumns() []string {
	cols := []string{ColTechniqueID, "technique"}
	if c.Release != "" {
		cols = append(cols, ColState, ColRevokedBy)
	}
	return append(cols, "status", "score", "covered", "filtered", "missing", "unmappable", "missing_components")
}

// TechniquesFrame returns one row per technique: technique_id, technique,
// state and revoked_by when the coverage was seen in an ATT&CK release
// (Overlay.MarkCoverage), tactic, status, score (None when unmappable), covered, filtered, missing,
// unmappable (the component counts), covered_components,
// filtered_components and missing_components (lists of "data source:
// component"; unmappable_components too), and covered_by (the collected events behind each covered
// or filtered component: "Security 4688 → process: process creation").
// The CLI's CSV, the report's table and the layer's metadata all come from
// this frame: a column added here shows in each.
func (c *Coverage) TechniquesFrame() *frame.Frame {
	cols := []string{ColTechniqueID, "technique"}
	if c.Release != "" {
		cols = append(cols, ColState, ColRevokedBy)
	}
	b := frame.NewBuilder(append(cols, "tactic", "status", "score",
		"covered", "filtered", "missing", "unmappable", "covered_components", "filtered_components", "missing_components", "unmappable_components", "covered_by")...)
	for _, t := range c.Techniques {
		var score any
		if t.Scored {
			score = round2(t.Score)
		}
		cov, filt, miss, unm, by := []any{}, []any{}, []any{}, []any{}, []any{}
		for _, cc := range t.Components {
			switch cc.Status {
			case Covered:
				cov = append(cov, cc.Component.String())
				for _, ev := range cc.Collected {
					by = append(by, ev.String()+" → "+cc.Component.String())
				}
			case Filtered:
				filt = append(filt, cc.Component.String())
				for _, ev := range cc.Filtered {
					by = append(by, ev.String()+" (filtered) → "+cc.Component.String())
				}
			case Missing:
				miss = append(miss, cc.Component.String())
			case Unmappable:
				unm = append(unm, cc.Component.String())
			}
		}
		row := b.Row().Set(ColTechniqueID, t.ID).Set("technique", t.Name)
		if c.Release != "" {
			row.Set(ColState, string(t.State)).Set(ColRevokedBy, t.RevokedBy)
		}
		row.Set("tactic", strings2any(t.Tactics)).
			Set("status", string(t.Status)).Set("score", score).
			Set("covered", int64(t.Covered)).Set("filtered", int64(t.Filtered)).Set("missing", int64(t.Missing)).Set("unmappable", int64(t.Unmappable)).
			Set("covered_components", cov).Set("filtered_components", filt).Set("missing_components", miss).
			Set("unmappable_components", unm).Set("covered_by", by)
	}
	return b.Frame()
}

// TacticsFrame returns the per-tactic summary and, last, the overall row
// (tactic "all"): techniques, covered, partial, missing, unmappable,
// filtered, score (NaN for a tactic whose techniques are all unmappable:
// it has no score, which is not a score of 0).
func (c *Coverage) TacticsFrame() *frame.Frame {
	b := frame.NewBuilder("tactic", "techniques", "covered", "partial", "missing", "unmappable", "filtered", "score")
	for _, t := range append(append([]TacticCoverage(nil), c.Tactics...), c.Overall) {
		b.Row().Set("tactic", t.Tactic).Set("techniques", int64(t.Techniques)).Set("covered", int64(t.Covered)).
			Set("partial", int64(t.Partial)).Set("missing", int64(t.Missing)).Set("unmappable", int64(t.Unmappable)).
			Set("filtered", int64(t.Filtered)).Set("score", tacticScore(t))
	}
	return b.Frame()
}

func tacticScore(t TacticCoverage) any {
	if !t.Scored() {
		return frame.NaN()
	}
	return round2(t.Score)
}

// NextFrame returns the first n recommendations (all if n < 1): event,
// event_name, components, new_techniques, techniques (a list).
func (c *Coverage) NextFrame(n int) *frame.Frame {
	recs := c.Next
	if n > 0 && len(recs) > n {
		recs = recs[:n]
	}
	b := frame.NewBuilder("event", "event_name", "components", "new_techniques", "techniques", "change")
	for _, r := range recs {
		b.Row().Set("event", r.Event.String()).Set("event_name", r.Event.Name).Set("components", int64(r.Components)).
			Set("new_techniques", int64(r.New)).Set("techniques", strings2any(r.Techniques)).Set("change", r.Change)
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
