package attack

import (
	"fmt"
	"sort"
	"strings"

	"github.com/huntbook/huntbook/pkg/frame"
	"github.com/huntbook/huntbook/pkg/logsource"
	"github.com/huntbook/huntbook/pkg/ossem"
	"github.com/huntbook/huntbook/pkg/stix"
)

// State is a technique's state in an ATT&CK release.
type State string

// Technique states, from the newest release's point of view.
const (
	Current    State = "current"    // in the release, same name and tactics
	Renamed    State = "renamed"    // in the release under another name
	Moved      State = "moved"      // in the release under other tactics (maybe renamed too)
	Deprecated State = "deprecated" // deprecated in the release, with no replacement
	Revoked    State = "revoked"    // revoked: RevokedBy replaces it
	Unknown    State = "unknown"    // the release has no such ID (newer than it, or a typo)
)

// Retired reports whether a technique in this state is no longer live.
func (s State) Retired() bool { return s == Deprecated || s == Revoked }

// TechniqueStatus is one technique of a mapping seen in an ATT&CK release.
type TechniqueStatus struct {
	ID    string `json:"technique_id"`
	Name  string `json:"technique"` // as the mapping names it
	State State  `json:"state"`
	// Renamed is true when the release names it otherwise (State may be
	// Moved as well).
	Renamed bool `json:"renamed"`
	// NameInRelease and TacticsInRelease are the release's.
	NameInRelease    string   `json:"name_in_release,omitempty"`
	Tactics          []string `json:"tactics"`
	TacticsInRelease []string `json:"tactics_in_release,omitempty"`
	// RevokedBy is the technique that replaces a revoked one today
	// (revoked-by followed to its end), with its name.
	RevokedBy     string `json:"revoked_by,omitempty"`
	RevokedByName string `json:"revoked_by_name,omitempty"`
	// Analytics is true when the release has analytics for it (for a
	// revoked technique, for its replacement); the event lists below are
	// only compared then.
	Analytics bool `json:"analytics"`
	// AttackOnly are the events the release's analytics cite that the
	// mapping does not map to the technique, in logs the mapping knows;
	// MappingOnly the events the mapping maps that no analytic cites.
	AttackOnly  []string `json:"events_attack_only"`
	MappingOnly []string `json:"events_mapping_only"`
	// DeprecatedSources are the mapping's data sources for the technique
	// that the release has deprecated (v18 deprecated every data source),
	// as the mapping names them.
	DeprecatedSources []string `json:"deprecated_data_sources"`
}

// Note says the status in a sentence: "revoked in ATT&CK Enterprise
// v18.1: use T1560 (Archive Collected Data)".
func (t *TechniqueStatus) Note(release string) string {
	switch t.State {
	case Revoked:
		return fmt.Sprintf("%s is revoked in %s: use %s (%s)", t.ID, release, t.RevokedBy, t.RevokedByName)
	case Deprecated:
		return fmt.Sprintf("%s is deprecated in %s, with no replacement", t.ID, release)
	case Unknown:
		return fmt.Sprintf("%s is not in %s (newer than it, or not an ATT&CK ID)", t.ID, release)
	case Moved:
		s := fmt.Sprintf("%s is in %s under other tactics: %s (the mapping: %s)", t.ID, release,
			strings.Join(t.TacticsInRelease, ", "), strings.Join(t.Tactics, ", "))
		if t.Renamed {
			s += fmt.Sprintf(", and renamed %q", t.NameInRelease)
		}
		return s
	case Renamed:
		return fmt.Sprintf("%s is current in %s, renamed %q (the mapping: %q)", t.ID, release, t.NameInRelease, t.Name)
	}
	return fmt.Sprintf("%s is current in %s", t.ID, release)
}

// Overlay is a mapping's techniques seen in an ATT&CK release: which are
// current, renamed, moved, deprecated, revoked (and by what) or unknown to
// it, and, where the release has analytics, which events each side cites
// that the other does not.
type Overlay struct {
	Mapping string `json:"mapping"`
	Release string `json:"release"` // the bundle's label: "ATT&CK Enterprise v18.1 (inferred …)"
	// Techniques by technique ID: every technique of the mapping.
	Techniques []TechniqueStatus `json:"techniques"`
	// Counts counts them per state.
	Counts map[State]int `json:"counts"`

	byID map[string]int
}

// NewOverlay sees every technique of m in bundle b.
func NewOverlay(m *ossem.Mapping, b *stix.Bundle) *Overlay {
	o := &Overlay{Mapping: m.Label(), Release: b.Label(), Counts: map[State]int{}, byID: map[string]int{}}
	type tech struct {
		name    string
		tactics []string
		events  map[logsource.Key]string
		sources []string
	}
	deprecated := map[string]bool{}
	for _, ds := range b.DataSources {
		if ds.Deprecated || ds.Revoked {
			deprecated[strings.ToLower(strings.TrimSpace(ds.Name))] = true
		}
	}
	mapped := map[string]*tech{}
	var order []string
	logs := map[string]bool{} // the logs the mapping knows, by key
	for i := range m.Records {
		r := &m.Records[i]
		id := strings.ToUpper(strings.TrimSpace(r.TechniqueID))
		if id == "" {
			continue
		}
		t := mapped[id]
		if t == nil {
			t = &tech{name: r.Technique, tactics: r.Tactic, events: map[logsource.Key]string{}}
			mapped[id] = t
			order = append(order, id)
		}
		if r.HasEvent() {
			e := recordEvent(r)
			t.events[e.Key()] = e.String()
			logs[e.Key().Log] = true
		}
		if ds := strings.TrimSpace(r.DataSource); ds != "" && !r.Missing(ossem.DataSource) &&
			deprecated[strings.ToLower(ds)] && !containsFold(t.sources, ds) {
			t.sources = append(t.sources, ds)
		}
	}
	sort.SliceStable(order, func(i, j int) bool { return techLess(order[i], order[j]) })
	for _, id := range order {
		t := mapped[id]
		st := TechniqueStatus{ID: id, Name: t.name, Tactics: nonNilStrings(t.tactics), AttackOnly: []string{}, MappingOnly: []string{},
			DeprecatedSources: nonNilStrings(t.sources)}
		bt := b.Technique(id)
		switch {
		case bt == nil:
			st.State = Unknown
		case bt.Revoked || bt.RevokedBy != nil:
			st.State = Revoked
			if r := bt.Replacement(); r != nil {
				st.RevokedBy, st.RevokedByName = r.ID, r.Name
				bt = r
			} else {
				st.State = Deprecated
				bt = nil
			}
		case bt.Deprecated:
			st.State = Deprecated
			bt = nil
		default:
			st.State = Current
			st.NameInRelease, st.TacticsInRelease = bt.Name, nonNilStrings(bt.Tactics)
			if !strings.EqualFold(strings.TrimSpace(bt.Name), strings.TrimSpace(t.name)) {
				st.Renamed = true
				st.State = Renamed
			}
			if !sameSet(bt.Tactics, t.tactics) {
				st.State = Moved
			}
		}
		if bt != nil {
			cited := analyticEvents(bt)
			if len(cited) > 0 {
				st.Analytics = true
				for k, name := range cited {
					if _, ok := t.events[k]; !ok && logs[k.Log] {
						st.AttackOnly = append(st.AttackOnly, name)
					}
				}
				for k, name := range t.events {
					if _, ok := cited[k]; !ok {
						st.MappingOnly = append(st.MappingOnly, name)
					}
				}
				sort.Strings(st.AttackOnly)
				sort.Strings(st.MappingOnly)
			}
		}
		o.byID[id] = len(o.Techniques)
		o.Techniques = append(o.Techniques, st)
		o.Counts[st.State]++
	}
	return o
}

// Of returns the status of a technique of the mapping (any case), or nil.
func (o *Overlay) Of(id string) *TechniqueStatus {
	i, ok := o.byID[strings.ToUpper(strings.TrimSpace(id))]
	if !ok {
		return nil
	}
	return &o.Techniques[i]
}

// Retired returns the techniques of the mapping that are deprecated,
// revoked or unknown in the release.
func (o *Overlay) Retired() []TechniqueStatus {
	var out []TechniqueStatus
	for _, t := range o.Techniques {
		if t.State.Retired() || t.State == Unknown {
			out = append(out, t)
		}
	}
	return out
}

// Remap gives, for a layer in the release, the ID each retired technique
// becomes: its replacement, or "" (left out) when deprecated or unknown.
func (o *Overlay) Remap() map[string]string {
	m := map[string]string{}
	for _, t := range o.Retired() {
		m[t.ID] = t.RevokedBy
	}
	return m
}

// The columns that give a technique's state in a release.
const (
	ColState     = "state"
	ColRevokedBy = "revoked_by"
)

// state returns the state of a technique of the mapping and its
// replacement; Unknown for an ID the overlay has not seen.
func (o *Overlay) state(id string) (State, string) {
	st := o.Of(id)
	if st == nil {
		return Unknown, ""
	}
	return st.State, st.RevokedBy
}

// MarkCoverage records in c the release and, in each technique, its state
// there and its replacement, so that every rendering of c (the table,
// CSV, JSON, the report) says which techniques the release has retired:
// the per-technique table gains the columns state and revoked_by.
func (o *Overlay) MarkCoverage(c *Coverage) {
	c.Release = o.Release
	for i := range c.Techniques {
		t := &c.Techniques[i]
		t.State, t.RevokedBy = o.state(t.ID)
	}
}

// MarkGaps records in each gap the state of each of its techniques in the
// release and its replacement (Gap.States, Gap.RevokedBy): GapsFrame
// gains the columns technique_states and revoked_by, lists in the order
// of technique_ids.
func (o *Overlay) MarkGaps(gaps []Gap) {
	for i := range gaps {
		g := &gaps[i]
		g.States, g.RevokedBy = make([]State, len(g.Techniques)), make([]string, len(g.Techniques))
		for j, id := range g.Techniques {
			g.States[j], g.RevokedBy[j] = o.state(id)
		}
	}
}

// Frame returns the techniques as a table: technique_id, technique, state,
// revoked_by, name_in_release, tactics_in_release, events_attack_only,
// events_mapping_only.
func (o *Overlay) Frame() *frame.Frame {
	cols := make([][]any, 8)
	for _, t := range o.Techniques {
		vals := []any{t.ID, t.Name, string(t.State), t.RevokedBy, t.NameInRelease, strings2any(t.TacticsInRelease),
			strings2any(t.AttackOnly), strings2any(t.MappingOnly)}
		for i, v := range vals {
			cols[i] = append(cols[i], v)
		}
	}
	for i := range cols {
		if cols[i] == nil {
			cols[i] = []any{}
		}
	}
	return frame.FromColumns([]string{ColTechniqueID, "technique", ColState, ColRevokedBy, "name_in_release",
		"tactics_in_release", "events_attack_only", "events_mapping_only"}, cols, nil)
}

// recordEvent is a record's event identity.
func recordEvent(r *ossem.Record) logsource.Event {
	e := logsource.Event{ID: strings.TrimSpace(r.EventID)}
	if !r.Missing(ossem.Channel) {
		e.Channel = r.Channel
	}
	if !r.Missing(ossem.Provider) {
		e.Provider = r.Provider
	}
	return e
}

// analyticEvents returns the events a technique's live analytics cite.
func analyticEvents(t *stix.Technique) map[logsource.Key]string {
	out := map[logsource.Key]string{}
	for _, s := range t.Strategies {
		if !s.Live() {
			continue
		}
		for _, a := range s.Analytics {
			if !a.Live() {
				continue
			}
			for _, l := range a.LogSources {
				for _, e := range l.Events() {
					ev := logsource.Event{Channel: e.Channel, Provider: e.Provider, ID: e.ID}
					out[ev.Key()] = ev.String()
				}
			}
		}
	}
	return out
}

func containsFold(xs []string, x string) bool {
	for _, y := range xs {
		if strings.EqualFold(y, x) {
			return true
		}
	}
	return false
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]bool{}
	for _, x := range a {
		seen[strings.ToLower(strings.TrimSpace(x))] = true
	}
	for _, x := range b {
		if !seen[strings.ToLower(strings.TrimSpace(x))] {
			return false
		}
	}
	return true
}

// ReleaseDiff is what changed between two ATT&CK releases.
type ReleaseDiff struct {
	Old string `json:"old"`
	New string `json:"new"`
	// Added are live techniques of New that Old does not have live.
	Added []string `json:"added"`
	// Revoked are techniques live in Old and revoked in New, "T1002 → T1560".
	Revoked []string `json:"revoked"`
	// Deprecated are techniques live in Old and deprecated in New.
	Deprecated []string `json:"deprecated"`
	// Renamed are techniques live in both under another name, "T1 old → new".
	Renamed []string `json:"renamed"`
	// Moved are techniques live in both under other tactics.
	Moved []string `json:"moved"`
	// Events are, per technique live in both, the events one release's
	// analytics cite and the other's do not.
	Events []EventChange `json:"events"`
}

// EventChange is the events a technique gained and lost between two
// releases or two sources.
type EventChange struct {
	ID     string   `json:"technique_id"`
	Gained []string `json:"gained"`
	Lost   []string `json:"lost"`
}

// DiffReleases compares two bundles technique by technique.
func DiffReleases(old, new *stix.Bundle) *ReleaseDiff {
	d := &ReleaseDiff{Old: old.Label(), New: new.Label(), Added: []string{}, Revoked: []string{}, Deprecated: []string{},
		Renamed: []string{}, Moved: []string{}, Events: []EventChange{}}
	for _, nt := range new.Techniques {
		ot := old.Technique(nt.ID)
		if nt.Live() {
			if ot == nil || !ot.Live() {
				d.Added = append(d.Added, nt.ID+" "+nt.Name)
				continue
			}
			if !strings.EqualFold(ot.Name, nt.Name) {
				d.Renamed = append(d.Renamed, fmt.Sprintf("%s %s → %s", nt.ID, ot.Name, nt.Name))
			}
			if !sameSet(ot.Tactics, nt.Tactics) {
				d.Moved = append(d.Moved, fmt.Sprintf("%s %s: %s → %s", nt.ID, nt.Name, strings.Join(ot.Tactics, ", "), strings.Join(nt.Tactics, ", ")))
			}
			oe, ne := analyticEvents(ot), analyticEvents(nt)
			if c := eventChange(nt.ID, oe, ne); len(c.Gained)+len(c.Lost) > 0 {
				d.Events = append(d.Events, c)
			}
			continue
		}
		if ot == nil || !ot.Live() {
			continue
		}
		if r := nt.Replacement(); r != nil {
			d.Revoked = append(d.Revoked, fmt.Sprintf("%s %s → %s %s", nt.ID, nt.Name, r.ID, r.Name))
		} else {
			d.Deprecated = append(d.Deprecated, nt.ID+" "+nt.Name)
		}
	}
	return d
}

// DiffEvents compares, technique by technique, the events two mappings
// map (by event identity: channel or provider, and id), for the techniques
// both have: an OSSEM-DM mapping and a bundle's, or two releases.
func DiffEvents(old, new *ossem.Mapping) []EventChange {
	index := func(m *ossem.Mapping) (map[string]map[logsource.Key]string, []string) {
		out := map[string]map[logsource.Key]string{}
		var order []string
		for i := range m.Records {
			r := &m.Records[i]
			id := strings.ToUpper(strings.TrimSpace(r.TechniqueID))
			if out[id] == nil {
				out[id] = map[logsource.Key]string{}
				order = append(order, id)
			}
			if r.HasEvent() {
				e := recordEvent(r)
				out[id][e.Key()] = e.String()
			}
		}
		return out, order
	}
	oi, _ := index(old)
	ni, order := index(new)
	sort.SliceStable(order, func(i, j int) bool { return techLess(order[i], order[j]) })
	out := []EventChange{}
	for _, id := range order {
		oe, ok := oi[id]
		if !ok {
			continue
		}
		if c := eventChange(id, oe, ni[id]); len(c.Gained)+len(c.Lost) > 0 {
			out = append(out, c)
		}
	}
	return out
}

func eventChange(id string, old, new map[logsource.Key]string) EventChange {
	c := EventChange{ID: id, Gained: []string{}, Lost: []string{}}
	for k, name := range new {
		if _, ok := old[k]; !ok {
			c.Gained = append(c.Gained, name)
		}
	}
	for k, name := range old {
		if _, ok := new[k]; !ok {
			c.Lost = append(c.Lost, name)
		}
	}
	sort.Strings(c.Gained)
	sort.Strings(c.Lost)
	return c
}
