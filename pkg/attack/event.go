package attack

import (
	"fmt"
	"sort"
	"strings"

	"github.com/huntbook/huntbook/pkg/frame"
	"github.com/huntbook/huntbook/pkg/logsource"
	"github.com/huntbook/huntbook/pkg/ossem"
	"github.com/huntbook/huntbook/pkg/render"
)

// LogEvent is a security event as the mapping names it: an event id (a
// number, a Defender table name, a CloudTrail event name) in a channel
// and/or from a provider. Channel and Provider are "" when the mapping
// leaves them missing.
type LogEvent struct {
	ID       string `json:"id"`
	Channel  string `json:"channel"`
	Provider string `json:"provider"`
	// Name is the event_name of the first row that maps the event.
	Name string `json:"name"`
}

// String names the event the way huntbook prints events: its channel (or
// else its provider) and its id: "Security 4688",
// "Microsoft-Windows-Sysmon/Operational 10", "sysmon 1" (Sysmon for Linux
// in the 2022 file). An event named rather than numbered and without a
// channel (a Defender table, a CloudTrail event) is its name alone:
// "DeviceProcessEvents", "ConsoleLogin".
func (e LogEvent) String() string { return e.Event().String() }

// Event is the event's identity (package logsource): events with equal
// Event().Key() are one event, whatever names their source used.
func (e LogEvent) Event() logsource.Event {
	return logsource.Event{Channel: e.Channel, Provider: e.Provider, ID: e.ID}
}

// eventOf is the event a record maps, its names trimmed.
func eventOf(r *ossem.Record) LogEvent {
	return LogEvent{ID: strings.TrimSpace(r.EventID), Channel: strings.TrimSpace(r.Channel),
		Provider: strings.TrimSpace(r.Provider), Name: r.EventName}
}

// LogEvents returns every distinct event the mapping maps, in order of first
// appearance.
func LogEvents(m *ossem.Mapping) []LogEvent {
	seen := make(map[logsource.Key]bool)
	var out []LogEvent
	for i := range m.Records {
		r := &m.Records[i]
		if !r.HasEvent() {
			continue
		}
		ev := eventOf(r)
		if k := ev.Event().Key(); !seen[k] {
			seen[k] = true
			out = append(out, ev)
		}
	}
	return out
}

// EventQuery selects events by id and, optionally, channel and provider.
// All comparisons ignore case and surrounding space. An empty Channel or
// Provider matches any.
type EventQuery struct {
	ID       string `json:"id"` // "4688", "10", "DeviceProcessEvents"
	Channel  string `json:"channel"`
	Provider string `json:"provider"`
}

func (q EventQuery) matches(e LogEvent) bool {
	return e.Event().Matches(logsource.Event{Channel: q.Channel, Provider: q.Provider, ID: q.ID})
}

func (q EventQuery) String() string {
	s := "event " + q.ID
	if q.Channel != "" {
		s += " in channel " + q.Channel
	}
	if q.Provider != "" {
		s += " from provider " + q.Provider
	}
	return s
}

// EventTechnique is one technique an event informs.
type EventTechnique struct {
	ID      string   `json:"technique_id"`
	Name    string   `json:"technique"`
	Sub     bool     `json:"subtechnique"`
	Tactics []string `json:"tactics"`
	// Components are the data components through which the event informs
	// the technique, in order of appearance.
	Components []Component `json:"components"`
	// Relationships are the behaviours ("Process accessed Process") the
	// event records for the technique, in order of appearance.
	Relationships []string `json:"relationships"`
}

// TacticCount is a tactic and how many techniques of a set belong to it.
type TacticCount struct {
	Tactic     string `json:"tactic"`
	Techniques int    `json:"techniques"`
}

// EventView is what the mapping says one event gives a hunter.
//
// EventView is a result (package render): its JSON form is the contract of
// `huntbook event --format json`; CSV writes Rows.
type EventView struct {
	Query EventQuery `json:"query"`
	// Events are the mapped events the query matched (an id without a
	// channel can match several: Sysmon 1 on Windows and on Linux).
	Events []LogEvent `json:"events"`
	// Techniques the events inform, by technique ID.
	Techniques []EventTechnique `json:"techniques"`
	// Tactics counts Techniques per tactic, most first, ties in ATT&CK's
	// tactic order.
	Tactics []TacticCount `json:"tactics"`
	// Rows holds one row per technique, component and relationship:
	// technique_id, technique, tactic, data_source, data_component,
	// relationship, event.
	Rows *frame.Frame `json:"rows"`
}

// Tables returns the per-tactic counts and the rows (the table CSV writes).
func (v *EventView) Tables() []render.Table {
	b := frame.NewBuilder("tactic", "techniques")
	for _, t := range v.Tactics {
		b.Row().Set("tactic", t.Tactic).Set("techniques", int64(t.Techniques))
	}
	return []render.Table{
		{Title: "Techniques per tactic:", Frame: b.Frame()},
		{Title: "Techniques, components and relationships:", Frame: v.Rows, Primary: true},
	}
}

// Event returns the techniques and tactics an event informs, through which
// data components and relationships. An event the mapping does not map is
// an error that names where the id does occur, or which ids the chosen
// channel or provider has.
func Event(m *ossem.Mapping, q EventQuery) (*EventView, error) {
	q.ID = strings.TrimSpace(q.ID)
	if q.ID == "" {
		return nil, fmt.Errorf("attack: no event id given; name one such as 4688 or DeviceProcessEvents")
	}
	v := &EventView{Query: q}
	seenEvent := make(map[logsource.Key]bool)
	techIdx := make(map[string]int)
	type rowKey struct{ tech, ds, dc, rel, ev string }
	seenRow := make(map[rowKey]bool)
	seenComp := make(map[string]map[Component]bool)
	seenRel := make(map[string]map[string]bool)
	var cols [7][]any
	for i := range m.Records {
		r := &m.Records[i]
		if !r.HasEvent() {
			continue
		}
		ev := eventOf(r)
		if !q.matches(ev) {
			continue
		}
		if k := ev.Event().Key(); !seenEvent[k] {
			seenEvent[k] = true
			v.Events = append(v.Events, ev)
		}
		ti, ok := techIdx[r.TechniqueID]
		if !ok {
			ti = len(v.Techniques)
			techIdx[r.TechniqueID] = ti
			v.Techniques = append(v.Techniques, EventTechnique{ID: r.TechniqueID, Name: r.Technique,
				Sub: r.IsSubtechnique && !r.Missing(ossem.IsSubtechnique), Tactics: r.Tactic})
			seenComp[r.TechniqueID] = make(map[Component]bool)
			seenRel[r.TechniqueID] = make(map[string]bool)
		}
		t := &v.Techniques[ti]
		c := Component{r.DataSource, r.DataComponent}
		if !seenComp[t.ID][c] {
			seenComp[t.ID][c] = true
			t.Components = append(t.Components, c)
		}
		rel := relationshipName(r)
		if rel != "" && !seenRel[t.ID][rel] {
			seenRel[t.ID][rel] = true
			t.Relationships = append(t.Relationships, rel)
		}
		rk := rowKey{t.ID, c.DataSource, c.DataComponent, rel, ev.String()}
		if !seenRow[rk] {
			seenRow[rk] = true
			for j, val := range []any{t.ID, t.Name, strings2any(t.Tactics), c.DataSource, c.DataComponent, rel, ev.String()} {
				cols[j] = append(cols[j], val)
			}
		}
	}
	if len(v.Events) == 0 {
		return nil, unknownEvent(m, q)
	}
	// Rows and techniques by technique ID, so the answer does not depend
	// on the file's order.
	order := make([]int, len(cols[0]))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return techLess(cols[0][order[a]].(string), cols[0][order[b]].(string)) })
	var sorted [7][]any
	for j := range cols {
		sorted[j] = make([]any, len(order))
		for i, o := range order {
			sorted[j][i] = cols[j][o]
		}
	}
	v.Rows = frame.FromColumns([]string{ColTechniqueID, "technique", "tactic", ColDataSource, ColDataComponent, ColRelationship, "event"}, sorted[:], nil)
	sort.SliceStable(v.Techniques, func(a, b int) bool { return techLess(v.Techniques[a].ID, v.Techniques[b].ID) })
	v.Tactics = countTactics(v.Techniques)
	return v, nil
}

// relationshipName is a row's behaviour: its name ("Process created
// Process"), or source, relationship and target joined.
func relationshipName(r *ossem.Record) string {
	if !r.Missing(ossem.Name) && r.Name != "" {
		return r.Name
	}
	var parts []string
	for _, f := range []ossem.Field{ossem.Source, ossem.Relationship, ossem.Target} {
		if !r.Missing(f) && r.String(f) != "" {
			parts = append(parts, r.String(f))
		}
	}
	return strings.Join(parts, " ")
}

func strings2any(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// Tactics lists ATT&CK Enterprise's tactics in matrix order.
var Tactics = []string{
	"reconnaissance", "resource-development", "initial-access", "execution", "persistence",
	"privilege-escalation", "defense-evasion", "credential-access", "discovery", "lateral-movement",
	"collection", "command-and-control", "exfiltration", "impact",
}

// tacticRank orders tactics as the matrix does; unknown tactics sort last,
// by name.
func tacticRank(t string) int {
	for i, x := range Tactics {
		if x == t {
			return i
		}
	}
	return len(Tactics)
}

func tacticLess(a, b string) bool {
	ra, rb := tacticRank(a), tacticRank(b)
	if ra != rb {
		return ra < rb
	}
	return a < b
}

// techLess orders technique IDs as ATT&CK lists them: T1003 before
// T1003.001 before T1005.
func techLess(a, b string) bool {
	pa, sa, _ := strings.Cut(a, ".")
	pb, sb, _ := strings.Cut(b, ".")
	if pa != pb {
		return pa < pb
	}
	return sa < sb
}

func countTactics(ts []EventTechnique) []TacticCount {
	n := make(map[string]int)
	for _, t := range ts {
		for _, tac := range t.Tactics {
			n[tac]++
		}
	}
	out := make([]TacticCount, 0, len(n))
	for tac, c := range n {
		out = append(out, TacticCount{tac, c})
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].Techniques != out[b].Techniques {
			return out[a].Techniques > out[b].Techniques
		}
		return tacticLess(out[a].Tactic, out[b].Tactic)
	})
	return out
}

func unknownEvent(m *ossem.Mapping, q EventQuery) error {
	msg := fmt.Sprintf("attack: no mapped %s in %s", q, m.Label())
	var sameID, sameSource []string
	seenID, seenSrc := make(map[string]bool), make(map[string]bool)
	for _, e := range LogEvents(m) {
		if logsource.EqualFold(e.ID, q.ID) && !seenID[e.String()] {
			seenID[e.String()] = true
			sameID = append(sameID, e.String())
		}
		if (q.Channel != "" || q.Provider != "") && e.Event().Matches(logsource.Event{Channel: q.Channel, Provider: q.Provider, ID: e.ID}) && !seenSrc[e.ID] {
			seenSrc[e.ID] = true
			sameSource = append(sameSource, e.ID)
		}
	}
	switch {
	case len(sameID) > 0:
		msg += "; id " + q.ID + " is mapped as " + strings.Join(sameID, ", ") + ": drop or change --channel/--provider"
	case len(sameSource) > 0:
		sort.Slice(sameSource, func(a, b int) bool { return idLess(sameSource[a], sameSource[b]) })
		msg += "; that source has ids " + strings.Join(sameSource, ", ")
	default:
		msg += "; check the id (Defender tables are named like DeviceProcessEvents)"
	}
	return fmt.Errorf("%s", msg)
}

// idLess orders numeric ids numerically, before names.
func idLess(a, b string) bool {
	na, nb := isNumber(a), isNumber(b)
	switch {
	case na && nb:
		if len(a) != len(b) {
			return len(a) < len(b)
		}
		return a < b
	case na != nb:
		return na
	}
	return a < b
}

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
