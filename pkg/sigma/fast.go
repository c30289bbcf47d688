package sigma

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// The fast path: Sigma rules are written in a small part of YAML — block
// mappings and sequences, plain and quoted one-line scalars, literal block
// scalars, comments, --- between documents. fastDecode decodes exactly
// that part, and gives up (ok false) on anything else: flow collections,
// anchors, aliases, tags, merge keys, multi-line plain or quoted scalars,
// folded scalars, escapes it does not know, tabs, carriage returns, byte
// order marks, directives, empty documents. decode then falls back to
// yaml.v3. Plain scalars are resolved by yaml.v3's own resolver, so 4688
// is an int and yes a string in both. TestFastEqualsYAML checks the two
// paths give the same documents for every shared rule, and FuzzFast for
// any input the fast path accepts.

type fastLine struct {
	num    int    // 1-based line number
	indent int    // leading spaces
	text   string // the line without its indentation (comments not yet removed)
}

type fastParser struct {
	lines []fastLine // one document's lines, blank and comment-only lines included
	pos   int
	bail  bool
	// open is the number of the file's last line when it does not end in
	// a newline (a block scalar ending there has no final line break).
	open int
}

// fastDecode decodes data's documents, or reports ok false.
func fastDecode(data []byte) (docs []document, ok bool) {
	var scratch []fastLine
	return fastDecodeWith(&scratch, data)
}

// hasC1Control reports whether data holds a C1 control character
// (U+0080–U+009F), which YAML does not allow unescaped: yaml.v3 says where.
func hasC1Control(data []byte) bool {
	for i := bytes.IndexByte(data, 0xc2); i >= 0 && i+1 < len(data); {
		if data[i+1] >= 0x80 && data[i+1] <= 0x9f {
			return true
		}
		j := bytes.IndexByte(data[i+1:], 0xc2)
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}

// fastDecodeWith is fastDecode with a line table to reuse: the decoded
// values hold no reference to it.
func fastDecodeWith(scratch *[]fastLine, data []byte) (docs []document, ok bool) {
	if !utf8.Valid(data) || bytes.IndexByte(data, '\r') >= 0 || bytes.IndexByte(data, '\t') >= 0 ||
		bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		return nil, false
	}
	if _, _, _, bad := controlChar(data); bad || hasC1Control(data) {
		return nil, false
	}
	s := string(data)
	n := bytes.Count(data, []byte("\n")) + 1
	if cap(*scratch) < n {
		*scratch = make([]fastLine, 0, n+n/2)
	}
	all := (*scratch)[:0]
	var cur []fastLine
	started := false // a --- was seen
	open := 0
	if !bytes.HasSuffix(data, []byte("\n")) {
		open = bytes.Count(data, []byte("\n")) + 1
	}
	flush := func() bool {
		p := &fastParser{lines: cur, open: open}
		p.skip()
		line := p.lines[p.pos].num
		v := p.node(-1)
		p.skip()
		if p.bail || p.pos < len(p.lines) {
			return false
		}
		docs = append(docs, document{line: line, value: v})
		return true
	}
	num := 0
	for {
		var l string
		i := strings.IndexByte(s, '\n')
		if i >= 0 {
			l, s = s[:i], s[i+1:]
		} else {
			l, s = s, ""
		}
		num++
		switch {
		case strings.HasPrefix(l, "---") && strings.TrimRight(l[3:], " ") == "":
			switch {
			case contentIn(cur):
				if !flush() {
					return nil, false
				}
			case started:
				return nil, false // an empty document between two ---
			}
			cur = nil
			started = true
		case strings.HasPrefix(l, "...") || strings.HasPrefix(l, "%") || strings.HasPrefix(l, "---"):
			return nil, false
		default:
			indent := 0
			for indent < len(l) && l[indent] == ' ' {
				indent++
			}
			all = append(all, fastLine{num: num, indent: indent, text: l[indent:]})
			cur = all[len(all)-len(cur)-1 : len(all) : len(all)]
		}
		if i < 0 {
			break
		}
	}
	switch {
	case contentIn(cur):
		if !flush() {
			return nil, false
		}
	case started:
		return nil, false // a --- with nothing after it
	}
	return docs, true
}

func contentIn(lines []fastLine) bool {
	for _, l := range lines {
		if !blankOrComment(l.text) {
			return true
		}
	}
	return false
}

func blankOrComment(t string) bool {
	t = strings.Trim(t, " ")
	return t == "" || t[0] == '#'
}

// skip moves past blank and comment-only lines.
func (p *fastParser) skip() {
	for p.pos < len(p.lines) && blankOrComment(p.lines[p.pos].text) {
		p.pos++
	}
}

// node parses the collection starting at the current line, whose indent
// must be more than parent.
func (p *fastParser) node(parent int) any {
	p.skip()
	if p.pos >= len(p.lines) {
		return nil
	}
	l := p.lines[p.pos]
	if l.indent <= parent {
		return nil
	}
	if isSeqItem(l.text) {
		return p.sequence(l.indent)
	}
	return p.mapping(l.indent)
}

func isSeqItem(t string) bool { return t == "-" || strings.HasPrefix(t, "- ") }

func (p *fastParser) sequence(indent int) any {
	out := []any{}
	for !p.bail {
		p.skip()
		if p.pos >= len(p.lines) {
			break
		}
		l := p.lines[p.pos]
		if l.indent < indent {
			break
		}
		if l.indent > indent || !isSeqItem(l.text) {
			p.bail = true
			break
		}
		rest := strings.TrimLeft(l.text[1:], " ")
		off := len(l.text) - len(rest)
		switch {
		case blankOrComment(rest):
			p.pos++
			out = append(out, p.node(indent))
		case isSeqItem(rest):
			p.bail = true
		case keyEnd(rest) >= 0:
			// "- key: value": a mapping whose keys sit at indent+off.
			p.lines[p.pos] = fastLine{num: l.num, indent: indent + off, text: rest}
			out = append(out, p.mapping(indent+off))
		default:
			out = append(out, p.value(rest, indent))
		}
	}
	return out
}

func (p *fastParser) mapping(indent int) any {
	out := map[string]any{}
	for !p.bail {
		p.skip()
		if p.pos >= len(p.lines) {
			break
		}
		l := p.lines[p.pos]
		if l.indent < indent {
			break
		}
		if l.indent > indent || isSeqItem(l.text) {
			p.bail = true
			break
		}
		end := keyEnd(l.text)
		if end < 0 {
			p.bail = true
			break
		}
		key, ok := fastKey(l.text[:end])
		if !ok {
			p.bail = true
			break
		}
		rest := strings.TrimLeft(l.text[end+1:], " ")
		if blankOrComment(rest) {
			p.pos++
			p.skip()
			// A sequence may sit at the key's own indent.
			if p.pos < len(p.lines) && p.lines[p.pos].indent == indent && isSeqItem(p.lines[p.pos].text) {
				out[key] = p.sequence(indent)
			} else {
				out[key] = p.node(indent)
			}
			continue
		}
		out[key] = p.value(rest, indent)
	}
	return out
}

// keyEnd finds the colon that ends a mapping key on a line: ": " or a
// final ":". -1 when the line is not "key: ...", or its key is quoted in
// a way the fast path leaves to yaml.v3.
func keyEnd(t string) int {
	if t == "" {
		return -1
	}
	if t[0] == '\'' {
		// 'quoted key': value
		i := 1
		for i < len(t) {
			if t[i] == '\'' {
				if i+1 < len(t) && t[i+1] == '\'' {
					i += 2
					continue
				}
				break
			}
			i++
		}
		if i >= len(t) || i+1 >= len(t) || t[i+1] != ':' {
			return -1
		}
		if i+2 < len(t) && t[i+2] != ' ' {
			return -1
		}
		return i + 1
	}
	if strings.ContainsAny(t[:1], "\"[]{}&*!|>%@`?,#") {
		return -1
	}
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case ':':
			if i+1 == len(t) || t[i+1] == ' ' {
				return i
			}
		case '#':
			if i > 0 && t[i-1] == ' ' {
				return -1
			}
		}
	}
	return -1
}

// fastKey decodes a key as the yaml.v3 walk does: a plain key's text (a
// null key is ""), a single-quoted key unquoted.
func fastKey(k string) (string, bool) {
	k = strings.TrimRight(k, " ")
	if k == "" || len(k) > 1024 {
		// YAML limits implicit keys to 1024 characters: yaml.v3 says
		// what is wrong with a longer one
		return "", false
	}
	if k[0] == '\'' {
		return strings.ReplaceAll(k[1:len(k)-1], "''", "'"), true
	}
	if k == "<<" {
		return "", false
	}
	if plainValue(k) == nil {
		return "", true
	}
	return k, true
}

// value decodes the scalar rest, the value part of the current line, in a
// collection at indent; it consumes the line (and a block scalar's lines).
func (p *fastParser) value(rest string, indent int) any {
	p.pos++
	var v any
	switch rest[0] {
	case '\'':
		s, tail, ok := singleQuoted(rest)
		if !ok || !quotedTail(tail) {
			p.bail = true
			return nil
		}
		v = s
	case '"':
		s, tail, ok := doubleQuoted(rest)
		if !ok || !quotedTail(tail) {
			p.bail = true
			return nil
		}
		v = s
	case '|':
		return p.literal(rest, indent)
	case '>', '[', ']', '{', '}', '&', '*', '!', '%', '@', '`', ',', '?', ':', '#':
		p.bail = true
		return nil
	case '-':
		if rest == "-" || strings.HasPrefix(rest, "- ") || strings.HasPrefix(rest, "---") {
			p.bail = true
			return nil
		}
		fallthrough
	default:
		s := plainScalar(rest)
		if s == "" || strings.Contains(s, ": ") || strings.HasSuffix(s, ":") {
			p.bail = true
			return nil
		}
		v = plainValue(s)
	}
	// A more indented line after a one-line scalar would continue it.
	save := p.pos
	p.skip()
	if p.pos < len(p.lines) && p.lines[p.pos].indent > indent {
		p.bail = true
	}
	p.pos = save
	return v
}

// quotedTail reports whether what follows a closing quote is nothing, or
// spaces and a comment.
func quotedTail(t string) bool { return t == "" || t[0] == ' ' && blankOrComment(t) }

// plainValue resolves a plain scalar as yaml.v3 does. yaml.v3 looks past
// the text only when its first byte hints at a number, a boolean, null or
// a special float (resolveTable in its resolve.go); any other plain
// scalar is a string, which is most of a rule.
func plainValue(s string) any {
	switch c := s[0]; {
	case strings.IndexByte("yYnNtTfFoO~", c) >= 0:
		// yaml.v3 only looks these up in its map (resolveMap).
		if v, ok := resolveWords[s]; ok {
			return v
		}
		return s
	case strings.IndexByte("+-0123456789.", c) < 0:
		return s
	}
	// A number, a date, a version, a negative id: decimal integers are
	// common (EventID: 4688) and read here; text with a byte no number
	// has is a string (a date resolves to !!timestamp, which the walk
	// also keeps as text); the rest goes to yaml.v3.
	if decimal(s) {
		if n, err := strconv.Atoi(s); err == nil {
			return n
		}
	}
	if innerSign(s) || strings.Trim(s, "0123456789_.+-xXoOabcdefABCDEF") != "" &&
		!strings.Contains(strings.ToLower(s), "inf") && !strings.Contains(strings.ToLower(s), "nan") {
		return s
	}
	return scalar(&yaml.Node{Kind: yaml.ScalarNode, Value: s})
}

// innerSign reports whether s has a - or + after its first byte, not in
// an exponent nor after a 0b, 0o or 0x prefix: no integer or float has one (dates, ids, ranges: yaml.v3
// resolves them to timestamps or strings, both text here).
func innerSign(s string) bool {
	if strings.ContainsAny(s, "xXoObB") {
		return false // 0b+1 is an int to yaml.v3 (a sign after the prefix)
	}
	for i := 1; i < len(s); i++ {
		if (s[i] == '-' || s[i] == '+') && s[i-1] != 'e' && s[i-1] != 'E' {
			return true
		}
	}
	return false
}

// decimal reports whether s is digits without a leading zero (yaml.v3
// reads 0123 as octal).
func decimal(s string) bool {
	if s == "" || len(s) > 1 && s[0] == '0' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// resolveWords are the words of yaml.v3's resolveMap that start with a
// letter or ~.
var resolveWords = map[string]any{
	"true": true, "True": true, "TRUE": true,
	"false": false, "False": false, "FALSE": false,
	"~": nil, "null": nil, "Null": nil, "NULL": nil,
}

// plainScalar is a plain scalar's text: up to a comment, trimmed.
func plainScalar(t string) string {
	if i := strings.Index(t, " #"); i >= 0 {
		t = t[:i]
	}
	return strings.TrimRight(t, " ")
}

func singleQuoted(t string) (s, tail string, ok bool) {
	if i := strings.IndexByte(t[1:], '\''); i >= 0 && (i+2 == len(t) || t[i+2] != '\'') {
		return t[1 : i+1], t[i+2:], true
	}
	var b strings.Builder
	for i := 1; i < len(t); i++ {
		if t[i] == '\'' {
			if i+1 < len(t) && t[i+1] == '\'' {
				b.WriteByte('\'')
				i++
				continue
			}
			return b.String(), t[i+1:], true
		}
		b.WriteByte(t[i])
	}
	return "", "", false
}

func doubleQuoted(t string) (s, tail string, ok bool) {
	var b strings.Builder
	for i := 1; i < len(t); i++ {
		c := t[i]
		switch c {
		case '"':
			return b.String(), t[i+1:], true
		case '\\':
			if i+1 >= len(t) {
				return "", "", false
			}
			i++
			switch t[i] {
			case '\\', '"', '/':
				b.WriteByte(t[i])
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case '0':
				b.WriteByte(0)
			case ' ':
				b.WriteByte(' ')
			case 'x', 'u', 'U':
				n := map[byte]int{'x': 2, 'u': 4, 'U': 8}[t[i]]
				if i+n >= len(t) {
					return "", "", false
				}
				r, err := strconv.ParseUint(t[i+1:i+1+n], 16, 32)
				if err != nil || !utf8.ValidRune(rune(r)) {
					return "", "", false
				}
				b.WriteRune(rune(r))
				i += n
			default:
				return "", "", false
			}
		default:
			b.WriteByte(c)
		}
	}
	return "", "", false
}

// literal decodes a literal block scalar (| or |- or |+, no indentation
// indicator) whose header is rest, in a collection at indent.
func (p *fastParser) literal(rest string, indent int) any {
	header := plainScalar(rest)
	chomp := byte(0)
	switch header {
	case "|":
	case "|-":
		chomp = '-'
	case "|+":
		chomp = '+'
	default:
		p.bail = true
		return nil
	}
	var lines []string
	content := -1
	lastNum := 0
	for p.pos < len(p.lines) {
		l := p.lines[p.pos]
		blank := strings.TrimRight(l.text, " ") == ""
		if p.open > 0 && l.num == p.open && (blank || l.indent > indent) {
			p.bail = true // the file ends inside the block with no line break
			return nil
		}
		if blank {
			if content >= 0 && l.indent > content {
				// Spaces beyond the content's indentation are content.
				lines = append(lines, strings.Repeat(" ", l.indent-content)+l.text)
			} else {
				if content < 0 && l.indent > 0 && l.indent+len(l.text) > indent+1 {
					// Leading blank lines with spaces: leave to yaml.v3.
					p.bail = true
					return nil
				}
				lines = append(lines, "")
			}
			p.pos++
			continue
		}
		if content < 0 {
			if l.indent <= indent {
				break
			}
			if len(lines) > 0 {
				p.bail = true // leading blank lines
				return nil
			}
			content = l.indent
		}
		if l.indent < content {
			break
		}
		lines = append(lines, strings.Repeat(" ", l.indent-content)+l.text)
		lastNum = l.num
		p.pos++
	}
	if p.open > 0 && (lastNum == p.open || chomp == '+') {
		p.bail = true // no final line break: leave it to yaml.v3
		return nil
	}
	// Trailing blank lines belong to the chomping.
	body := lines
	trailing := 0
	for len(body) > 0 && body[len(body)-1] == "" {
		body = body[:len(body)-1]
		trailing++
	}
	if len(body) == 0 {
		p.bail = true
		return nil
	}
	s := strings.Join(body, "\n")
	switch chomp {
	case '-':
	case '+':
		s += strings.Repeat("\n", trailing+1)
	default:
		s += "\n"
	}
	return s
}
