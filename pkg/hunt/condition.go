package hunt

import (
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
)

// Cond is a parsed Sigma condition.
type Cond interface{ condString() string }

// CondAnd, CondOr, CondNot, CondRef and CondOf are the nodes of a parsed
// condition.
type (
	CondAnd []Cond
	CondOr  []Cond
	CondNot struct{ X Cond }
	// CondRef names one search identifier.
	CondRef string
	// CondOf is "N of PATTERN": at least N (0 meaning all) of the search
	// identifiers PATTERN names ("them": all of them but those starting
	// with _).
	CondOf struct {
		N       int
		Pattern string
	}
)

func (c CondAnd) condString() string { return join(c, " and ") }
func (c CondOr) condString() string  { return join(c, " or ") }
func (c CondNot) condString() string { return "not (" + c.X.condString() + ")" }
func (c CondRef) condString() string { return string(c) }
func (c CondOf) condString() string {
	if c.N == 0 {
		return "all of " + c.Pattern
	}
	return strconv.Itoa(c.N) + " of " + c.Pattern
}

func join[T Cond](cs []T, sep string) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = "(" + c.condString() + ")"
	}
	return strings.Join(parts, sep)
}

// CondString renders a parsed condition with every operand in
// parentheses: the tree, for tests.
func CondString(c Cond) string { return c.condString() }

// Limits of the condition parser.
const (
	MaxConditionLen   = 64 << 10
	MaxConditionDepth = 100
)

type condToken struct {
	text string
	pos  int
}

// ParseCondition parses a Sigma condition: search identifiers, and, or,
// not (in rising precedence), parentheses, "1 of P", "all of P", "N of P"
// and "any of P" where P is an identifier, a pattern with * or "them".
// Keywords are case-insensitive. An aggregation ("| count() ...") or
// "near" is ErrUnsupported.
func ParseCondition(s string) (Cond, error) {
	if len(s) > MaxConditionLen {
		return nil, invalidf("condition is %d bytes, longer than %d", len(s), MaxConditionLen)
	}
	toks, err := lexCondition(s)
	if err != nil {
		return nil, err
	}
	p := &condParser{src: s, toks: toks}
	if len(toks) == 0 {
		return nil, invalidf("condition is empty")
	}
	c, err := p.or(0)
	if err != nil {
		return nil, err
	}
	if p.i < len(p.toks) {
		t := p.toks[p.i]
		if t.text == "|" {
			return nil, unsupported("aggregation", "condition "+strconv.Quote(s)+" aggregates ("+strings.TrimSpace(s[t.pos:])+"): correlations are not run")
		}
		return nil, p.errorf(t, "unexpected %q", t.text)
	}
	return c, nil
}

func lexCondition(s string) ([]condToken, error) {
	var toks []condToken
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '|':
			// The rest is an aggregation expression; the parser reports it.
			return append(toks, condToken{"|", i}), nil
		case c == '(' || c == ')':
			toks = append(toks, condToken{string(c), i})
			i++
		case isIdentByte(c):
			j := i
			for j < len(s) && isIdentByte(s[j]) {
				j++
			}
			toks = append(toks, condToken{s[i:j], i})
			i = j
		default:
			return nil, invalidf("condition %q: at offset %d: unexpected character %q", s, i, c)
		}
	}
	return toks, nil
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '*' || c == '-' || c == '.' || c == '?' ||
		'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c >= 0x80
}

type condParser struct {
	src  string
	toks []condToken
	i    int
}

func (p *condParser) errorf(t condToken, format string, args ...any) error {
	return invalidf("condition %q: at offset %d: %s", p.src, t.pos, fmt.Sprintf(format, args...))
}

func (p *condParser) peek() (condToken, bool) {
	if p.i < len(p.toks) {
		return p.toks[p.i], true
	}
	return condToken{pos: len(p.src)}, false
}

func (p *condParser) isKeyword(kw string) bool {
	t, ok := p.peek()
	return ok && strings.EqualFold(t.text, kw)
}

func (p *condParser) or(depth int) (Cond, error) {
	x, err := p.and(depth)
	if err != nil {
		return nil, err
	}
	out := CondOr{x}
	for p.isKeyword("or") {
		p.i++
		y, err := p.and(depth)
		if err != nil {
			return nil, err
		}
		out = append(out, y)
	}
	if len(out) == 1 {
		return x, nil
	}
	return out, nil
}

func (p *condParser) and(depth int) (Cond, error) {
	x, err := p.not(depth)
	if err != nil {
		return nil, err
	}
	out := CondAnd{x}
	for p.isKeyword("and") {
		p.i++
		y, err := p.not(depth)
		if err != nil {
			return nil, err
		}
		out = append(out, y)
	}
	if len(out) == 1 {
		return x, nil
	}
	return out, nil
}

func (p *condParser) not(depth int) (Cond, error) {
	if depth > MaxConditionDepth {
		t, _ := p.peek()
		return nil, p.errorf(t, "nested deeper than %d", MaxConditionDepth)
	}
	if p.isKeyword("not") {
		p.i++
		x, err := p.not(depth + 1)
		if err != nil {
			return nil, err
		}
		return CondNot{x}, nil
	}
	return p.primary(depth)
}

var reserved = []string{"and", "or", "not", "of", "near"}

func (p *condParser) primary(depth int) (Cond, error) {
	t, ok := p.peek()
	if !ok {
		return nil, p.errorf(t, "condition ends where a search identifier, not, ( or \"1 of\" should be")
	}
	switch {
	case t.text == "(":
		p.i++
		x, err := p.or(depth + 1)
		if err != nil {
			return nil, err
		}
		if c, ok := p.peek(); !ok || c.text != ")" {
			return nil, p.errorf(c, "missing ) for the ( at offset %d", t.pos)
		}
		p.i++
		return x, nil
	case t.text == ")" || t.text == "|":
		return nil, p.errorf(t, "unexpected %q", t.text)
	case strings.EqualFold(t.text, "near"):
		return nil, unsupported("near", "the deprecated near operator")
	}
	// N of P, all of P, any of P.
	if p.i+1 < len(p.toks) && strings.EqualFold(p.toks[p.i+1].text, "of") {
		n := -1
		switch q := strings.ToLower(t.text); q {
		case "all":
			n = 0
		case "any":
			n = 1
		default:
			if v, err := strconv.Atoi(q); err == nil && v > 0 {
				n = v
			}
		}
		if n < 0 {
			return nil, p.errorf(t, "%q before \"of\" is not all, any or a positive number", t.text)
		}
		p.i += 2
		pt, ok := p.peek()
		if !ok || !isIdentByte(pt.text[0]) || slices.Contains(reserved, strings.ToLower(pt.text)) {
			return nil, p.errorf(pt, "\"of\" needs a search identifier, a pattern or them")
		}
		p.i++
		return CondOf{N: n, Pattern: pt.text}, nil
	}
	if slices.Contains(reserved, strings.ToLower(t.text)) {
		return nil, p.errorf(t, "unexpected %q", t.text)
	}
	p.i++
	return CondRef(t.text), nil
}

// resolveOf lists the search identifiers a CondOf pattern names, sorted.
func resolveOf(pattern string, names []string) []string {
	var out []string
	for _, n := range names {
		if pattern == "them" {
			if !strings.HasPrefix(n, "_") {
				out = append(out, n)
			}
			continue
		}
		if ok, _ := path.Match(pattern, n); ok {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}
