package hunt

import (
	"sort"
	"strings"
)

// Fields is what a detection reads of an event: its fields by name, and
// all of its values (for keywords).
type Fields interface {
	// Field returns the value of the named field and whether the event
	// has it.
	Field(name string) (string, bool)
	// EachValue calls f with every field value of the event until f
	// returns false.
	EachValue(f func(v string) bool)
}

// MapEvent is an event as a map of field names to values: for tests,
// examples and notebook cells.
type MapEvent map[string]string

// Field returns the named value.
func (m MapEvent) Field(name string) (string, bool) { v, ok := m[name]; return v, ok }

// EachValue calls f with every value, in the order of the field names.
func (m MapEvent) EachValue(f func(string) bool) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !f(m[k]) {
			return
		}
	}
}

// fieldTable interns the field names of compiled rules, so that an event's
// field is looked up and lower-cased once however many rules read it.
type fieldTable struct {
	ids   map[string]int
	names []string

	needles [][]string       // per field: the lower-cased contains needles
	needle  []map[string]int // per field: needle → index
	autos   []*automaton     // per field, built by build; nil when none
	built   int              // needles when last built
	atoms   []*atomMatch     // every atom, to set its words when built

	kwNeedles []string // keyword literals, lower-cased
	kwNeedle  map[string]int
	kwAuto    *automaton
}

// kwIndex registers a keyword literal.
func (t *fieldTable) kwIndex(s string) int {
	if t.kwNeedle == nil {
		t.kwNeedle = map[string]int{}
	}
	if i, ok := t.kwNeedle[s]; ok {
		return i
	}
	t.kwNeedle[s] = len(t.kwNeedles)
	t.kwNeedles = append(t.kwNeedles, s)
	return len(t.kwNeedles) - 1
}

// atom registers a literal of a field as an atom.
func (t *fieldTable) atom(field, kind int, lit string, m stringMatcher) *atomMatch {
	a := &atomMatch{field: field, idx: t.needleIndex(field, lit), kind: kind, m: m}
	t.atoms = append(t.atoms, a)
	return a
}

// needleIndex registers a contains needle of a field.
func (t *fieldTable) needleIndex(field int, s string) int {
	for len(t.needle) <= field {
		t.needle = append(t.needle, nil)
		t.needles = append(t.needles, nil)
	}
	if t.needle[field] == nil {
		t.needle[field] = map[string]int{}
	}
	if i, ok := t.needle[field][s]; ok {
		return i
	}
	t.needle[field][s] = len(t.needles[field])
	t.needles[field] = append(t.needles[field], s)
	return len(t.needles[field]) - 1
}

// build makes the automata of the needles registered so far.
func (t *fieldTable) build() {
	total := len(t.kwNeedles)
	for _, n := range t.needles {
		total += len(n)
	}
	if total == t.built && len(t.autos) == len(t.needles) {
		return
	}
	t.autos = make([]*automaton, len(t.needles))
	for i, n := range t.needles {
		if len(n) > 0 {
			t.autos[i] = newAutomaton(n)
		}
	}
	for _, a := range t.atoms {
		a.words = t.autos[a.field].words()
	}
	t.kwAuto = nil
	if len(t.kwNeedles) > 0 {
		t.kwAuto = newAutomaton(t.kwNeedles)
	}
	t.built = total
}

func (t *fieldTable) id(name string) int {
	if t.ids == nil {
		t.ids = make(map[string]int)
	}
	if i, ok := t.ids[name]; ok {
		return i
	}
	t.ids[name] = len(t.names)
	t.names = append(t.names, name)
	return len(t.names) - 1
}

// slot caches one field of the event being matched.
type slot struct {
	gen     uint32
	ok      bool
	lowered bool
	val     string
	lower   string
}

// evalCtx is the state of matching one event: cached fields and values.
// One per goroutine; reset for each event.
type evalCtx struct {
	names []string
	slots []slot
	gen   uint32
	ev    Fields

	autos    []*automaton
	found    [][]uint64 // per field: its needle hits (automaton.scanAll)
	foundGen []uint32

	kwAuto  *automaton
	kwFound []uint64 // the keyword literals some value contains
	kwGen   uint32

	valsLoaded bool
	vals       []string // every value, lower-cased, for keywords
	valsRaw    []string
}

// newCtx needs the table built (Compile and New do it).
func newCtx(t *fieldTable) *evalCtx {
	return &evalCtx{names: t.names, slots: make([]slot, len(t.names)),
		autos: t.autos, found: make([][]uint64, len(t.autos)), foundGen: make([]uint32, len(t.autos)), kwAuto: t.kwAuto}
}

// kwHit reports whether some value of the event contains keyword literal
// i, scanning the values once for all keywords.
func (c *evalCtx) kwHit(i int) bool {
	if c.kwAuto == nil {
		return false
	}
	if c.kwGen != c.gen {
		if c.kwFound == nil {
			c.kwFound = make([]uint64, c.kwAuto.words())
		}
		clear(c.kwFound)
		lower, _ := c.values()
		for _, v := range lower {
			c.kwAuto.scan(v, c.kwFound)
		}
		c.kwGen = c.gen
	}
	return c.kwFound[i>>6]&(1<<(uint(i)&63)) != 0
}

// hits returns the field's needle hits for the event (see
// automaton.scanAll), computed once per event; nil when the field has no
// automaton or the event lacks it.
func (c *evalCtx) hits(field int, s *slot) []uint64 {
	if !s.ok || field >= len(c.autos) || c.autos[field] == nil {
		return nil
	}
	if c.foundGen[field] != c.gen {
		a := c.autos[field]
		f := c.found[field]
		if f == nil {
			f = make([]uint64, hitKinds*a.words())
			c.found[field] = f
		}
		clear(f)
		a.scanAll(c.lower(s), f)
		c.foundGen[field] = c.gen
	}
	return c.found[field]
}

func (c *evalCtx) reset(ev Fields) {
	c.ev = ev
	c.gen++
	if c.gen == 0 { // wrapped: clear so no slot looks current
		for i := range c.slots {
			c.slots[i] = slot{}
		}
		clear(c.foundGen)
		c.kwGen = 0
		c.gen = 1
	}
	c.valsLoaded = false
	c.vals = c.vals[:0]
	c.valsRaw = c.valsRaw[:0]
}

func (c *evalCtx) field(id int) *slot {
	s := &c.slots[id]
	if s.gen != c.gen {
		v, ok := c.ev.Field(c.names[id])
		*s = slot{gen: c.gen, ok: ok, val: v}
	}
	return s
}

func (c *evalCtx) lower(s *slot) string {
	if !s.lowered {
		s.lower = strings.ToLower(s.val)
		s.lowered = true
	}
	return s.lower
}

func (c *evalCtx) values() (lower, raw []string) {
	if !c.valsLoaded {
		c.ev.EachValue(func(v string) bool {
			c.valsRaw = append(c.valsRaw, v)
			c.vals = append(c.vals, strings.ToLower(v))
			return true
		})
		c.valsLoaded = true
	}
	return c.vals, c.valsRaw
}
