package attack

import (
	"fmt"
	"sort"
	"strings"

	"github.com/huntbook/huntbook/pkg/frame"
	"github.com/huntbook/huntbook/pkg/inventory"
	"github.com/huntbook/huntbook/pkg/logsource"
	"github.com/huntbook/huntbook/pkg/ossem"
	"github.com/huntbook/huntbook/pkg/render"
	"github.com/huntbook/huntbook/pkg/sigma"
	"github.com/huntbook/huntbook/pkg/stix"
)

// Fire says whether a rule can fire on the collected events.
type Fire string

const (
	// Fires: every event the rule reads, in at least one of its log
	// sources, is collected.
	Fires Fire = "fires"
	// FiresPartly: some of the events it reads are collected, or some
	// events of a log it reads whole (a service with no event id named),
	// or the events are collected only in part (a filtered Sysmon
	// configuration).
	FiresPartly Fire = "partly"
	// Silent: none of the events it reads is collected.
	Silent Fire = "silent"
	// Unplaced: the taxonomy does not know its log source (none, another
	// product, an unknown category or service), so huntbook cannot say.
	Unplaced Fire = "unplaced"
	// Unjoined: no inventory was given.
	Unjoined Fire = "unjoined"
)

// DetectionState is what a hunter can do about a technique.
type DetectionState string

const (
	// Detected: a rule tagged with the technique can fire.
	Detected DetectionState = "detected"
	// VisibleNoRule: the collected events make the technique visible (its
	// coverage is covered or partial) but no rule tagged with it can fire.
	VisibleNoRule DetectionState = "visible_no_rule"
	// NotArmed: rules are tagged with it but none can fire, because
	// their logs are not collected; Arm says what to collect.
	NotArmed DetectionState = "rules_not_armed"
	// Blind: no visibility and no rule.
	Blind DetectionState = "blind"
	// HasRules: rules are tagged with it; no inventory was given, so
	// whether they can fire is not known.
	HasRules DetectionState = "has_rules"
)

// RuleJoin is one rule and whether it can fire on an inventory.
type RuleJoin struct {
	Path       string   `json:"path"`
	Line       int      `json:"line"`
	Title      string   `json:"title"`
	ID         string   `json:"id,omitempty"`
	Status     string   `json:"status,omitempty"`
	Level      string   `json:"level,omitempty"`
	LogSource  string   `json:"logsource"`
	Techniques []string `json:"techniques"`
	// Events are the events the rule reads (sigma.Rule.Events), as
	// huntbook prints them; a log alone means any event of it.
	Events []string `json:"events"`
	Fire   Fire     `json:"fire"`
	// Collected are the events of Events the inventory collects.
	Collected []string `json:"collected"`
	// Arm lists what to collect to make the rule fire fully, one
	// alternative per item (any one suffices): "Security 4688", or
	// "Security 4624 + Security 4625" when several events are needed.
	Arm []string `json:"arm"`
	// Changes are the configuration changes that collect each Arm
	// alternative (ChangeFor): "Sysmon: add a ProcessAccess filter (event
	// 10) …", "audit policy: Process Creation: Success".
	Changes []string `json:"changes"`
	// Note explains a partly or unplaced state.
	Note string `json:"note,omitempty"`
}

// RuleRef names a rule in a technique's lists.
type RuleRef struct {
	Title string `json:"title"`
	Path  string `json:"path"`
	Line  int    `json:"line"`
	Fire  Fire   `json:"fire"`
}

// TechniqueRules is one technique: its visibility by the inventory (per
// the mapping) and the rules that claim it.
type TechniqueRules struct {
	ID   string `json:"technique_id"`
	Name string `json:"technique,omitempty"`
	// InMapping is false for techniques only rules name.
	InMapping bool `json:"in_mapping"`
	// Visibility is the technique's coverage status (covered, partial,
	// missing, unmappable); "" when it is not in the mapping or no
	// inventory was given.
	Visibility Status         `json:"visibility,omitempty"`
	State      DetectionState `json:"state"`
	// Rules tagged with it, by Fire: firing (fires or partly), silent, unplaced.
	Firing   int       `json:"firing"`
	Silent   int       `json:"silent"`
	Unplaced int       `json:"unplaced"`
	Rules    []RuleRef `json:"rules"`
	// Arm lists the events that would arm its silent rules and the
	// configuration change that collects them, most rules armed first:
	// "Microsoft-Windows-Sysmon/Operational 10 — Sysmon: add a
	// ProcessAccess filter (event 10) … (3 rules)".
	Arm []string `json:"arm"`
}

// UnknownTechnique is a technique tag the mapping, or the ATT&CK release
// in use, does not know.
type UnknownTechnique struct {
	ID    string `json:"technique_id"`
	Rules int    `json:"rules"`
	// NotInMapping: the mapping has no row for it; NotInRelease: the
	// release (RulesOptions.Release) does not know it.
	NotInMapping bool `json:"not_in_mapping"`
	NotInRelease bool `json:"not_in_release"`
}

// LogSourceRules counts the rules of one log source.
type LogSourceRules struct {
	LogSource string   `json:"logsource"`
	Rules     int      `json:"rules"`
	Events    []string `json:"events"`
	Firing    int      `json:"firing"`
}

// RuleCoverage is Sigma rules joined with a mapping and an inventory: the
// result of huntbook rules.
type RuleCoverage struct {
	Rules     string `json:"rules_source"` // the folder or files read
	Mapping   string `json:"mapping,omitempty"`
	Inventory string `json:"inventory,omitempty"`
	Taxonomy  string `json:"taxonomy"`
	Release   string `json:"release,omitempty"`

	Read    int                    `json:"rules_read"`
	Skipped int                    `json:"rules_skipped"`
	Tagged  int                    `json:"rules_tagged"`
	Counts  map[Fire]int           `json:"rules_by_fire"`
	States  map[DetectionState]int `json:"techniques_by_state"`

	Techniques []TechniqueRules   `json:"techniques"`
	RuleJoins  []RuleJoin         `json:"rules"`
	LogSources []LogSourceRules   `json:"logsources"`
	Unknown    []UnknownTechnique `json:"unknown_techniques"`
	SkippedBy  []*sigma.Error     `json:"skipped"`

	// TacticsOf maps a technique of the mapping to its tactics as
	// Navigator names them (credential-access), for layers.
	TacticsOf map[string][]string `json:"tactics_of,omitempty"`
}

// RulesOptions are the inputs of RulesOf besides the rules. Each may be
// nil: without Inventory no rule is joined (Fire unjoined, no
// visibility); without Mapping no technique has a name or a visibility
// and none is unknown.
type RulesOptions struct {
	Mapping   *ossem.Mapping
	Inventory *inventory.Inventory
	// Source names the rules read, for the result.
	Source string
	// Release, when not nil, says whether the ATT&CK release in use knows
	// a technique id (a live technique of a STIX bundle); ReleaseName
	// names it ("ATT&CK v18.1"). Tags it does not know are listed in
	// Unknown even when the mapping has them.
	Release     func(id string) bool
	ReleaseName string
}

// collectedSet answers whether events are collected.
type collectedSet struct {
	entries []logsource.Event
	from    []inventory.Entry
}

func newCollected(inv *inventory.Inventory) *collectedSet {
	c := &collectedSet{}
	for _, e := range inv.Entries {
		id := e.EventID
		if e.Table != "" {
			id = e.Table
		}
		c.entries = append(c.entries, logsource.Event{Channel: e.Channel, Provider: e.Provider, ID: id})
		c.from = append(c.from, e)
	}
	return c
}

// event reports whether ev (with an id) is collected, and whether only in
// part: every entry that collects it is partial (a Sysmon event type
// filtered by include rules; 4688 without its command line, which Sigma's
// process_creation rules mostly read). partial lists those entries.
func (c *collectedSet) event(ev logsource.Event) (collected bool, partial []inventory.Entry) {
	for i, q := range c.entries {
		if ev.Matches(q) {
			if !c.from[i].Partial {
				return true, nil
			}
			collected = true
			partial = append(partial, c.from[i])
		}
	}
	return collected, partial
}

// log reports whether any event of ev's log is collected.
func (c *collectedSet) log(ev logsource.Event) bool {
	for _, q := range c.entries {
		x := ev
		x.ID = q.ID
		if x.Matches(q) {
			return true
		}
	}
	return false
}

// RulesOf joins rules with a mapping and an inventory.
func RulesOf(set *sigma.Set, o RulesOptions) *RuleCoverage {
	rc := &RuleCoverage{Rules: o.Source, Taxonomy: sigma.TaxonomySource, Read: len(set.Rules), Skipped: len(set.Skipped),
		Counts: map[Fire]int{}, States: map[DetectionState]int{}, SkippedBy: set.Skipped,
		Techniques: []TechniqueRules{}, RuleJoins: []RuleJoin{}, LogSources: []LogSourceRules{}, Unknown: []UnknownTechnique{}}
	if rc.SkippedBy == nil {
		rc.SkippedBy = []*sigma.Error{}
	}
	var coll *collectedSet
	if o.Inventory != nil {
		rc.Inventory = o.Inventory.Name
		coll = newCollected(o.Inventory)
	}

	// Per technique: mapping names and visibility.
	techIdx := map[string]int{}
	if o.Mapping != nil {
		rc.Mapping = o.Mapping.Label()
		var cov *Coverage
		if o.Inventory != nil {
			cov = CoverageOf(o.Mapping, o.Inventory)
			for _, t := range cov.Techniques {
				techIdx[strings.ToUpper(t.ID)] = len(rc.Techniques)
				addTactics(rc, t.ID, t.Tactics)
				vis := t.Status
				rc.Techniques = append(rc.Techniques, TechniqueRules{ID: t.ID, Name: t.Name, InMapping: true, Visibility: vis,
					Rules: []RuleRef{}, Arm: []string{}})
			}
		} else {
			for i := range o.Mapping.Records {
				r := &o.Mapping.Records[i]
				id := strings.ToUpper(strings.TrimSpace(r.TechniqueID))
				if _, ok := techIdx[id]; ok || id == "" {
					continue
				}
				techIdx[id] = len(rc.Techniques)
				addTactics(rc, id, r.Tactic)
				rc.Techniques = append(rc.Techniques, TechniqueRules{ID: r.TechniqueID, Name: r.Technique, InMapping: true,
					Rules: []RuleRef{}, Arm: []string{}})
			}
		}
	}

	rc.Release = o.ReleaseName
	unknown := map[string]*UnknownTechnique{}
	lsIdx := map[string]int{}
	arms := map[string]map[string]int{} // technique → arming event → rules
	for _, r := range set.Rules {
		j := joinRule(r, coll)
		rc.RuleJoins = append(rc.RuleJoins, j)
		rc.Counts[j.Fire]++
		if len(r.Techniques) > 0 {
			rc.Tagged++
		}
		ls := r.LogSource.String()
		li, ok := lsIdx[ls]
		if !ok {
			li = len(rc.LogSources)
			lsIdx[ls] = li
			var evs []string
			for _, e := range r.LogSource.Events() {
				evs = append(evs, e.String())
			}
			rc.LogSources = append(rc.LogSources, LogSourceRules{LogSource: ls, Events: nonNilStrings(evs)})
		}
		rc.LogSources[li].Rules++
		if j.Fire == Fires || j.Fire == FiresPartly {
			rc.LogSources[li].Firing++
		}
		for _, id := range r.Techniques {
			ti, ok := techIdx[id]
			notMapped := !ok || !rc.Techniques[ti].InMapping
			notReleased := o.Release != nil && !o.Release(id)
			if notMapped && o.Mapping != nil || notReleased {
				u := unknown[id]
				if u == nil {
					u = &UnknownTechnique{ID: id, NotInMapping: notMapped && o.Mapping != nil, NotInRelease: notReleased}
					unknown[id] = u
				}
				u.Rules++
			}
			if !ok {
				ti = len(rc.Techniques)
				techIdx[id] = ti
				rc.Techniques = append(rc.Techniques, TechniqueRules{ID: id, Rules: []RuleRef{}, Arm: []string{}})
			}
			t := &rc.Techniques[ti]
			t.Rules = append(t.Rules, RuleRef{Title: r.Title, Path: r.Path, Line: r.Line, Fire: j.Fire})
			switch j.Fire {
			case Fires, FiresPartly:
				t.Firing++
			case Silent:
				t.Silent++
				if arms[id] == nil {
					arms[id] = map[string]int{}
				}
				for i, a := range j.Arm {
					arms[id][a+" — "+j.Changes[i]]++
				}
			case Unplaced:
				t.Unplaced++
			}
		}
	}
	for i := range rc.Techniques {
		t := &rc.Techniques[i]
		switch {
		case t.Firing > 0:
			t.State = Detected
		case t.Visibility == Covered || t.Visibility == Partial:
			t.State = VisibleNoRule
		case t.Silent > 0:
			t.State = NotArmed
		default:
			t.State = Blind
		}
		if coll == nil {
			// Without an inventory nothing is joined: a technique is only
			// "has rules" or not.
			t.State = Blind
			if len(t.Rules) > 0 {
				t.State = HasRules
			}
		}
		rc.States[t.State]++
		t.Arm = rankArms(arms[strings.ToUpper(t.ID)])
	}
	sort.SliceStable(rc.Techniques, func(a, b int) bool { return techLess(rc.Techniques[a].ID, rc.Techniques[b].ID) })
	sort.SliceStable(rc.LogSources, func(a, b int) bool {
		if rc.LogSources[a].Rules != rc.LogSources[b].Rules {
			return rc.LogSources[a].Rules > rc.LogSources[b].Rules
		}
		return rc.LogSources[a].LogSource < rc.LogSources[b].LogSource
	})
	for _, u := range unknown {
		rc.Unknown = append(rc.Unknown, *u)
	}
	sort.Slice(rc.Unknown, func(a, b int) bool { return techLess(rc.Unknown[a].ID, rc.Unknown[b].ID) })
	return rc
}

func rankArms(m map[string]int) []string {
	type kv struct {
		k string
		n int
	}
	var l []kv
	for k, n := range m {
		l = append(l, kv{k, n})
	}
	sort.Slice(l, func(a, b int) bool {
		if l[a].n != l[b].n {
			return l[a].n > l[b].n
		}
		return l[a].k < l[b].k
	})
	out := []string{}
	for _, x := range l {
		out = append(out, fmt.Sprintf("%s (%d %s)", x.k, x.n, plural(x.n, "rule", "rules")))
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// joinRule decides whether r can fire on the collected events (nil: no
// inventory).
func joinRule(r sigma.Rule, coll *collectedSet) RuleJoin {
	j := RuleJoin{Path: r.Path, Line: r.Line, Title: r.Title, ID: r.ID, Status: r.Status, Level: r.Level,
		LogSource: r.LogSource.String(), Techniques: nonNilStrings(r.Techniques), Events: []string{}, Collected: []string{}, Arm: []string{},
		Changes: []string{}}
	events := r.Events()
	for _, e := range events {
		j.Events = append(j.Events, e.String())
	}
	if len(events) == 0 {
		j.Fire = Unplaced
		switch {
		case r.LogSource == (sigma.LogSource{}):
			j.Note = "the rule has no logsource"
		default:
			j.Note = fmt.Sprintf("the Sigma taxonomy has no Windows events for logsource %s", r.LogSource)
		}
		return j
	}
	if coll == nil {
		j.Fire = Unjoined
		return j
	}
	// Group the events by log: each log is one way for the rule to fire
	// (process_creation: Sysmon 1, or Security 4688).
	type group struct {
		events    []logsource.Event
		collected []logsource.Event
		partial   map[logsource.Event][]inventory.Entry // events collected only in part
		wholeLog  bool
	}
	var groups []*group
	byLog := map[string]*group{}
	for _, e := range events {
		k := e.Key().Log
		g, ok := byLog[k]
		if !ok {
			g = &group{}
			byLog[k] = g
			groups = append(groups, g)
		}
		g.events = append(g.events, e)
		if e.ID == "" {
			g.wholeLog = true
			if coll.log(e) {
				g.collected = append(g.collected, e)
			}
			continue
		}
		if ok, part := coll.event(e); ok {
			g.collected = append(g.collected, e)
			if len(part) > 0 {
				if g.partial == nil {
					g.partial = map[logsource.Event][]inventory.Entry{}
				}
				g.partial[e] = part
			}
		}
	}
	best := Silent
	for _, g := range groups {
		for _, e := range g.collected {
			j.Collected = append(j.Collected, e.String())
		}
		state, note := Silent, ""
		switch {
		case len(g.collected) == 0:
		case g.wholeLog:
			state = FiresPartly
			note = "the rule names no event id by equality; some events of its log are collected"
		case len(g.collected) < len(g.events):
			state = FiresPartly
			note = "some of the events it reads are collected"
		case len(g.partial) > 0:
			state = FiresPartly
			note = "its events are collected only in part: " + partReason(g.partial)
		case len(r.EventIDMatches) > 0:
			state = FiresPartly
			note = "it also names event ids by pattern (EventID|modifier), which huntbook cannot list"
		default:
			state = Fires
		}
		if rank(state) > rank(best) {
			best, j.Note = state, note
		}
	}
	j.Fire = best
	if best != Fires {
		for _, g := range groups {
			var need, change []string
			for _, e := range g.events {
				done := false
				for _, c := range g.collected {
					if c == e {
						done = true
					}
				}
				part, isPart := g.partial[e]
				if !done || isPart {
					need = append(need, e.String())
					if e.ID != "" {
						change = append(change, ChangeFor(LogEvent{ID: e.ID, Channel: e.Channel, Provider: e.Provider}, part))
					} else {
						change = append(change, "collect "+e.String())
					}
				}
			}
			if len(need) > 0 {
				j.Arm = append(j.Arm, strings.Join(need, " + "))
				j.Changes = append(j.Changes, strings.Join(change, "; "))
			}
		}
	}
	return j
}

// partReason says why events are collected only in part, from the first
// partial entry's reason.
func partReason(m map[logsource.Event][]inventory.Entry) string {
	var keys []logsource.Event
	for e := range m {
		keys = append(keys, e)
	}
	sort.Slice(keys, func(a, b int) bool { return keys[a].String() < keys[b].String() })
	for _, e := range keys {
		for _, x := range m[e] {
			if x.Reason != "" {
				return e.String() + ": " + x.Reason
			}
		}
	}
	return keys[0].String() + " (partial in the inventory)"
}

func rank(f Fire) int {
	switch f {
	case Fires:
		return 2
	case FiresPartly:
		return 1
	}
	return 0
}

// Summary is one line saying what the join found.
func (rc *RuleCoverage) Summary() string {
	s := fmt.Sprintf("%d rules read (%d skipped), %d tagged with techniques", rc.Read, rc.Skipped, rc.Tagged)
	if rc.Inventory != "" {
		s += fmt.Sprintf("; against inventory %q: %d fire, %d partly, %d silent, %d unplaced",
			rc.Inventory, rc.Counts[Fires], rc.Counts[FiresPartly], rc.Counts[Silent], rc.Counts[Unplaced])
		s += fmt.Sprintf("; techniques: %d detected, %d visible with no rule, %d with rules not armed, %d blind",
			rc.States[Detected], rc.States[VisibleNoRule], rc.States[NotArmed], rc.States[Blind])
	}
	return s
}

// TechniquesFrame returns one row per technique: technique_id,
// technique, state, visibility (None when not joined or not in the
// mapping), rules, firing, silent, unplaced (rule counts) and arm (the
// first three ways to arm its silent rules).
func (rc *RuleCoverage) TechniquesFrame() *frame.Frame {
	var tech [][]any
	for _, t := range rc.Techniques {
		var vis any
		if t.Visibility != "" {
			vis = string(t.Visibility)
		}
		tech = append(tech, []any{t.ID, t.Name, string(t.State), vis, int64(len(t.Rules)), int64(t.Firing), int64(t.Silent),
			int64(t.Unplaced), firstN(t.Arm, 3)})
	}
	return frame.New([]string{ColTechniqueID, "technique", "state", "visibility",
		"rules", "firing", "silent", "unplaced", "arm"}, tech)
}

// RulesFrame returns one row per rule: path, line, title, logsource,
// fire, techniques, collected, arm.
func (rc *RuleCoverage) RulesFrame() *frame.Frame {
	var rules [][]any
	for _, r := range rc.RuleJoins {
		rules = append(rules, []any{r.Path, int64(r.Line), r.Title, r.LogSource, string(r.Fire),
			strings.Join(r.Techniques, " "), strings.Join(r.Collected, "; "), strings.Join(r.Arm, " | ")})
	}
	return frame.New([]string{"path", "line", "title", "logsource", "fire", "techniques", "collected", "arm"}, rules)
}

// Tables renders the result: techniques (the CSV), rules, log sources,
// unknown techniques, skipped files.
func (rc *RuleCoverage) Tables() []render.Table {
	var ls [][]any
	for _, l := range rc.LogSources {
		ls = append(ls, []any{l.LogSource, int64(l.Rules), int64(l.Firing), strings.Join(l.Events, "; ")})
	}
	var unk [][]any
	for _, u := range rc.Unknown {
		unk = append(unk, []any{u.ID, int64(u.Rules), u.NotInMapping, u.NotInRelease})
	}
	var skip [][]any
	for _, e := range rc.SkippedBy {
		reason := ""
		if e.Err != nil {
			reason = e.Err.Error()
		}
		skip = append(skip, []any{e.Path, int64(e.Line), reason, e.Detail})
	}
	out := []render.Table{
		{Title: "Techniques. " + rc.Summary(), Frame: rc.TechniquesFrame(), Primary: true},
		{Title: "Rules (--format json for every field)", Frame: rc.RulesFrame(),
			Show: []string{"title", "logsource", "fire", "techniques", "arm"}, Empty: "Rules: none read."},
		{Title: "Log sources (Sigma taxonomy " + sigma.TaxonomyVersion + ")", Frame: frame.New([]string{"logsource", "rules", "firing", "events"}, ls)},
	}
	if len(unk) > 0 {
		out = append(out, render.Table{Title: "Technique tags the mapping or the ATT&CK release does not know (listed, not dropped)",
			Frame: frame.New([]string{ColTechniqueID, "rules", "not_in_mapping", "not_in_release"}, unk)})
	}
	if len(skip) > 0 {
		out = append(out, render.Table{Title: "Skipped files and documents", Frame: frame.New([]string{"path", "line", "reason", "detail"}, skip)})
	}
	return out
}

func firstN(l []string, n int) string {
	if len(l) > n {
		return strings.Join(l[:n], "; ") + fmt.Sprintf("; … %d more", len(l)-n)
	}
	return strings.Join(l, "; ")
}

// addTactics remembers a technique's tactics as Navigator names them
// (credential-access).
func addTactics(rc *RuleCoverage, id string, tactics []string) {
	if rc.TacticsOf == nil {
		rc.TacticsOf = map[string][]string{}
	}
	var out []string
	for _, t := range tactics {
		out = append(out, strings.ReplaceAll(strings.ToLower(strings.TrimSpace(t)), " ", "-"))
	}
	rc.TacticsOf[strings.ToUpper(id)] = out
}

// ReleaseKnows is a RulesOptions.Release for an ATT&CK bundle: a technique
// it has, live (neither revoked nor deprecated).
func ReleaseKnows(b *stix.Bundle) func(id string) bool {
	return func(id string) bool {
		t := b.Technique(id)
		return t != nil && t.Live()
	}
}
