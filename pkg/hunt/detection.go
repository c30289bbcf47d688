package hunt

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Sentinels wrapped by compile errors.
var (
	// ErrUnsupported: the rule uses a construct huntbook does not run
	// (an aggregation, a regular expression Go cannot compile, expand).
	// Such a rule is reported, never matched.
	ErrUnsupported = errors.New("unsupported construct")
	// ErrInvalid: the detection is malformed (an undefined search
	// identifier, a bad modifier chain, a syntax error in the condition).
	ErrInvalid = errors.New("invalid detection")
)

// UnsupportedError says which construct a rule uses that huntbook does not
// run. Construct is a short name to count rules by ("aggregation",
// "modifier expand", "regular expression").
type UnsupportedError struct {
	Construct, Detail string
}

func (e *UnsupportedError) Error() string {
	if e.Detail == "" {
		return "hunt: unsupported: " + e.Construct
	}
	return "hunt: unsupported: " + e.Construct + ": " + e.Detail
}

// Is makes errors.Is(err, ErrUnsupported) true.
func (e *UnsupportedError) Is(target error) bool { return target == ErrUnsupported }

func unsupported(construct, detail string) error {
	return &UnsupportedError{Construct: construct, Detail: detail}
}

func invalidf(format string, args ...any) error {
	return fmt.Errorf("hunt: %s: %w", fmt.Sprintf(format, args...), ErrInvalid)
}

// node is a compiled piece of a detection.
type node interface{ eval(c *evalCtx) bool }

type andNode []node
type orNode []node
type notNode struct{ x node }

func (n andNode) eval(c *evalCtx) bool {
	for _, x := range n {
		if !x.eval(c) {
			return false
		}
	}
	return true
}

func (n orNode) eval(c *evalCtx) bool {
	for _, x := range n {
		if x.eval(c) {
			return true
		}
	}
	return false
}

func (n notNode) eval(c *evalCtx) bool { return !n.x.eval(c) }

// atLeast: N of a list of selections.
type atLeast struct {
	n  int
	xs []node
}

func (n atLeast) eval(c *evalCtx) bool {
	k := 0
	for i, x := range n.xs {
		if x.eval(c) {
			k++
			if k >= n.n {
				return true
			}
		}
		if k+len(n.xs)-i-1 < n.n {
			return false
		}
	}
	return false
}

// fieldNode: one field and its values. Without all, any alternative of any
// value matches; with all, each value (each group of alternatives) must.
type fieldNode struct {
	id     int
	all    bool
	groups [][]valueMatcher
}

func (n fieldNode) eval(c *evalCtx) bool {
	s := c.field(n.id)
	for _, g := range n.groups {
		hit := false
		for _, m := range g {
			if m.match(c, s) {
				hit = true
				break
			}
		}
		if hit && !n.all {
			return true
		}
		if !hit && n.all {
			return false
		}
	}
	return n.all
}

// keywordNode: values matched against every value of the event.
type keywordNode struct {
	all    bool
	groups [][]valueMatcher
}

func (n keywordNode) eval(c *evalCtx) bool {
	lower, raw := c.values()
	for _, g := range n.groups {
		hit, others := false, false
		for _, m := range g {
			k, ok := m.(kwAtom)
			if !ok {
				others = true
			} else if k.match(c, nil) {
				hit = true
				break
			}
		}
		for i := 0; i < len(raw) && !hit && others; i++ {
			s := slot{ok: true, val: raw[i], lower: lower[i], lowered: true}
			for _, m := range g {
				if m.match(c, &s) {
					hit = true
					break
				}
			}
			if hit {
				break
			}
		}
		if hit && !n.all {
			return true
		}
		if !hit && n.all {
			return false
		}
	}
	return n.all
}

// Detection is a compiled Sigma detection: its selections and condition.
// It is safe for concurrent use.
type Detection struct {
	root   node
	table  *fieldTable
	fields []string
	cond   []Cond
}

// Fields lists the fields the detection names (not keywords), sorted.
func (d *Detection) Fields() []string { return d.fields }

// Match reports whether the event satisfies the detection.
func (d *Detection) Match(ev Fields) bool {
	c := newCtx(d.table)
	c.reset(ev)
	return d.root.eval(c)
}

type compiler struct {
	table  *fieldTable
	fields map[string]bool
}

// Compile compiles a rule's detection: the decoded YAML of its detection
// section (maps map[string]any, lists []any, scalars string, int, float64,
// bool, nil) including "condition". Errors wrap ErrUnsupported (an
// *UnsupportedError) or ErrInvalid.
func Compile(detection map[string]any) (*Detection, error) {
	t := &fieldTable{}
	d, err := compileWith(t, detection)
	if err != nil {
		return nil, err
	}
	t.build()
	return d, nil
}

func compileWith(t *fieldTable, detection map[string]any) (*Detection, error) {
	cp := &compiler{table: t, fields: map[string]bool{}}
	condV, ok := detection["condition"]
	if !ok {
		return nil, invalidf("detection has no condition")
	}
	var conds []string
	switch c := condV.(type) {
	case string:
		conds = []string{c}
	case []any:
		for _, x := range c {
			s, ok := x.(string)
			if !ok {
				return nil, invalidf("condition list holds a %T, not a string", x)
			}
			conds = append(conds, s)
		}
	default:
		return nil, invalidf("condition is a %T, not a string or a list", condV)
	}
	if len(conds) == 0 {
		return nil, invalidf("condition list is empty")
	}
	if _, ok := detection["timeframe"]; ok {
		return nil, unsupported("timeframe", "time windows belong to correlations, which are not run")
	}
	names := make([]string, 0, len(detection))
	for k := range detection {
		if k != "condition" {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	sel := make(map[string]node, len(names))
	for _, name := range names {
		n, err := cp.selection(detection[name])
		if err != nil {
			return nil, fmt.Errorf("selection %q: %w", name, err)
		}
		sel[name] = n
	}
	d := &Detection{table: t}
	var roots []node
	for _, s := range conds {
		c, err := ParseCondition(s)
		if err != nil {
			return nil, err
		}
		n, err := build(c, sel, names)
		if err != nil {
			return nil, fmt.Errorf("condition %q: %w", s, err)
		}
		d.cond = append(d.cond, c)
		roots = append(roots, n)
	}
	if len(roots) == 1 {
		d.root = roots[0]
	} else {
		d.root = orNode(roots)
	}
	for f := range cp.fields {
		d.fields = append(d.fields, f)
	}
	sort.Strings(d.fields)
	return d, nil
}

func build(c Cond, sel map[string]node, names []string) (node, error) {
	switch c := c.(type) {
	case CondAnd:
		out := make(andNode, len(c))
		for i, x := range c {
			n, err := build(x, sel, names)
			if err != nil {
				return nil, err
			}
			out[i] = n
		}
		return out, nil
	case CondOr:
		out := make(orNode, len(c))
		for i, x := range c {
			n, err := build(x, sel, names)
			if err != nil {
				return nil, err
			}
			out[i] = n
		}
		return out, nil
	case CondNot:
		n, err := build(c.X, sel, names)
		if err != nil {
			return nil, err
		}
		return notNode{n}, nil
	case CondRef:
		n, ok := sel[string(c)]
		if !ok {
			return nil, invalidf("search identifier %q is not defined (defined: %s)", string(c), strings.Join(names, ", "))
		}
		return n, nil
	case CondOf:
		ids := resolveOf(c.Pattern, names)
		if len(ids) == 0 {
			return nil, invalidf("%q names no search identifier (defined: %s)", c.Pattern, strings.Join(names, ", "))
		}
		xs := make([]node, len(ids))
		for i, id := range ids {
			xs[i] = sel[id]
		}
		switch {
		case c.N == 0:
			return andNode(xs), nil
		case c.N == 1:
			return orNode(xs), nil
		}
		return atLeast{n: c.N, xs: xs}, nil
	}
	return nil, invalidf("condition node %T", c)
}

// selection compiles one search identifier's value.
func (cp *compiler) selection(v any) (node, error) {
	switch x := v.(type) {
	case map[string]any:
		return cp.fieldMap(x)
	case []any:
		if len(x) == 0 {
			return nil, invalidf("empty list")
		}
		allScalar := true
		for _, e := range x {
			if _, ok := scalarString(e); !ok {
				allScalar = false
			}
		}
		if allScalar {
			return cp.keywords(modifiers{}, x)
		}
		out := make(orNode, 0, len(x))
		for i, e := range x {
			var n node
			var err error
			switch y := e.(type) {
			case map[string]any:
				n, err = cp.fieldMap(y)
			default:
				if _, ok := scalarString(e); !ok {
					return nil, invalidf("list item %d is a %T", i+1, e)
				}
				n, err = cp.keywords(modifiers{}, []any{e})
			}
			if err != nil {
				return nil, err
			}
			out = append(out, n)
		}
		return out, nil
	case nil:
		return nil, invalidf("empty search identifier")
	default:
		if _, ok := scalarString(v); ok {
			return cp.keywords(modifiers{}, []any{v})
		}
		return nil, invalidf("a %T where a map or a list should be", v)
	}
}

func (cp *compiler) fieldMap(m map[string]any) (node, error) {
	if len(m) == 0 {
		return nil, invalidf("empty map")
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make(andNode, 0, len(keys))
	for _, k := range keys {
		parts := strings.Split(k, "|")
		field := strings.TrimSpace(parts[0])
		mods, err := parseModifiers(parts[1:])
		if err != nil {
			return nil, fmt.Errorf("field %q: %w", k, err)
		}
		vals, ok := m[k].([]any)
		if !ok {
			vals = []any{m[k]}
		}
		if len(vals) == 0 {
			return nil, invalidf("field %q has an empty list of values", k)
		}
		if field == "" {
			n, err := cp.keywords(mods, vals)
			if err != nil {
				return nil, fmt.Errorf("keywords %q: %w", k, err)
			}
			out = append(out, n)
			continue
		}
		groups := make([][]valueMatcher, 0, len(vals))
		fid := cp.table.id(field)
		for _, v := range vals {
			g, err := cp.compileValue(mods, v, fid)
			if err != nil {
				return nil, fmt.Errorf("field %q: %w", k, err)
			}
			groups = append(groups, g)
		}
		if mods.kind == "fieldref" {
			for _, v := range vals {
				cp.fields[v.(string)] = true
			}
		}
		cp.fields[field] = true
		if !mods.all {
			var flat []valueMatcher
			for _, g := range groups {
				flat = append(flat, g...)
			}
			groups = [][]valueMatcher{flat}
		}
		out = append(out, fieldNode{id: fid, all: mods.all, groups: groups})
	}
	if len(out) == 1 {
		return out[0], nil
	}
	return out, nil
}

func (cp *compiler) keywords(mods modifiers, vals []any) (node, error) {
	if mods.kind == "exists" || mods.kind == "fieldref" {
		return nil, invalidf("%s on keywords", mods.kind)
	}
	groups := make([][]valueMatcher, 0, len(vals))
	for _, v := range vals {
		g, err := cp.compileValue(mods, v, -1)
		if err != nil {
			return nil, err
		}
		groups = append(groups, g)
	}
	if !mods.all {
		groups = [][]valueMatcher{slices.Concat(groups...)}
	}
	return keywordNode{all: mods.all, groups: groups}, nil
}
