package hunt

import (
	"context"
	"errors"
	"fmt"
	"math/bits"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/huntbook/huntbook/pkg/evtx"
	"github.com/huntbook/huntbook/pkg/logsource"
	"github.com/huntbook/huntbook/pkg/sigma"
)

// Hunter is a set of compiled rules, indexed by the events they can match.
// Build one with New; it is safe for concurrent use.
type Hunter struct {
	rules  []*compiled
	notRun []NotRun
	given  int

	table     *fieldTable
	atomRules map[int]*[hitKinds][][]int32 // field → kind → needle → indexed rules
	byKey     map[logsource.Key][]int      // rules for one event id of one log
	byLog     map[string][]int             // rules for every event of a log (key.Log)
	any       []int                        // rules for every event (product windows alone)

	// Workers is how many goroutines match events; default GOMAXPROCS.
	Workers int
	// MaxMatches is how many matching events a result keeps per rule
	// (all are counted); default 1000, negative for no limit.
	MaxMatches int
	// Visit, when not nil, is called by Run with every event read, in
	// file order, on one goroutine: to count what the files hold (an
	// observed inventory) without reading them twice.
	Visit func(*evtx.Event)
}

type compiled struct {
	rule   sigma.Rule
	det    *Detection
	fields []string // detection fields, then the rule's fields: list
	// need are atoms one of which is true of every event the rule
	// matches (indexed is false when the detection has no such set).
	need    []*atomMatch
	indexed bool
}

// NotRun is a rule that is not run, and why.
type NotRun struct {
	Path  string `json:"path"`
	Line  int    `json:"line"`
	Title string `json:"title"`
	ID    string `json:"id,omitempty"`
	// Kind is "unsupported" (a construct hunt does not run), "invalid" (a
	// malformed detection), "log source" (a log source the taxonomy does
	// not place) or "no event" (its EventIDs are none of its log
	// source's).
	Kind string `json:"kind"`
	// Construct is the unsupported construct, for counting.
	Construct string `json:"construct,omitempty"`
	Reason    string `json:"reason"`
}

// New compiles the rules once and indexes them by (log, event id). Rules
// that cannot run are listed in NotRun with the reason.
func New(rules []sigma.Rule) *Hunter {
	h := &Hunter{
		table: &fieldTable{}, given: len(rules),
		byKey: map[logsource.Key][]int{}, byLog: map[string][]int{},
	}
	for _, r := range rules {
		h.add(r)
	}
	h.table.build()
	h.indexAtoms()
	return h
}

func (h *Hunter) skip(r sigma.Rule, kind string, err error) {
	n := NotRun{Path: r.Path, Line: r.Line, Title: r.Title, ID: r.ID, Kind: kind, Reason: err.Error()}
	var u *UnsupportedError
	if errors.As(err, &u) {
		n.Construct = u.Construct
	}
	h.notRun = append(h.notRun, n)
}

func (h *Hunter) add(r sigma.Rule) {
	det, err := compileWith(h.table, r.Detection)
	if err != nil {
		kind := "invalid"
		if errors.Is(err, ErrUnsupported) {
			kind = "unsupported"
		}
		h.skip(r, kind, err)
		return
	}
	if cond, ok := categoryConditions[strings.ToLower(strings.TrimSpace(r.LogSource.Category))]; ok {
		det.root = andNode{h.categoryNode(cond), det.root}
	}
	events := r.LogSource.Events()
	placeAll := false
	if events == nil {
		ls := r.LogSource
		p := strings.ToLower(strings.TrimSpace(ls.Product))
		if ls.Category != "" || ls.Service != "" || (p != "" && p != "windows") {
			h.skip(r, "log source", fmt.Errorf("hunt: log source %s is not in the Windows taxonomy", ls))
			return
		}
		placeAll = true // product windows alone: every event
	}
	var ids map[string]bool
	constrained := false
	if id, ok := h.table.ids["EventID"]; ok {
		ids, constrained = eventIDs(det.root, id)
	}
	c := &compiled{rule: r, det: det, fields: mergeFields(det.Fields(), r.Fields)}
	c.need, c.indexed = need(det.root)
	i := len(h.rules)
	placed := false
	switch {
	case placeAll:
		// Every log: tested on every event (its EventID, if any, is
		// checked by the detection itself).
		h.any = append(h.any, i)
		placed = true
	default:
		seen := map[logsource.Key]bool{}
		for _, e := range events {
			if e.ID != "" {
				if constrained && !ids[e.ID] {
					continue
				}
				k := e.Key()
				if !seen[k] {
					seen[k] = true
					h.byKey[k] = append(h.byKey[k], i)
				}
				placed = true
				continue
			}
			if !constrained {
				k := e.Key()
				h.byLog[k.Log] = append(h.byLog[k.Log], i)
				placed = true
				continue
			}
			for id := range ids {
				x := e
				x.ID = id
				k := x.Key()
				if !seen[k] {
					seen[k] = true
					h.byKey[k] = append(h.byKey[k], i)
				}
				placed = true
			}
		}
	}
	if !placed {
		var list []string
		for id := range ids {
			list = append(list, id)
		}
		sort.Strings(list)
		h.skip(r, "no event", fmt.Errorf("hunt: the detection needs EventID %s, which log source %s does not write",
			strings.Join(list, " or "), r.LogSource))
		return
	}
	h.rules = append(h.rules, c)
}

func mergeFields(a, b []string) []string {
	out := slices.Clone(a)
	for _, f := range b {
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// eventIDs works out which EventID values an event must have for the
// detection to match, when the detection says (constrained): an EventID
// field of plain values required by the condition. Negations and
// alternatives with no EventID leave it unconstrained.
func eventIDs(n node, id int) (map[string]bool, bool) {
	switch x := n.(type) {
	case fieldNode:
		if x.id != id || x.all {
			return nil, false
		}
		set := map[string]bool{}
		for _, g := range x.groups {
			for _, m := range g {
				var sm stringMatcher
				switch x := m.(type) {
				case strMatch:
					sm = x.m
				case *atomMatch:
					sm = x.m
				}
				e, ok := sm.(exactMatch)
				if !ok {
					return nil, false
				}
				set[string(e)] = true
			}
		}
		return set, true
	case andNode:
		var out map[string]bool
		for _, c := range x {
			s, ok := eventIDs(c, id)
			if !ok {
				continue
			}
			if out == nil {
				out = s
				continue
			}
			for k := range out {
				if !s[k] {
					delete(out, k)
				}
			}
		}
		return out, out != nil
	case orNode:
		out := map[string]bool{}
		for _, c := range x {
			s, ok := eventIDs(c, id)
			if !ok {
				return nil, false
			}
			for k := range s {
				out[k] = true
			}
		}
		return out, true
	case atLeast:
		return eventIDs(orNode(x.xs), id)
	}
	return nil, false
}

// Rules is how many rules New was given; Runnable how many run.
func (h *Hunter) Rules() int    { return h.given }
func (h *Hunter) Runnable() int { return len(h.rules) }

// NotRun lists the rules that are not run, in the order given.
func (h *Hunter) NotRun() []NotRun { return h.notRun }

// candidates returns the rules an event of this log and id can match.
func (h *Hunter) candidates(channel, provider, id string) []int {
	var out []int
	seen := map[int]bool{}
	add := func(l []int) {
		for _, i := range l {
			if !seen[i] {
				seen[i] = true
				out = append(out, i)
			}
		}
	}
	for _, e := range []logsource.Event{{Channel: channel, ID: id}, {Provider: provider, ID: id}} {
		if e.Channel == "" && e.Provider == "" {
			continue
		}
		k := e.Key()
		add(h.byKey[k])
		add(h.byLog[k.Log])
	}
	add(h.any)
	sort.Ints(out)
	return out
}

// categoryConditions are what a category requires beyond its event id:
// Sysmon writes registry keys created and deleted (and values deleted)
// as one event 12, told apart by EventType, as Sigma's Sysmon pipeline
// does (registry_delete rules must not fire on a key being created).
var categoryConditions = map[string][2]any{
	"registry_add":    {"EventType", []string{"CreateKey"}},
	"registry_delete": {"EventType", []string{"DeleteKey", "DeleteValue"}},
	"registry_set":    {"EventType", []string{"SetValue"}},
	"registry_rename": {"EventType", []string{"RenameKey"}},
}

func (h *Hunter) categoryNode(cond [2]any) node {
	id := h.table.id(cond[0].(string))
	var ms []valueMatcher
	for _, v := range cond[1].([]string) {
		ms = append(ms, strMatch{m: exactMatch(strings.ToLower(v))})
	}
	return fieldNode{id: id, groups: [][]valueMatcher{ms}}
}

// fieldAliases are the Sigma field names a log writes under another name,
// per (channel, event id): process_creation rules are written for Sysmon
// 1, and Security 4688 names the same values differently.
var fieldAliases = map[string]map[string]string{
	"Security/4688": {"Image": "NewProcessName", "ParentImage": "ParentProcessName"},
}

// event adapts an EVTX event to Fields.
type event struct {
	e     *evtx.Event
	alias map[string]string
}

func (ev event) Field(name string) (string, bool) {
	if v, ok := ev.e.Field(name); ok {
		return v, true
	}
	if a, ok := ev.alias[name]; ok {
		return ev.e.Field(a)
	}
	return "", false
}

func (ev event) EachValue(f func(string) bool) {
	for _, d := range ev.e.Data {
		if !f(d.Value) {
			return
		}
	}
}

func adapt(e *evtx.Event) event {
	return event{e: e, alias: fieldAliases[e.Channel+"/"+strconv.Itoa(int(e.EventID))]}
}

// batchSize is how many events are matched at a time: memory stays
// bounded by the batch, whatever a file's size.
const batchSize = 4096

// matchBatch tests each event against its candidate rules, in parallel,
// and returns, per event, the indexes of the rules it matched.
func (h *Hunter) matchBatch(events []*evtx.Event, cache map[candKey]*cands) [][]int {
	cs := make([]*cands, len(events))
	for i, e := range events {
		k := candKey{e.Channel, e.Provider, e.EventID}
		c, ok := cache[k]
		if !ok {
			c = h.candidatesOf(h.candidates(e.Channel, e.Provider, strconv.Itoa(int(e.EventID))))
			cache[k] = c
		}
		cs[i] = c
	}
	hits := make([][]int, len(events))
	workers := h.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, len(events)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := newCtx(h.table)
			mark := make([]uint32, len(h.rules))
			for {
				i := int(next.Add(1) - 1)
				if i >= len(events) {
					return
				}
				c.reset(adapt(events[i]))
				h.markAtoms(c, cs[i].fields, mark)
				for _, r := range cs[i].rules {
					if h.rules[r].indexed && mark[r] != c.gen {
						continue // none of its necessary atoms holds
					}
					if h.rules[r].det.root.eval(c) {
						hits[i] = append(hits[i], r)
					}
				}
			}
		}()
	}
	wg.Wait()
	return hits
}

// cands are the rules an event of one (log, id) is tested against, and
// the fields whose atoms index them.
type cands struct {
	rules  []int
	fields []int
}

func (h *Hunter) candidatesOf(rules []int) *cands {
	c := &cands{rules: rules}
	seen := map[int]bool{}
	for _, r := range rules {
		for _, a := range h.rules[r].need {
			if !seen[a.field] {
				seen[a.field] = true
				c.fields = append(c.fields, a.field)
			}
		}
	}
	sort.Ints(c.fields)
	return c
}

// markAtoms sets mark[r] = c.gen for every indexed rule with a necessary
// atom that holds for the event.
func (h *Hunter) markAtoms(c *evalCtx, fields []int, mark []uint32) {
	for _, f := range fields {
		bits := c.hits(f, c.field(f))
		if bits == nil {
			continue
		}
		idx := h.atomRules[f]
		w := len(bits) / hitKinds
		for kind := range hitKinds {
			for wi, word := range bits[kind*w : (kind+1)*w] {
				for word != 0 {
					b := bitsTrailing(word)
					word &= word - 1
					for _, r := range idx[kind][wi*64+b] {
						mark[r] = c.gen
					}
				}
			}
		}
	}
}

// indexAtoms fills atomRules from the rules' necessary atoms.
func (h *Hunter) indexAtoms() {
	h.atomRules = map[int]*[hitKinds][][]int32{}
	for i, c := range h.rules {
		for _, a := range c.need {
			idx := h.atomRules[a.field]
			if idx == nil {
				idx = &[hitKinds][][]int32{}
				n := h.table.autos[a.field].n
				for k := range hitKinds {
					idx[k] = make([][]int32, n)
				}
				h.atomRules[a.field] = idx
			}
			l := idx[a.kind][a.idx]
			if len(l) == 0 || l[len(l)-1] != int32(i) {
				idx[a.kind][a.idx] = append(l, int32(i))
			}
		}
	}
}

// need returns atoms one of which holds whenever n matches, or false when
// n has no such set (a negation, a keyword, a regular expression, null).
func need(n node) ([]*atomMatch, bool) {
	switch x := n.(type) {
	case fieldNode:
		for _, g := range x.groups {
			var out []*atomMatch
			ok := true
			for _, m := range g {
				a, isAtom := m.(*atomMatch)
				if !isAtom {
					ok = false
					break
				}
				out = append(out, a)
			}
			if ok && len(out) > 0 {
				return out, true // without all there is one group; with all any group will do
			}
			if !x.all {
				return nil, false
			}
		}
		return nil, false
	case andNode:
		var best []*atomMatch
		found := false
		for _, c := range x {
			if s, ok := need(c); ok && (!found || len(s) < len(best)) {
				best, found = s, true
			}
		}
		return best, found
	case orNode:
		var out []*atomMatch
		for _, c := range x {
			s, ok := need(c)
			if !ok {
				return nil, false
			}
			out = append(out, s...)
		}
		return out, len(out) > 0
	case atLeast:
		return need(orNode(x.xs))
	}
	return nil, false
}

type candKey struct {
	channel, provider string
	id                uint16
}

// Run reads the EVTX files named by paths (files, or folders searched for
// .evtx files) and runs the rules over their events. A file that cannot
// be read is an error; damage inside a file is skipped and counted by
// the reader (Result.Files[i].Skipped).
func (h *Hunter) Run(ctx context.Context, paths ...string) (*Result, error) {
	files, err := evtx.Files(paths...)
	if err != nil {
		return nil, fmt.Errorf("hunt: %w", err)
	}
	acc := h.newAcc()
	for _, p := range files {
		if err := h.runFile(ctx, acc, p); err != nil {
			return nil, err
		}
	}
	return acc.result(), nil
}

func (h *Hunter) runFile(ctx context.Context, acc *accumulator, path string) error {
	f, err := evtx.Open(path)
	if err != nil {
		return fmt.Errorf("hunt: %w", err)
	}
	defer f.Close()
	fi := acc.file(path)
	var batch []*evtx.Event
	flush := func() {
		acc.add(fi, batch, h.matchBatch(batch, acc.cache))
		batch = batch[:0]
	}
	for ev, err := range f.Events(ctx) {
		if err != nil {
			return fmt.Errorf("hunt: %w", err)
		}
		if h.Visit != nil {
			h.Visit(ev)
		}
		batch = append(batch, ev)
		if len(batch) == batchSize {
			flush()
		}
	}
	flush()
	st := f.Stats()
	acc.files[fi].Skipped = st.RecordsSkipped + st.ChunksSkipped
	return nil
}

// RunEvents runs the rules over events already read (a notebook's
// events, a test's), grouped into files by Event.File.
func (h *Hunter) RunEvents(events []*evtx.Event) *Result {
	acc := h.newAcc()
	for start := 0; start < len(events); {
		end := start + 1
		for end < len(events) && end-start < batchSize && events[end].File == events[start].File {
			end++
		}
		b := events[start:end]
		acc.add(acc.file(b[0].File), b, h.matchBatch(b, acc.cache))
		start = end
	}
	return acc.result()
}

func bitsTrailing(w uint64) int { return bits.TrailingZeros64(w) }
