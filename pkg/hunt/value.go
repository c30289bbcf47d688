package hunt

import (
	"encoding/base64"
	"fmt"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// valueMatcher tests one field (or, for keywords, one value) of an event.
type valueMatcher interface {
	match(c *evalCtx, s *slot) bool
}

// strMatch: a Sigma string, case-insensitive unless cased.
type strMatch struct {
	m     stringMatcher
	cased bool
}

func (m strMatch) match(c *evalCtx, s *slot) bool {
	if !s.ok {
		return false
	}
	if m.cased {
		return m.m.matchString(s.val)
	}
	return m.m.matchString(c.lower(s))
}

// atomMatch: a case-insensitive equality, prefix, suffix or contains of
// a literal, answered by the field's automaton (one scan of the value for
// every rule's literals on that field).
type atomMatch struct {
	field, idx int
	kind       int // hitContains, hitPrefix, hitSuffix, hitExact
	words      int // set by fieldTable.build
	m          stringMatcher
}

func (m *atomMatch) match(c *evalCtx, s *slot) bool {
	h := c.hits(m.field, s)
	if h == nil {
		return s.ok && m.m.matchString(c.lower(s))
	}
	off := m.kind*m.words + m.idx>>6
	return h[off]&(1<<(uint(m.idx)&63)) != 0
}

// nullMatch: field: null — the event lacks the field or it is empty.
type nullMatch struct{}

func (nullMatch) match(_ *evalCtx, s *slot) bool { return !s.ok || s.val == "" }

// existsMatch: field|exists: true/false.
type existsMatch bool

func (m existsMatch) match(_ *evalCtx, s *slot) bool { return s.ok == bool(m) }

// reMatch: field|re — an unanchored search, case-sensitive unless |i.
type reMatch struct{ re *regexp.Regexp }

func (m reMatch) match(_ *evalCtx, s *slot) bool { return s.ok && m.re.MatchString(s.val) }

// cidrMatch: field|cidr — the value is an IP address inside the prefix.
type cidrMatch struct{ p netip.Prefix }

func (m cidrMatch) match(_ *evalCtx, s *slot) bool {
	if !s.ok {
		return false
	}
	a, err := netip.ParseAddr(strings.TrimSpace(s.val))
	if err != nil {
		return false
	}
	a = a.WithZone("")
	if m.p.Addr().Is4() {
		a = a.Unmap()
	}
	return m.p.Contains(a)
}

// numMatch: field|lt, lte, gt, gte — the value read as a number.
type numMatch struct {
	op string
	n  float64
}

func (m numMatch) match(_ *evalCtx, s *slot) bool {
	if !s.ok {
		return false
	}
	v, ok := parseNumber(s.val)
	if !ok {
		return false
	}
	switch m.op {
	case "lt":
		return v < m.n
	case "lte":
		return v <= m.n
	case "gt":
		return v > m.n
	}
	return v >= m.n
}

// parseNumber reads a decimal number, or a 0x hexadecimal integer (as
// Windows writes access masks and ids).
func parseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return f, true
	}
	if i, err := strconv.ParseInt(s, 0, 64); err == nil {
		return float64(i), true
	}
	return 0, false
}

// refMatch: field|fieldref — the field's value compared with another
// field's, whole or (with contains/startswith/endswith) in part.
type refMatch struct {
	other int
	mode  string // "", "contains", "startswith", "endswith"
	cased bool
}

func (m refMatch) match(c *evalCtx, s *slot) bool {
	o := c.field(m.other)
	if !s.ok || !o.ok {
		return false
	}
	v, w := s.val, o.val
	if !m.cased {
		v, w = c.lower(s), c.lower(o)
	}
	switch m.mode {
	case "contains":
		return strings.Contains(v, w)
	case "startswith":
		return strings.HasPrefix(v, w)
	case "endswith":
		return strings.HasSuffix(v, w)
	}
	return v == w
}

// maxVariants bounds the values one rule value may expand to (windash,
// base64offset).
const maxVariants = 4096

// maxWindash bounds the places one windash value may vary (each a
// character class in its regular expression).
const maxWindash = 64

// modifiers is a field's modifier chain, parsed.
type modifiers struct {
	all, cased     bool
	kind           string   // "" (strings), re, cidr, exists, fieldref, lt, lte, gt, gte
	reFlags        string   // i, m, s after re
	transforms     []string // in order: contains, startswith, endswith, windash, base64, base64offset, utf16le, utf16be, utf16
	binary, base64 bool     // a utf16 transform was used; a base64 transform was used
	wild           string   // the last of contains, startswith, endswith (for fieldref)
}

var typeModifiers = map[string]bool{"re": true, "cidr": true, "exists": true, "fieldref": true,
	"lt": true, "lte": true, "gt": true, "gte": true}

func parseModifiers(mods []string) (modifiers, error) {
	var m modifiers
	for _, mod := range mods {
		switch mod {
		case "all":
			m.all = true
		case "cased":
			m.cased = true
		case "contains", "startswith", "endswith":
			m.transforms = append(m.transforms, mod)
			m.wild = mod
		case "windash", "base64", "base64offset":
			m.transforms = append(m.transforms, mod)
			if mod != "windash" {
				m.base64 = true
			}
		case "utf16le", "wide", "utf16be", "utf16":
			if mod == "wide" {
				mod = "utf16le"
			}
			m.transforms = append(m.transforms, mod)
			m.binary = true
		case "i", "m", "s":
			if m.kind != "re" {
				return m, invalidf("modifier %q is only allowed after re", mod)
			}
			m.reFlags += mod
		case "expand":
			return m, unsupported("modifier expand", "placeholders need a pipeline that defines them")
		default:
			if typeModifiers[mod] {
				if m.kind != "" {
					return m, unsupported("modifier combination", m.kind+" with "+mod)
				}
				m.kind = mod
				continue
			}
			return m, unsupported("modifier "+mod, "not in the Sigma specification's modifiers huntbook implements")
		}
	}
	if m.binary && !m.base64 {
		return m, unsupported("modifier combination", "utf16 without base64: a text field cannot hold UTF-16 bytes")
	}
	switch m.kind {
	case "":
	case "fieldref":
		for _, t := range m.transforms {
			if t != "contains" && t != "startswith" && t != "endswith" {
				return m, unsupported("modifier combination", "fieldref with "+t)
			}
		}
	default:
		if len(m.transforms) > 0 || m.cased {
			t := "cased"
			if len(m.transforms) > 0 {
				t = m.transforms[0]
			}
			return m, unsupported("modifier combination", m.kind+" with "+t)
		}
	}
	return m, nil
}

// scalarString is a rule value as text: strings as written, numbers as
// YAML wrote them in decimal, booleans as true/false.
func scalarString(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case int:
		return strconv.Itoa(x), true
	case int64:
		return strconv.FormatInt(x, 10), true
	case uint64:
		return strconv.FormatUint(x, 10), true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case bool:
		return strconv.FormatBool(x), true
	}
	return "", false
}

// compileValue compiles one value of a field under m: the alternatives it
// stands for (more than one after windash or base64offset).
func (cp *compiler) compileValue(m modifiers, v any, field int) ([]valueMatcher, error) {
	keyword := field < 0
	if v == nil {
		if m.kind != "" || len(m.transforms) > 0 || keyword {
			return nil, invalidf("null value with modifiers or as a keyword")
		}
		return []valueMatcher{nullMatch{}}, nil
	}
	s, ok := scalarString(v)
	if !ok {
		return nil, invalidf("value %v is a %T, not a string, number, boolean or null", v, v)
	}
	switch m.kind {
	case "exists":
		b, ok := v.(bool)
		if !ok {
			return nil, invalidf("exists takes true or false, not %q", s)
		}
		if keyword {
			return nil, invalidf("exists on a keyword")
		}
		return []valueMatcher{existsMatch(b)}, nil
	case "re":
		re, err := regexp.Compile(reFlags(m.reFlags) + s)
		if err != nil {
			return nil, unsupported("regular expression", fmt.Sprintf("%q: %v (Go's RE2 syntax has no lookaround or backreferences)", s, err))
		}
		return []valueMatcher{reMatch{re}}, nil
	case "cidr":
		p, err := netip.ParsePrefix(strings.TrimSpace(s))
		if err != nil {
			return nil, invalidf("cidr value %q: %v", s, err)
		}
		return []valueMatcher{cidrMatch{p.Masked()}}, nil
	case "lt", "lte", "gt", "gte":
		n, ok := parseNumber(s)
		if !ok {
			return nil, invalidf("%s takes a number, not %q", m.kind, s)
		}
		return []valueMatcher{numMatch{m.kind, n}}, nil
	case "fieldref":
		if keyword {
			return nil, invalidf("fieldref on a keyword")
		}
		if _, isStr := v.(string); !isStr || s == "" {
			return nil, invalidf("fieldref takes a field name, not %v", v)
		}
		return []valueMatcher{refMatch{other: cp.table.id(s), mode: m.wild, cased: m.cased}}, nil
	}
	var p sstr
	if _, isStr := v.(string); isStr {
		p = parseSigmaString(s)
	} else {
		p = literal(s) // numbers and booleans have no wildcards
	}
	alts := []sstr{p}
	if keyword {
		alts[0] = alts[0].wrap(true, true)
	}
	for _, t := range m.transforms {
		var next []sstr
		for _, a := range alts {
			out, err := transform(t, a)
			if err != nil {
				return nil, err
			}
			next = append(next, out...)
		}
		if len(next) > maxVariants {
			return nil, unsupported("value expansion", fmt.Sprintf("%q expands to more than %d values", s, maxVariants))
		}
		alts = next
	}
	cased := m.cased || m.base64 // base64 text is case-significant
	out := make([]valueMatcher, len(alts))
	for i, a := range alts {
		sm := compileString(a, cased)
		if !cased && !keyword {
			kind, lit := -1, ""
			switch x := sm.(type) {
			case containsMatch:
				kind, lit = hitContains, string(x)
			case prefixMatch:
				kind, lit = hitPrefix, string(x)
			case suffixMatch:
				kind, lit = hitSuffix, string(x)
			case exactMatch:
				kind, lit = hitExact, string(x)
			}
			if kind >= 0 && lit != "" {
				out[i] = cp.table.atom(field, kind, lit, sm)
				continue
			}
		}
		if cm, ok := sm.(containsMatch); ok && !cased && keyword && cm != "" {
			out[i] = kwAtom(cp.table.kwIndex(string(cm)))
			continue
		}
		out[i] = strMatch{m: sm, cased: cased}
	}
	return out, nil
}

// kwAtom: a keyword literal, answered by the keywords' automaton (one
// scan of the event's values for every rule's keywords). It ignores the
// slot: it holds when any value contains it.
type kwAtom int

func (m kwAtom) match(c *evalCtx, _ *slot) bool { return c.kwHit(int(m)) }

func reFlags(f string) string {
	if f == "" {
		return ""
	}
	return "(?" + f + ")"
}

func transform(t string, p sstr) ([]sstr, error) {
	switch t {
	case "contains":
		return []sstr{p.wrap(true, true)}, nil
	case "startswith":
		return []sstr{p.wrap(false, true)}, nil
	case "endswith":
		return []sstr{p.wrap(true, false)}, nil
	case "windash":
		out := windash(p)
		if len(out) == 1 {
			n := 0
			for _, t := range out[0] {
				if t.kind == 'd' {
					n++
				}
			}
			if n > maxWindash {
				return nil, unsupported("value expansion", fmt.Sprintf("windash on a value with %d dashes (at most %d)", n, maxWindash))
			}
		}
		return out, nil
	}
	s, ok := p.plain()
	if !ok {
		return nil, invalidf("%s of a value with wildcards", t)
	}
	switch t {
	case "base64":
		return []sstr{literal(base64.StdEncoding.EncodeToString([]byte(s)))}, nil
	case "base64offset":
		// The three encodings of s at byte offsets 0, 1 and 2 of a longer
		// text, cut to the characters that do not depend on its
		// neighbours (as pySigma does).
		start := [3]int{0, 2, 3}
		end := [3]int{0, 3, 2}
		var out []sstr
		for i := range 3 {
			enc := base64.StdEncoding.EncodeToString(append([]byte(strings.Repeat(" ", i)), s...))
			e := len(enc) - end[(len(s)+i)%3]
			if start[i] > e {
				continue
			}
			out = append(out, literal(enc[start[i]:e]))
		}
		return out, nil
	case "utf16le", "utf16be", "utf16":
		u := utf16.Encode([]rune(s))
		b := make([]byte, 0, 2*len(u)+2)
		if t == "utf16" {
			b = append(b, 0xff, 0xfe)
		}
		for _, c := range u {
			if t == "utf16be" {
				b = append(b, byte(c>>8), byte(c))
			} else {
				b = append(b, byte(c), byte(c>>8))
			}
		}
		return []sstr{literal(string(b))}, nil
	}
	return nil, unsupported("modifier "+t, "")
}

// windash expands every - or / that starts a word (as the regular
// expression \B[-/]\b finds them in each literal part) into each of the
// characters Windows command lines accept there: - / – — ―.
func windash(p sstr) []sstr {
	dashes := []string{"-", "/", "–", "—", "―"}
	type pos struct{ tok, off int }
	var at []pos
	for ti, t := range p {
		if t.kind != 0 {
			continue
		}
		lit := t.lit
		prev := rune(-1) // none: the start of the part
		for off := 0; off < len(lit); {
			c, size := utf8.DecodeRuneInString(lit[off:])
			if (c == '-' || c == '/') && (prev < 0 || !isWord(prev)) && off+size < len(lit) {
				if next, _ := utf8.DecodeRuneInString(lit[off+size:]); isWord(next) {
					at = append(at, pos{ti, off})
				}
			}
			prev = c
			off += size
		}
	}
	if len(at) == 0 {
		return []sstr{p}
	}
	if len(at) > 2 {
		// One pattern with a character class at each place (a regular
		// expression) rather than 5^n values.
		var q sstr
		k := 0
		for ti, t := range p {
			if t.kind != 0 {
				q = append(q, t)
				continue
			}
			last := 0
			for k < len(at) && at[k].tok == ti {
				if at[k].off > last {
					q = append(q, token{lit: t.lit[last:at[k].off]})
				}
				q = append(q, token{kind: 'd'})
				last = at[k].off + 1
				k++
			}
			if last < len(t.lit) {
				q = append(q, token{lit: t.lit[last:]})
			}
		}
		return []sstr{q}
	}
	n := 1
	for range at {
		n *= len(dashes)
	}
	out := make([]sstr, 0, n)
	choice := make([]int, len(at))
	for {
		q := make(sstr, len(p))
		copy(q, p)
		// Rewrite from the last position back so byte offsets stay valid.
		for k := len(at) - 1; k >= 0; k-- {
			a := at[k]
			lit := q[a.tok].lit
			q[a.tok].lit = lit[:a.off] + dashes[choice[k]] + lit[a.off+1:]
		}
		out = append(out, q)
		k := 0
		for k < len(choice) {
			choice[k]++
			if choice[k] < len(dashes) {
				break
			}
			choice[k] = 0
			k++
		}
		if k == len(choice) {
			return out
		}
	}
}

func isWord(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }
