package stix

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/bits"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// scanner walks JSON text in place. It checks the grammar of everything it
// passes over (structure, literals, numbers, the end of every string) and
// decodes only the strings it is asked for, so a bundle's descriptions,
// which are most of its bytes, are skipped at memchr speed and never
// copied. Depth and string length are bounded.
type scanner struct {
	d        []byte
	i        int
	depth    int
	maxDepth int
	maxStr   int
}

// syntaxError is a grammar or limit error at offset at of the input.
type syntaxError struct {
	at   int
	msg  string
	kind error // ErrSyntax, ErrShape (well-formed JSON of the wrong kind) or ErrTooLarge (a limit)
}

func (e *syntaxError) Error() string { return e.msg }

func (s *scanner) fail(at int, format string, args ...any) error {
	return &syntaxError{at: at, msg: fmt.Sprintf(format, args...), kind: ErrSyntax}
}

// limit is an error for input past one of the scanner's bounds.
func (s *scanner) limit(at int, format string, args ...any) error {
	return &syntaxError{at: at, msg: fmt.Sprintf(format, args...), kind: ErrTooLarge}
}

// wrong is a shape error: the value at s.i is well-formed JSON of another
// kind than want.
func (s *scanner) wrong(want string, c byte) error {
	return &syntaxError{at: s.i, msg: "want " + want + ", found " + kind(c), kind: ErrShape}
}

// space marks JSON's white space bytes.
var space = [256]bool{' ': true, '\n': true, '\r': true, '\t': true}

// ws skips white space.
func (s *scanner) ws() {
	d, i := s.d, s.i
	for i < len(d) && space[d[i]] {
		i++
	}
	s.i = i
}

// peek skips white space and returns the next byte, or 0 at the end.
func (s *scanner) peek() byte {
	s.ws()
	if s.i >= len(s.d) {
		return 0
	}
	return s.d[s.i]
}

func (s *scanner) eofErr() error {
	return s.fail(s.i, "the JSON ends too early (a truncated file?)")
}

// expect consumes byte c after white space.
func (s *scanner) expect(c byte, what string) error {
	switch got := s.peek(); {
	case got == c:
		s.i++
		return nil
	case s.i >= len(s.d):
		return s.eofErr()
	default:
		return s.fail(s.i, "want %s, found %s", what, describe(s.d, s.i))
	}
}

// describe names the byte at i for an error message.
func describe(d []byte, i int) string {
	if i >= len(d) {
		return "the end of the input"
	}
	c := d[i]
	switch {
	case c == '"':
		return "a string"
	case c == '{':
		return "an object"
	case c == '[':
		return "a list"
	case c == '-' || c >= '0' && c <= '9':
		return "a number"
	case c == 't' || c == 'f':
		return "true or false"
	case c == 'n':
		return "null"
	case c >= 0x20 && c < 0x7f:
		return strconv.QuoteRune(rune(c))
	}
	return "byte " + strconv.Quote(string([]byte{c}))
}

// kind names a JSON value by its first byte, for shape errors.
func kind(c byte) string {
	switch {
	case c == '"':
		return "a string"
	case c == '{':
		return "an object"
	case c == '[':
		return "a list"
	case c == '-' || c >= '0' && c <= '9':
		return "a number"
	case c == 't' || c == 'f':
		return "a boolean"
	case c == 'n':
		return "null"
	}
	return "not a JSON value"
}

// stringEnd returns the offset of the quote that closes the string opening
// at s.i, and whether the string's body is clean: no backslash and no
// control character, nothing to decode or check.
func (s *scanner) stringEnd() (end int, clean bool, err error) {
	start := s.i
	end, clean = strEnd(s.d, start+1)
	switch {
	case end < 0:
		return 0, false, s.fail(start, "a string that never ends (a truncated file?)")
	case s.maxStr > 0 && end-start-1 > s.maxStr:
		return 0, false, s.limit(start, "a string longer than the limit of %d bytes", s.maxStr)
	}
	return end, clean, nil
}

// strEnd returns the offset of the quote that ends the string whose body
// starts at j (-1 if none does) and whether the body is clean (no
// backslash, no control character). Keys and most values are short: it
// looks at the first four words for a quote, a backslash or a control
// character at once, so that a short clean string is passed in one go;
// a longer one is searched with IndexByte and then checked.
func strEnd(d []byte, j int) (int, bool) {
	const bs, q = ones * '\\', ones * '"'
	start := j
	for k := 0; k < 5 && j+8 <= len(d); k++ {
		x := le64(d[j:])
		xq, xb := x^q, x^bs
		m := ((xq-ones)&^xq | (xb-ones)&^xb | (x-ones*0x20)&^x) & highs
		if m == 0 {
			j += 8
			continue
		}
		p := j + bits.TrailingZeros64(m)>>3
		if d[p] == '"' {
			return p, true
		}
		return quoteEnd(d, start), false // a backslash or a control character first
	}
	end := quoteEnd(d, j)
	if end < 0 {
		return -1, false
	}
	ok, _ := plain(d[j:end])
	return end, ok
}

// quoteEnd returns the offset of the first quote at or after j that no
// backslash escapes, or -1.
func quoteEnd(d []byte, j int) int {
	start := j
	for {
		r := bytes.IndexByte(d[j:], '"')
		if r < 0 {
			return -1
		}
		p := j + r
		if p == start || d[p-1] != '\\' {
			return p
		}
		n := 0
		for q := p - 1; q >= start && d[q] == '\\'; q-- {
			n++
		}
		if n%2 == 0 {
			return p
		}
		j = p + 1
	}
}

// SWAR: eight bytes at a time in a uint64.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

func le64(b []byte) uint64 { return binary.LittleEndian.Uint64(b) }

// plain reports whether a string body needs no decoding (no backslash, no
// control character) and whether it is ASCII. Eight bytes at a time; the
// last word overlaps the one before it rather than ending byte by byte.
func plain(raw []byte) (ok, ascii bool) {
	n := len(raw)
	if n < 8 {
		var high byte
		for _, c := range raw {
			if c < 0x20 || c == '\\' {
				return false, false
			}
			high |= c
		}
		return true, high < 0x80
	}
	// A byte below 0x20 (exact: bytes of 0x80 and more are masked out by
	// &^ x, and a borrow only follows a true match), or '\\'.
	const bs = ones * '\\'
	var bad, high uint64
	i := 0
	for ; i+16 <= n; i += 16 {
		x, y := le64(raw[i:]), le64(raw[i+8:])
		xb, yb := x^bs, y^bs
		bad |= (x-ones*0x20)&^x | (xb-ones)&^xb | (y-ones*0x20)&^y | (yb-ones)&^yb
		high |= x | y
	}
	if i+8 <= n {
		x := le64(raw[i:])
		xb := x ^ bs
		bad |= (x-ones*0x20)&^x | (xb-ones)&^xb
		high |= x
	}
	x := le64(raw[n-8:])
	xb := x ^ bs
	bad |= (x-ones*0x20)&^x | (xb-ones)&^xb
	high |= x
	bad &= highs
	return bad == 0, high&highs == 0
}

// controls reports whether a string body holds a control character.
func controls(raw []byte) bool {
	i := 0
	var bad uint64
	for ; i+8 <= len(raw); i += 8 {
		x := le64(raw[i:])
		bad |= (x - ones*0x20) &^ x & highs
	}
	for _, c := range raw[i:] {
		if c < 0x20 {
			return true
		}
	}
	return bad != 0
}

// skipString passes over a string without decoding it, checking that
// its escapes are JSON's and that it holds no control character; clean
// says it has neither escapes nor control characters.
func (s *scanner) skipString() (clean bool, err error) {
	start := s.i
	end, clean, err := s.stringEnd()
	if err != nil {
		return false, err
	}
	s.i = end + 1
	if !clean {
		return false, s.check(s.d[start+1:end], start)
	}
	return true, nil
}

// check finds what is wrong with a string body that is not plain: a
// control character or an escape JSON does not have; nil if nothing is.
func (s *scanner) check(raw []byte, start int) error {
	if controls(raw) {
		for _, c := range raw {
			if c < 0x20 {
				return s.fail(start, "a control character (byte %d) inside a string; it must be escaped", c)
			}
		}
	}
	for i := 0; ; {
		k := bytes.IndexByte(raw[i:], '\\')
		if k < 0 {
			return nil
		}
		i += k + 1
		if i >= len(raw) {
			return s.fail(start, "a string ends in a lone backslash")
		}
		switch raw[i] {
		case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			i++
		case 'u':
			if _, ok := hex4(raw[i+1:]); !ok {
				return s.fail(start+i, `a bad \u escape in a string`)
			}
			i += 5
		default:
			return s.fail(start+i, "a bad escape \\%c in a string", raw[i])
		}
	}
}

// str decodes the string at s.i (after white space). It must be a string.
func (s *scanner) str() (string, error) {
	if c := s.peek(); c != '"' {
		if s.i >= len(s.d) {
			return "", s.eofErr()
		}
		return "", s.wrong("a string", c)
	}
	start := s.i
	end, clean, err := s.stringEnd()
	if err != nil {
		return "", err
	}
	raw := s.d[start+1 : end]
	s.i = end + 1
	if clean {
		if !utf8.Valid(raw) {
			return strings.ToValidUTF8(string(raw), "\uFFFD"), nil
		}
		return string(raw), nil
	}
	return unescape(raw, start, s)
}

// raw returns the body of the string at s.i (after white space) without
// copying it when it has no escapes; it must be a string. Callers compare
// it and copy it only if they keep it.
func (s *scanner) raw() ([]byte, error) {
	if c := s.peek(); c != '"' {
		if s.i >= len(s.d) {
			return nil, s.eofErr()
		}
		return nil, s.wrong("a string", c)
	}
	start := s.i
	end, clean, err := s.stringEnd()
	if err != nil {
		return nil, err
	}
	raw := s.d[start+1 : end]
	s.i = end + 1
	if clean {
		return raw, nil
	}
	v, err := unescape(raw, start, s)
	return []byte(v), err
}

// unescape decodes a string body with escapes, as encoding/json does
// (invalid UTF-8 and lone surrogates become U+FFFD).
func unescape(raw []byte, start int, s *scanner) (string, error) {
	var b strings.Builder
	b.Grow(len(raw))
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '\\':
			if i+1 >= len(raw) {
				return "", s.fail(start, "a string ends in a lone backslash")
			}
			switch e := raw[i+1]; e {
			case '"', '\\', '/':
				b.WriteByte(e)
				i += 2
			case 'b':
				b.WriteByte('\b')
				i += 2
			case 'f':
				b.WriteByte('\f')
				i += 2
			case 'n':
				b.WriteByte('\n')
				i += 2
			case 'r':
				b.WriteByte('\r')
				i += 2
			case 't':
				b.WriteByte('\t')
				i += 2
			case 'u':
				r, ok := hex4(raw[i+2:])
				if !ok {
					return "", s.fail(start+1+i, `a bad \u escape in a string`)
				}
				i += 6
				if utf16.IsSurrogate(r) {
					if r2, ok := hex4(raw[min(i+2, len(raw)):]); ok && i+1 < len(raw) && raw[i] == '\\' && raw[i+1] == 'u' {
						if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
							b.WriteRune(dec)
							i += 6
							continue
						}
					}
					r = utf8.RuneError
				}
				b.WriteRune(r)
			default:
				return "", s.fail(start+1+i, "a bad escape \\%c in a string", e)
			}
		case c < 0x20:
			return "", s.fail(start, "a control character (byte %d) inside a string; it must be escaped", c)
		case c < utf8.RuneSelf:
			b.WriteByte(c)
			i++
		default:
			r, n := utf8.DecodeRune(raw[i:])
			b.WriteRune(r)
			i += n
		}
	}
	return b.String(), nil
}

func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// skip passes over one value of any kind, checking its grammar. It is one
// loop with an explicit stack (a bit per level: object or list), not a
// recursion: most of a bundle's bytes go through it.
func (s *scanner) skip() error {
	const (
		value      = iota // a value is due
		valueOrEnd        // after '[': a value or ']'
		keyOrEnd          // after '{': a key or '}'
		key               // after ',' in an object: a key
		after             // after a value: ',' or a closing bracket, or done
	)
	d, i, n := s.d, s.i, len(s.d)
	var stack uint64 // bit k set: level k is an object
	depth := 0
	st := value
	for {
		if st == after && depth == 0 {
			s.i = i
			return nil
		}
		for i < n && space[d[i]] {
			i++
		}
		if i >= n {
			s.i = i
			return s.eofErr()
		}
		c := d[i]
		switch st {
		case value, valueOrEnd:
			if c == ']' && st == valueOrEnd {
				depth--
				stack >>= 1
				i++
				st = after
				continue
			}
			switch {
			case c == '"':
				s.i = i
				if _, err := s.skipString(); err != nil {
					return err
				}
				i = s.i
			case c == '{' || c == '[':
				depth++
				if s.depth+depth > s.maxDepth && s.maxDepth > 0 {
					return s.limit(i, "values nested more than %d deep", s.maxDepth)
				}
				stack <<= 1
				i++
				if c == '{' {
					stack |= 1
					st = keyOrEnd
				} else {
					st = valueOrEnd
				}
				continue
			case c == 't' || c == 'f' || c == 'n':
				s.i = i
				word := "null"
				if c == 't' {
					word = "true"
				} else if c == 'f' {
					word = "false"
				}
				if err := s.literal(word); err != nil {
					return err
				}
				i = s.i
			case c == '-' || c >= '0' && c <= '9':
				s.i = i
				if err := s.number(); err != nil {
					return err
				}
				i = s.i
			default:
				return s.fail(i, "want a JSON value, found %s", describe(d, i))
			}
			st = after
		case keyOrEnd, key:
			if c == '}' && st == keyOrEnd {
				depth--
				stack >>= 1
				i++
				st = after
				continue
			}
			if c != '"' {
				return s.fail(i, "want a key (a string), found %s", describe(d, i))
			}
			s.i = i
			if _, err := s.skipString(); err != nil {
				return err
			}
			i = s.i
			for i < n && space[d[i]] {
				i++
			}
			if i >= n {
				s.i = i
				return s.eofErr()
			}
			if d[i] != ':' {
				return s.fail(i, "want ':' after a key, found %s", describe(d, i))
			}
			i++
			st = value
		case after:
			obj := stack&1 == 1
			switch {
			case c == ',':
				i++
				if obj {
					st = key
				} else {
					st = value
				}
			case c == '}' && obj, c == ']' && !obj:
				depth--
				stack >>= 1
				i++
			default:
				close := ']'
				if obj {
					close = '}'
				}
				return s.fail(i, "want ',' or '%c', found %s", close, describe(d, i))
			}
		}
	}
}

func (s *scanner) enter() error {
	s.depth++
	if s.maxDepth > 0 && s.depth > s.maxDepth {
		return s.limit(s.i, "values nested more than %d deep", s.maxDepth)
	}
	return nil
}

func (s *scanner) literal(word string) error {
	if !bytes.HasPrefix(s.d[s.i:], []byte(word)) {
		return s.fail(s.i, "want a JSON value, found %s", describe(s.d, s.i))
	}
	s.i += len(word)
	return nil
}

// number passes over a number, checking JSON's grammar for it.
func (s *scanner) number() error {
	d, i, start := s.d, s.i, s.i
	digits := func() int {
		n := 0
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(d) && d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case digits() == 0:
		return s.fail(start, "a malformed number")
	}
	if i < len(d) && d[i] == '.' {
		i++
		if digits() == 0 {
			return s.fail(start, "a malformed number")
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if digits() == 0 {
			return s.fail(start, "a malformed number")
		}
	}
	s.i = i
	return nil
}

// object calls fn for each key of the object at s.i with s.i at the value;
// fn must consume the value.
func (s *scanner) object(fn func(key []byte) error) error {
	if c := s.peek(); c != '{' {
		if s.i >= len(s.d) {
			return s.eofErr()
		}
		return s.wrong("an object", c)
	}
	if err := s.enter(); err != nil {
		return err
	}
	s.i++
	if s.peek() == '}' {
		s.i++
		s.depth--
		return nil
	}
	for {
		if c := s.peek(); c != '"' {
			if s.i >= len(s.d) {
				return s.eofErr()
			}
			return s.fail(s.i, "want a key (a string), found %s", describe(s.d, s.i))
		}
		start := s.i
		end, clean, err := s.stringEnd()
		if err != nil {
			return err
		}
		key := s.d[start+1 : end]
		s.i = end + 1
		if !clean {
			k, err := unescape(key, start, s)
			if err != nil {
				return err
			}
			key = []byte(k)
		}
		if err := s.expect(':', "':' after a key"); err != nil {
			return err
		}
		s.ws()
		if err := fn(key); err != nil {
			return err
		}
		switch c := s.peek(); {
		case c == ',':
			s.i++
		case c == '}':
			s.i++
			s.depth--
			return nil
		case s.i >= len(s.d):
			return s.eofErr()
		default:
			return s.fail(s.i, "want ',' or '}', found %s", describe(s.d, s.i))
		}
	}
}

// list calls fn for each element of the list at s.i with s.i at the
// element; fn must consume it.
func (s *scanner) list(fn func(n int) error) error {
	if c := s.peek(); c != '[' {
		if s.i >= len(s.d) {
			return s.eofErr()
		}
		return s.wrong("a list", c)
	}
	if err := s.enter(); err != nil {
		return err
	}
	s.i++
	if s.peek() == ']' {
		s.i++
		s.depth--
		return nil
	}
	for n := 0; ; n++ {
		s.ws()
		if err := fn(n); err != nil {
			return err
		}
		switch c := s.peek(); {
		case c == ',':
			s.i++
		case c == ']':
			s.i++
			s.depth--
			return nil
		case s.i >= len(s.d):
			return s.eofErr()
		default:
			return s.fail(s.i, "want ',' or ']', found %s", describe(s.d, s.i))
		}
	}
}

// strs decodes a list of strings; null is an empty list.
func (s *scanner) strs() ([]string, error) {
	if s.peek() == 'n' {
		return nil, s.literal("null")
	}
	var out []string
	err := s.list(func(int) error {
		v, err := s.str()
		out = append(out, v)
		return err
	})
	return out, err
}

// boolean decodes true or false; null is false.
func (s *scanner) boolean() (bool, error) {
	switch c := s.peek(); c {
	case 't':
		return true, s.literal("true")
	case 'f':
		return false, s.literal("false")
	case 'n':
		return false, s.literal("null")
	default:
		if s.i >= len(s.d) {
			return false, s.eofErr()
		}
		return false, s.wrong("true or false", c)
	}
}

// optRaw is raw, with null as nil.
func (s *scanner) optRaw() ([]byte, error) {
	if s.peek() == 'n' {
		return nil, s.literal("null")
	}
	return s.raw()
}

// optStr decodes a string; null is "".
func (s *scanner) optStr() (string, error) {
	if s.peek() == 'n' {
		return "", s.literal("null")
	}
	return s.str()
}

// lineCol returns the 1-based line and column (in bytes) of offset at.
func lineCol(d []byte, at int) (line, col int) {
	if at > len(d) {
		at = len(d)
	}
	line = bytes.Count(d[:at], []byte{'\n'}) + 1
	col = at - bytes.LastIndexByte(d[:at], '\n')
	return line, col
}
