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

	valsLoaded bool
	vals       []string // every value, lower-cased, for keywords
	valsRaw    []string
}

func newCtx(t *fieldTable) *evalCtx {
	return &evalCtx{names: t.names, slots: make([]slot, len(t.names))}
}

func (c *evalCtx) reset(ev Fields) {
	c.ev = ev
	c.gen++
	if c.gen == 0 { // wrapped: clear so no slot looks current
		for i := range c.slots {
			c.slots[i] = slot{}
		}
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
