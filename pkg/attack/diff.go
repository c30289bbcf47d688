package attack

import (
	"fmt"
	"sort"
	"strings"

	"github.com/huntbook/huntbook/pkg/frame"
	"github.com/huntbook/huntbook/pkg/ossem"
	"github.com/huntbook/huntbook/pkg/render"
)

// Diff is what changed between two mappings. Both are read into the same
// Record fields whatever their schema, and compared on those fields, keys
// ignoring case and surrounding space:
//
//	technique          technique_id; changed when its name, tactics, platforms or sub-technique flag differ
//	component          data_source + data_component
//	technique link     technique_id + data_source + data_component (a technique gains or loses a component)
//	relationship       source + relationship + target
//	event mapping      technique_id + component + relationship name + event (id, channel, provider);
//	                   changed when its event_name, audit category or sub-category differ
//
// Events are one event when package logsource says so: provider names that
// Microsoft renamed are compared as one ("Windows Defender Advanced Threat
// Protection" (2021) is "Microsoft Defender for Endpoint" (2022)), and a
// channel and its provider name one log. Fields only one schema has
// (relationship_id, filter_in) and event_platform's case (Windows /
// windows) are not compared.
//
// Diff is a result (package render): its JSON form is the contract of
// `huntbook diff --format json`.
type Diff struct {
	Old       string       `json:"old"` // mapping labels
	New       string       `json:"new"`
	OldSchema ossem.Schema `json:"old_schema"`
	NewSchema ossem.Schema `json:"new_schema"`
	// OldRecords and NewRecords count the mappings' records.
	OldRecords int `json:"old_records"`
	NewRecords int `json:"new_records"`
	// Counts holds how many of each kind of item each mapping has, by kind
	// ("techniques", "components", "technique links", "relationships",
	// "event mappings"), in that order.
	Counts []DiffCount `json:"counts"`

	TechniquesAdded      []string    `json:"techniques_added"`
	TechniquesRemoved    []string    `json:"techniques_removed"`
	TechniquesChanged    []Change    `json:"techniques_changed"`
	ComponentsAdded      []Component `json:"components_added"`
	ComponentsRemoved    []Component `json:"components_removed"`
	LinksAdded           []string    `json:"links_added"` // "T1003.001 process: process access"
	LinksRemoved         []string    `json:"links_removed"`
	RelationshipsAdded   []string    `json:"relationships_added"` // "process accessed process"
	RelationshipsRemoved []string    `json:"relationships_removed"`
	EventsAdded          []string    `json:"events_added"` // "T1003.001 process: process access (Process accessed Process) Microsoft-Windows-Sysmon/Operational 10"
	EventsRemoved        []string    `json:"events_removed"`
	EventsChanged        []Change    `json:"events_changed"`
}

// DiffCount is how many items of one kind the old and the new mapping have.
type DiffCount struct {
	What string `json:"what"`
	Old  int    `json:"old"`
	New  int    `json:"new"`
}

// Change is a key present in both mappings whose other fields differ.
type Change struct {
	Key string `json:"key"`
	Old string `json:"old"`
	New string `json:"new"`
}

// Empty reports whether the mappings are the same as far as Diff compares.
func (d *Diff) Empty() bool {
	return len(d.TechniquesAdded)+len(d.TechniquesRemoved)+len(d.TechniquesChanged)+
		len(d.ComponentsAdded)+len(d.ComponentsRemoved)+len(d.LinksAdded)+len(d.LinksRemoved)+
		len(d.RelationshipsAdded)+len(d.RelationshipsRemoved)+
		len(d.EventsAdded)+len(d.EventsRemoved)+len(d.EventsChanged) == 0
}

func norm(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

type side struct {
	techniques map[string]string // id -> description
	techOrder  []string
	components map[string]Component
	links      map[string]string
	rels       map[string]string
	events     map[string]string // key -> sorted, joined details
	eventShown map[string]string // key -> display
}

func sideOf(m *ossem.Mapping) *side {
	s := &side{techniques: map[string]string{}, components: map[string]Component{}, links: map[string]string{},
		rels: map[string]string{}, events: map[string]string{}, eventShown: map[string]string{}}
	details := map[string]map[string]bool{}
	for i := range m.Records {
		r := &m.Records[i]
		tid := strings.ToUpper(strings.TrimSpace(r.TechniqueID))
		if _, ok := s.techniques[tid]; !ok {
			sub := r.IsSubtechnique && !r.Missing(ossem.IsSubtechnique)
			s.techniques[tid] = fmt.Sprintf("%s; tactics %s; platforms %s; sub-technique %v", r.Technique,
				strings.Join(r.Tactic, ", "), lowerJoin(r.Platform), sub)
			s.techOrder = append(s.techOrder, tid)
		}
		if r.Missing(ossem.DataSource) || r.Missing(ossem.DataComponent) {
			continue
		}
		c := Component{r.DataSource, r.DataComponent}
		ck := norm(c.DataSource) + "\x00" + norm(c.DataComponent)
		if _, ok := s.components[ck]; !ok {
			s.components[ck] = c
		}
		s.links[tid+"\x00"+ck] = tid + " " + c.String()
		rel := relationshipName(r)
		if !r.Missing(ossem.Source) && !r.Missing(ossem.Relationship) {
			rk := norm(r.Source) + " " + norm(r.Relationship) + " " + norm(r.Target)
			s.rels[rk] = strings.TrimSpace(r.Source + " " + r.Relationship + " " + r.Target)
		}
		if !r.HasEvent() {
			continue
		}
		ev := eventOf(r)
		ev.Name = ""
		k := ev.Event().Key()
		ek := strings.Join([]string{tid, ck, norm(rel), k.Log, k.ID}, "\x00")
		if _, ok := s.eventShown[ek]; !ok {
			s.eventShown[ek] = fmt.Sprintf("%s %s (%s) %s", tid, c, rel, ev)
			details[ek] = map[string]bool{}
		}
		details[ek][fmt.Sprintf("event_name %q, audit %q / %q", strings.TrimSpace(r.EventName),
			strings.TrimSpace(r.AuditCategory), strings.TrimSpace(r.AuditSubCategory))] = true
	}
	for k, set := range details {
		var ds []string
		for d := range set {
			ds = append(ds, d)
		}
		sort.Strings(ds)
		s.events[k] = strings.Join(ds, "; ")
	}
	return s
}

func lowerJoin(ss []string) string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ToLower(s)
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

// DiffMappings compares an old and a new mapping.
func DiffMappings(old, new *ossem.Mapping) *Diff {
	a, b := sideOf(old), sideOf(new)
	d := &Diff{Old: old.Label(), New: new.Label(), OldSchema: old.Schema, NewSchema: new.Schema,
		OldRecords: len(old.Records), NewRecords: len(new.Records),
		Counts: []DiffCount{
			{"techniques", len(a.techniques), len(b.techniques)},
			{"components", len(a.components), len(b.components)},
			{"technique links", len(a.links), len(b.links)},
			{"relationships", len(a.rels), len(b.rels)},
			{"event mappings", len(a.events), len(b.events)},
		}}
	d.TechniquesAdded, d.TechniquesRemoved, d.TechniquesChanged = compare(a.techniques, b.techniques, ident, ident)
	sort.Slice(d.TechniquesAdded, func(i, j int) bool { return techLess(d.TechniquesAdded[i], d.TechniquesAdded[j]) })
	sort.Slice(d.TechniquesRemoved, func(i, j int) bool { return techLess(d.TechniquesRemoved[i], d.TechniquesRemoved[j]) })
	sort.Slice(d.TechniquesChanged, func(i, j int) bool { return techLess(d.TechniquesChanged[i].Key, d.TechniquesChanged[j].Key) })
	for k, c := range b.components {
		if _, ok := a.components[k]; !ok {
			d.ComponentsAdded = append(d.ComponentsAdded, c)
		}
	}
	for k, c := range a.components {
		if _, ok := b.components[k]; !ok {
			d.ComponentsRemoved = append(d.ComponentsRemoved, c)
		}
	}
	sortComponents(d.ComponentsAdded)
	sortComponents(d.ComponentsRemoved)
	d.LinksAdded, d.LinksRemoved, _ = compare(a.links, b.links, shown(b.links), shown(a.links))
	d.RelationshipsAdded, d.RelationshipsRemoved, _ = compare(a.rels, b.rels, shown(b.rels), shown(a.rels))
	var changed []Change
	d.EventsAdded, d.EventsRemoved, changed = compare(a.events, b.events, shown(b.eventShown), shown(a.eventShown))
	for _, c := range changed {
		c.Key = a.eventShown[c.Key]
		d.EventsChanged = append(d.EventsChanged, c)
	}
	for _, l := range [][]string{d.LinksAdded, d.LinksRemoved, d.RelationshipsAdded, d.RelationshipsRemoved, d.EventsAdded, d.EventsRemoved} {
		sortByTechnique(l)
	}
	sort.Slice(d.EventsChanged, func(i, j int) bool { return lineLess(d.EventsChanged[i].Key, d.EventsChanged[j].Key) })
	return d
}

func ident(k string) string { return k }

func shown(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// compare returns the keys only in b (added), only in a (removed), shown
// through the given functions, and the keys in both whose values differ.
func compare(a, b map[string]string, showAdded, showRemoved func(string) string) (added, removed []string, changed []Change) {
	for k, v := range b {
		old, ok := a[k]
		switch {
		case !ok:
			added = append(added, showAdded(k))
		case old != v:
			changed = append(changed, Change{Key: k, Old: old, New: v})
		}
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			removed = append(removed, showRemoved(k))
		}
	}
	return added, removed, changed
}

func sortComponents(cs []Component) {
	sort.Slice(cs, func(i, j int) bool { return cs[i].String() < cs[j].String() })
}

// lineLess orders lines that start with a technique ID by it, then by text.
func lineLess(a, b string) bool {
	ta, _, _ := strings.Cut(a, " ")
	tb, _, _ := strings.Cut(b, " ")
	if ta != tb && strings.HasPrefix(ta, "T") && strings.HasPrefix(tb, "T") {
		return techLess(ta, tb)
	}
	return a < b
}

func sortByTechnique(l []string) { sort.Slice(l, func(i, j int) bool { return lineLess(l[i], l[j]) }) }

// Summary returns one row per kind of element: what (techniques,
// components, technique links, relationships, event mappings), old and new
// counts, added, removed, changed.
func (d *Diff) Summary() *frame.Frame {
	changes := map[string][3]int{
		"techniques":      {len(d.TechniquesAdded), len(d.TechniquesRemoved), len(d.TechniquesChanged)},
		"components":      {len(d.ComponentsAdded), len(d.ComponentsRemoved), 0},
		"technique links": {len(d.LinksAdded), len(d.LinksRemoved), 0},
		"relationships":   {len(d.RelationshipsAdded), len(d.RelationshipsRemoved), 0},
		"event mappings":  {len(d.EventsAdded), len(d.EventsRemoved), len(d.EventsChanged)},
	}
	b := frame.NewBuilder("what", "old", "new", "added", "removed", "changed")
	for _, c := range d.Counts {
		ch := changes[c.What]
		b.Row().Set("what", c.What).Set("old", int64(c.Old)).Set("new", int64(c.New)).
			Set("added", int64(ch[0])).Set("removed", int64(ch[1])).Set("changed", int64(ch[2]))
	}
	return b.Frame()
}

// Tables returns the summary and every difference (the table CSV writes).
func (d *Diff) Tables() []render.Table {
	return []render.Table{{Frame: d.Summary()}, {Frame: d.Frame(), Primary: true}}
}

// Frame returns every difference as a row: what, change (added, removed,
// changed), item, old, new (the differing values of a changed item).
func (d *Diff) Frame() *frame.Frame {
	b := frame.NewBuilder("what", "change", "item", "old", "new")
	add := func(what, change, item, old, new string) {
		b.Row().Set("what", what).Set("change", change).Set("item", item).Set("old", old).Set("new", new)
	}
	list := func(what string, added, removed []string, changed []Change) {
		for _, x := range added {
			add(what, "added", x, "", "")
		}
		for _, x := range removed {
			add(what, "removed", x, "", "")
		}
		for _, c := range changed {
			add(what, "changed", c.Key, c.Old, c.New)
		}
	}
	list("technique", d.TechniquesAdded, d.TechniquesRemoved, d.TechniquesChanged)
	list("component", componentNames(d.ComponentsAdded), componentNames(d.ComponentsRemoved), nil)
	list("technique link", d.LinksAdded, d.LinksRemoved, nil)
	list("relationship", d.RelationshipsAdded, d.RelationshipsRemoved, nil)
	list("event mapping", d.EventsAdded, d.EventsRemoved, d.EventsChanged)
	return b.Frame()
}

func componentNames(cs []Component) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.String()
	}
	return out
}
