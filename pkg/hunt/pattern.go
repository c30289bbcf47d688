package hunt

import (
	"regexp"
	"strings"
)

// A token of a Sigma string: a literal run of text, or a wildcard.
type token struct {
	kind byte // 0 literal, '*' any run of characters, '?' one character, 'd' one of windash's characters
	lit  string
}

// sstr is a Sigma string: literal text with wildcards, after escapes are
// resolved.
type sstr []token

// parseSigmaString resolves a rule's string value as the specification
// (and pySigma) do: * and ? are wildcards; \* \? and \\ stand for the
// character after the backslash; any other backslash is itself.
func parseSigmaString(s string) sstr {
	var out sstr
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, token{lit: b.String()})
			b.Reset()
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\':
			if i+1 < len(s) && (s[i+1] == '*' || s[i+1] == '?' || s[i+1] == '\\') {
				b.WriteByte(s[i+1])
				i++
				continue
			}
			b.WriteByte(c)
		case '*', '?':
			flush()
			out = append(out, token{kind: c})
		default:
			b.WriteByte(c)
		}
	}
	flush()
	return out
}

func literal(s string) sstr {
	if s == "" {
		return nil
	}
	return sstr{{lit: s}}
}

// plain returns the string's text when it has no wildcard.
func (p sstr) plain() (string, bool) {
	var b strings.Builder
	for _, t := range p {
		if t.kind != 0 {
			return "", false
		}
		b.WriteString(t.lit)
	}
	return b.String(), true
}

func (p sstr) startsWithStar() bool { return len(p) > 0 && p[0].kind == '*' }
func (p sstr) endsWithStar() bool   { return len(p) > 0 && p[len(p)-1].kind == '*' }

// wrap adds a leading and/or trailing * (contains, startswith, endswith),
// never doubling one that is there.
func (p sstr) wrap(lead, trail bool) sstr {
	out := make(sstr, 0, len(p)+2)
	if lead && !p.startsWithStar() {
		out = append(out, token{kind: '*'})
	}
	out = append(out, p...)
	if trail && !p.endsWithStar() {
		out = append(out, token{kind: '*'})
	}
	return out
}

// stringMatcher matches one field value, already lower-cased when the
// matcher was compiled case-insensitive.
type stringMatcher interface {
	matchString(v string) bool
}

type exactMatch string
type prefixMatch string
type suffixMatch string
type containsMatch string

func (m exactMatch) matchString(v string) bool    { return v == string(m) }
func (m prefixMatch) matchString(v string) bool   { return strings.HasPrefix(v, string(m)) }
func (m suffixMatch) matchString(v string) bool   { return strings.HasSuffix(v, string(m)) }
func (m containsMatch) matchString(v string) bool { return strings.Contains(v, string(m)) }

// starMatch is a pattern with * wildcards only: first piece a prefix, last
// a suffix, the middle ones found in order, leftmost first (which is exact
// for * alone).
type starMatch struct {
	pieces []string // len ≥ 2; pieces[0] and pieces[len-1] may be ""
}

func (m starMatch) matchString(v string) bool {
	first, last := m.pieces[0], m.pieces[len(m.pieces)-1]
	if len(v) < len(first)+len(last) || !strings.HasPrefix(v, first) || !strings.HasSuffix(v, last) {
		return false
	}
	mid := v[len(first) : len(v)-len(last)]
	for _, p := range m.pieces[1 : len(m.pieces)-1] {
		i := strings.Index(mid, p)
		if i < 0 {
			return false
		}
		mid = mid[i+len(p):]
	}
	return true
}

type regexMatch struct{ re *regexp.Regexp }

func (m regexMatch) matchString(v string) bool { return m.re.MatchString(v) }

// compileString turns a Sigma string into a matcher of whole values.
// Unless cased, the pattern is lower-cased and must be given lower-cased
// values.
func compileString(p sstr, cased bool) stringMatcher {
	fold := func(s string) string {
		if cased {
			return s
		}
		return strings.ToLower(s)
	}
	hasOne := false
	for _, t := range p {
		if t.kind == '?' || t.kind == 'd' {
			hasOne = true
		}
	}
	if hasOne {
		var b strings.Builder
		b.WriteString(`(?s)\A`)
		for _, t := range p {
			switch t.kind {
			case '*':
				b.WriteString(`.*`)
			case '?':
				b.WriteString(`.`)
			case 'd':
				b.WriteString(`[-/–—―]`)
			default:
				b.WriteString(regexp.QuoteMeta(fold(t.lit)))
			}
		}
		b.WriteString(`\z`)
		return regexMatch{regexp.MustCompile(b.String())}
	}
	// Collapse runs of * and split into the literal pieces between them.
	pieces := []string{""}
	for i, t := range p {
		if t.kind == '*' {
			if i > 0 && p[i-1].kind == '*' {
				continue
			}
			pieces = append(pieces, "")
			continue
		}
		pieces[len(pieces)-1] += fold(t.lit)
	}
	switch {
	case len(pieces) == 1:
		return exactMatch(pieces[0])
	case len(pieces) == 2 && pieces[1] == "":
		return prefixMatch(pieces[0])
	case len(pieces) == 2 && pieces[0] == "":
		return suffixMatch(pieces[1])
	case len(pieces) == 3 && pieces[0] == "" && pieces[2] == "":
		return containsMatch(pieces[1])
	}
	return starMatch{pieces: pieces}
}
