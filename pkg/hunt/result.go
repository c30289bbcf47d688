package hunt

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/huntbook/huntbook/pkg/attack"
	"github.com/huntbook/huntbook/pkg/evtx"
	"github.com/huntbook/huntbook/pkg/frame"
	"github.com/huntbook/huntbook/pkg/render"
)

// Result is what a hunt found: per rule and per technique the events that
// matched, per file what fired, and the rules that could not run. It is
// the one value the command line, the report and the layer render.
type Result struct {
	Rules    int `json:"rules"`    // rules given
	Runnable int `json:"runnable"` // rules compiled and placed on a log
	Events   int `json:"events"`   // events read

	Files      []FileResult      `json:"files"`
	Matched    []RuleResult      `json:"matched"`    // rules that fired, most severe first
	Techniques []TechniqueResult `json:"techniques"` // techniques the fired rules are tagged with
	NotRun     []NotRun          `json:"not_run"`
}

// FileResult is one EVTX file: its events and the rules that fired on it.
type FileResult struct {
	Path    string      `json:"path"`
	Events  int         `json:"events"`
	Skipped int         `json:"skipped,omitempty"` // damaged records and chunks the reader skipped
	Rules   []RuleCount `json:"rules"`
}

// RuleCount is how many events of a file one rule matched.
type RuleCount struct {
	ID     string `json:"id,omitempty"`
	Title  string `json:"title"`
	Level  string `json:"level,omitempty"`
	Events int    `json:"events"`
}

// RuleResult is one rule that fired.
type RuleResult struct {
	ID         string   `json:"id,omitempty"`
	Title      string   `json:"title"`
	Level      string   `json:"level,omitempty"`
	Status     string   `json:"status,omitempty"`
	Path       string   `json:"path"`
	Line       int      `json:"line"`
	LogSource  string   `json:"logsource"`
	Techniques []string `json:"techniques,omitempty"`
	Tactics    []string `json:"tactics,omitempty"`
	Events     int      `json:"events"` // matching events, all counted
	Files      []string `json:"files"`
	// Matches are the matching events, in file and record order, at most
	// Hunter.MaxMatches of them.
	Matches []Match `json:"matches"`
}

// Match is one event a rule matched, with the fields the rule names.
type Match struct {
	File     string       `json:"file"`
	Time     time.Time    `json:"time"`
	Computer string       `json:"computer"`
	Channel  string       `json:"channel"`
	EventID  uint16       `json:"event_id"`
	RecordID uint64       `json:"record_id"`
	Fields   []evtx.Field `json:"fields"`
}

// TechniqueResult is one ATT&CK technique evidenced: the rules tagged
// with it that fired, and the distinct events they matched.
type TechniqueResult struct {
	ID      string   `json:"id"`
	Tactics []string `json:"tactics,omitempty"`
	Rules   []string `json:"rules"` // titles
	Events  int      `json:"events"`
}

type evRef struct{ file, pos int }

type accumulator struct {
	h      *Hunter
	cache  map[candKey]*cands
	files  []FileResult
	byPath map[string]int
	rules  map[int]*ruleAcc
	events int
	tech   map[string]map[evRef]bool
}

type ruleAcc struct {
	count   int
	matches []Match
	files   map[int]int
}

func (h *Hunter) newAcc() *accumulator {
	return &accumulator{h: h, cache: map[candKey]*cands{}, byPath: map[string]int{},
		rules: map[int]*ruleAcc{}, tech: map[string]map[evRef]bool{}}
}

func (a *accumulator) file(path string) int {
	if i, ok := a.byPath[path]; ok {
		return i
	}
	a.byPath[path] = len(a.files)
	a.files = append(a.files, FileResult{Path: path, Rules: []RuleCount{}})
	return len(a.files) - 1
}

func (a *accumulator) add(fi int, events []*evtx.Event, hits [][]int) {
	limit := a.h.MaxMatches
	if limit == 0 {
		limit = 1000
	}
	for i, e := range events {
		pos := a.files[fi].Events
		a.files[fi].Events++
		a.events++
		for _, ri := range hits[i] {
			c := a.h.rules[ri]
			ra := a.rules[ri]
			if ra == nil {
				ra = &ruleAcc{files: map[int]int{}}
				a.rules[ri] = ra
			}
			ra.count++
			ra.files[fi]++
			if limit < 0 || len(ra.matches) < limit {
				ra.matches = append(ra.matches, matchOf(c, e, a.files[fi].Path))
			}
			for _, t := range c.rule.Techniques {
				if a.tech[t] == nil {
					a.tech[t] = map[evRef]bool{}
				}
				a.tech[t][evRef{fi, pos}] = true
			}
		}
	}
}

func matchOf(c *compiled, e *evtx.Event, file string) Match {
	m := Match{File: file, Time: e.TimeCreated.UTC(), Computer: e.Computer, Channel: e.Channel,
		EventID: e.EventID, RecordID: e.RecordID, Fields: []evtx.Field{}}
	ev := adapt(e)
	for _, f := range c.fields {
		if v, ok := ev.Field(f); ok {
			m.Fields = append(m.Fields, evtx.Field{Name: f, Value: v})
		}
	}
	return m
}

var levelRank = map[string]int{"critical": 5, "high": 4, "medium": 3, "low": 2, "informational": 1}

func (a *accumulator) result() *Result {
	r := &Result{Rules: a.h.given, Runnable: len(a.h.rules), Events: a.events,
		Files: a.files, Matched: []RuleResult{}, Techniques: []TechniqueResult{}, NotRun: a.h.notRun}
	if r.Files == nil {
		r.Files = []FileResult{}
	}
	if r.NotRun == nil {
		r.NotRun = []NotRun{}
	}
	idx := make([]int, 0, len(a.rules))
	for ri := range a.rules {
		idx = append(idx, ri)
	}
	sort.Ints(idx)
	techRules := map[string][]string{}
	techTactics := map[string]map[string]bool{}
	for _, ri := range idx {
		c, ra := a.h.rules[ri], a.rules[ri]
		rr := RuleResult{ID: c.rule.ID, Title: c.rule.Title, Level: c.rule.Level, Status: c.rule.Status,
			Path: c.rule.Path, Line: c.rule.Line, LogSource: c.rule.LogSource.String(),
			Techniques: c.rule.Techniques, Tactics: c.rule.Tactics, Events: ra.count, Matches: ra.matches}
		fis := make([]int, 0, len(ra.files))
		for fi := range ra.files {
			fis = append(fis, fi)
		}
		sort.Ints(fis)
		for _, fi := range fis {
			rr.Files = append(rr.Files, a.files[fi].Path)
			r.Files[fi].Rules = append(r.Files[fi].Rules, RuleCount{ID: c.rule.ID, Title: c.rule.Title, Level: c.rule.Level, Events: ra.files[fi]})
		}
		r.Matched = append(r.Matched, rr)
		for _, t := range c.rule.Techniques {
			techRules[t] = append(techRules[t], c.rule.Title)
			if techTactics[t] == nil {
				techTactics[t] = map[string]bool{}
			}
			for _, tac := range c.rule.Tactics {
				techTactics[t][tac] = true
			}
		}
	}
	sort.SliceStable(r.Matched, func(i, j int) bool {
		x, y := r.Matched[i], r.Matched[j]
		if levelRank[x.Level] != levelRank[y.Level] {
			return levelRank[x.Level] > levelRank[y.Level]
		}
		if x.Title != y.Title {
			return x.Title < y.Title
		}
		return x.Path < y.Path
	})
	for i := range r.Files {
		sort.SliceStable(r.Files[i].Rules, func(x, y int) bool { return r.Files[i].Rules[x].Title < r.Files[i].Rules[y].Title })
	}
	for t, rules := range techRules {
		sort.Strings(rules)
		tr := TechniqueResult{ID: t, Rules: rules, Events: len(a.tech[t])}
		for tac := range techTactics[t] {
			tr.Tactics = append(tr.Tactics, tac)
		}
		sort.Strings(tr.Tactics)
		r.Techniques = append(r.Techniques, tr)
	}
	sort.Slice(r.Techniques, func(i, j int) bool { return r.Techniques[i].ID < r.Techniques[j].ID })
	return r
}

// NotRunCounts counts the rules not run by kind and construct ("unsupported:
// regular expression"), most frequent first.
func (r *Result) NotRunCounts() []Count {
	m := map[string]int{}
	for _, n := range r.NotRun {
		k := n.Kind
		if n.Construct != "" {
			k += ": " + n.Construct
		}
		m[k]++
	}
	out := make([]Count, 0, len(m))
	for k, v := range m {
		out = append(out, Count{k, v})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// Count is a name and how many.
type Count struct {
	Name string `json:"name"`
	N    int    `json:"n"`
}

// maxCell bounds a field value in text tables (JSON keeps it whole).
const maxCell = 160

func cell(s string) string {
	if r := []rune(s); len(r) > maxCell {
		return string(r[:maxCell-1]) + "…"
	}
	return s
}

func fieldsCell(fs []evtx.Field) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = f.Name + "=" + cell(strings.ReplaceAll(f.Value, "\n", `\n`))
	}
	return strings.Join(parts, "; ")
}

// Tables renders the result: rules matched, techniques evidenced, rules
// matched per file, matching events (the CSV form), rules not run.
func (r *Result) Tables() []render.Table {
	var ev, rules, tech, files, notRun [][]any
	for _, m := range r.Matched {
		for _, x := range m.Matches {
			ev = append(ev, []any{m.Title, m.Level, x.Time.Format(time.RFC3339), x.Computer, x.Channel,
				int(x.EventID), strconv.FormatUint(x.RecordID, 10), x.File, fieldsCell(x.Fields)})
		}
		rules = append(rules, []any{m.Title, m.Level, strings.Join(m.Techniques, " "), m.Events, len(m.Files), m.Path})
	}
	for _, t := range r.Techniques {
		tech = append(tech, []any{t.ID, strings.Join(t.Tactics, " "), len(t.Rules), t.Events, strings.Join(t.Rules, "; ")})
	}
	for _, f := range r.Files {
		if len(f.Rules) == 0 {
			continue
		}
		parts := make([]string, len(f.Rules))
		for i, rc := range f.Rules {
			parts[i] = fmt.Sprintf("%s (%d)", rc.Title, rc.Events)
		}
		files = append(files, []any{f.Path, f.Events, len(f.Rules), strings.Join(parts, "; ")})
	}
	for _, c := range r.NotRunCounts() {
		notRun = append(notRun, []any{c.Name, c.N})
	}
	return []render.Table{
		{Title: fmt.Sprintf("Rules matched (%d rules fired on %d events; %d of %d rules run)", len(r.Matched), r.Events, r.Runnable, r.Rules),
			Frame: frame.New([]string{"rule", "level", "techniques", "events", "files", "path"}, rules),
			Show:  []string{"rule", "level", "techniques", "events", "files"}, Empty: "No rule fired."},
		{Title: "Techniques evidenced", Frame: frame.New([]string{"technique", "tactics", "rules", "events", "rule_titles"}, tech), Empty: "None."},
		{Title: "Rules matched per file", Frame: frame.New([]string{"file", "events", "rules", "rule_events"}, files), Empty: "None."},
		{Title: "Matching events (--format csv lists every column)",
			Frame:   frame.New([]string{"rule", "level", "time", "computer", "channel", "event_id", "record_id", "file", "fields"}, ev),
			Show:    []string{"rule", "level", "time", "computer", "event_id", "record_id", "fields"},
			Empty:   "None.",
			Primary: true},
		{Title: "Rules not run (--format json lists each, with the reason)", Frame: frame.New([]string{"reason", "rules"}, notRun),
			Empty: "None: every rule ran."},
	}
}

// Layer colours: few rules fired to many.
const (
	colorFewRules  = "#ffe0b2"
	colorManyRules = "#e65100"
)

// LayerAttackVersion is the ATT&CK version written in hunt layers: the
// SigmaHQ rules are tagged with current techniques.
const LayerAttackVersion = "18"

// Layer renders the techniques evidenced as an ATT&CK Navigator layer:
// each technique scored by the number of rules tagged with it that fired,
// its comment the rules and the events they matched. Entries name no
// tactic, so Navigator shows each under all of its tactics.
func (r *Result) Layer(name string) *attack.Layer {
	if name == "" {
		name = "huntbook hunt: techniques evidenced"
	}
	maxScore := 1.0
	for _, t := range r.Techniques {
		maxScore = max(maxScore, float64(len(t.Rules)))
	}
	l := attack.BaseLayer(attack.LayerOptions{Name: name},
		"", fmt.Sprintf("Techniques evidenced: Sigma rules tagged with them matched events (%d rules fired on %d events; %d of %d rules run). Score: rules fired.", len(r.Matched), r.Events, r.Runnable, r.Rules),
		LayerAttackVersion, "max")
	l.Layout.ShowAggregateScores = true
	l.Gradient = attack.LayerGradient{Colors: []string{colorFewRules, colorManyRules}, MinValue: 0, MaxValue: maxScore}
	l.LegendItems = []attack.LayerLegend{
		{Label: "one rule fired", Color: colorFewRules},
		{Label: fmt.Sprintf("%.0f rules fired", maxScore), Color: colorManyRules},
	}
	l.Metadata = []attack.LayerMetadata{
		{Name: "events", Value: strconv.Itoa(r.Events)},
		{Name: "rules", Value: fmt.Sprintf("%d fired, %d run, %d given", len(r.Matched), r.Runnable, r.Rules)},
	}
	for _, t := range r.Techniques {
		s := float64(len(t.Rules))
		lt := attack.LayerTechnique{TechniqueID: t.ID, Score: &s, Enabled: true,
			Comment: fmt.Sprintf("%d rules fired on %d events: %s", len(t.Rules), t.Events, strings.Join(t.Rules, "; "))}
		for _, title := range t.Rules {
			lt.Metadata = append(lt.Metadata, attack.LayerMetadata{Name: "rule", Value: title})
		}
		l.Techniques = append(l.Techniques, lt)
	}
	return l
}
