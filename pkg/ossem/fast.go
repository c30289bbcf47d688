package ossem

import (
	"bytes"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"unicode/utf8"
	"unsafe"
)

// The fast scanner reads the layout every published mapping file has (and
// PyYAML writes): a block list at column 0 whose items are block mappings at
// column 2, with list values as "  - item" lines and filter_in items as
// "  - Key: value" mappings continued at column 4. Scalars are plain,
// single-quoted or double-quoted, possibly wrapped over several lines.
//
// Anything else makes it give up (errUnsupported) and the caller hands the
// whole input to yaml.v3, so the scanner never has to be right about YAML it
// does not know. Within the layout it must agree with yaml.v3 exactly;
// TestFastMatchesReference and FuzzFastMatchesReference hold it to that.

// unsupported is returned by the scanner for input outside its layout.
type unsupported struct{ line int }

// parseFast parses data with up to workers goroutines. It returns ok=false
// when the input is outside the layout; err is a positioned *Error for input
// inside the layout that is not a valid mapping.
func parseFast(data []byte, workers int) (m *Mapping, ok bool, err error) {
	return parseFastProgress(data, workers, nil)
}

// parseFastProgress is parseFast that reports the bytes scanned so far.
func parseFastProgress(data []byte, workers int, progress func(done int64)) (m *Mapping, ok bool, err error) {
	start, startLine, ok := skipPreamble(data)
	if !ok || !printable(data) {
		return nil, false, nil
	}
	body := data[start:]
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	chunks := split(body, workers)
	results := make([]chunkResult, len(chunks))
	// A pool of workers takes chunks in order; each chunk's records are
	// kept until all are scanned, so memory is the records plus the input.
	var wg sync.WaitGroup
	var next, done atomic.Int64
	for w := 0; w < min(workers, len(chunks)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(chunks) {
					return
				}
				results[i] = scanChunk(chunks[i])
				if results[i].unsupported {
					next.Store(int64(len(chunks))) // no point scanning on
				}
				if n := done.Add(int64(len(chunks[i]))); progress != nil {
					progress(int64(start) + n)
				}
			}
		}()
	}
	wg.Wait()

	total := 0
	for i := range results {
		if results[i].unsupported {
			return nil, false, nil
		}
		total += len(results[i].records)
	}
	// Errors and schema checks in file order, with global positions.
	m = &Mapping{}
	var a assembler
	line, base := startLine, 0
	for i := range results {
		r := &results[i]
		if r.err != nil {
			e := *r.err
			e.Record += base
			if e.Line > 0 {
				e.Line += line - 1
			}
			return nil, true, &e
		}
		if r.asm.schema != "" {
			if a.schema == "" {
				a.schema, a.schemaAt = r.asm.schema, base+r.asm.schemaAt
			} else if a.schema != r.asm.schema {
				return nil, true, &Error{Line: line - 1 + r.schemaLine, Record: base + r.asm.schemaAt, Err: ErrUnknownSchema,
					Detail: "this record is in the " + string(r.asm.schema) + " schema, but record " + strconv.Itoa(a.schemaAt) + " is in the " + string(a.schema) + " schema; a file must use one schema"}
			}
		}
		for _, k := range r.asm.keys {
			if err := a.addKey(k); err != nil {
				err.Record, err.Line = base, line
				return nil, true, err
			}
		}
		base += len(r.records)
		line += r.lines
	}
	if err := a.finish(total); err != nil {
		return nil, true, err
	}
	if len(results) == 1 {
		m.Records = results[0].records
	} else {
		m.Records = make([]Record, 0, total)
		for i := range results {
			m.Records = append(m.Records, results[i].records...)
			results[i].records = nil
		}
	}
	m.Schema, m.Keys = a.schema, a.keys
	return m, true, nil
}

// printable reports whether data holds only characters YAML allows in a
// document (tab, line breaks, printable ASCII and printable Unicode); the
// reference parser rejects the others with its own error.
func printable(data []byte) bool {
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && n == 1,
			r >= 0x80 && r <= 0x9f && r != 0x85,
			r == 0xfffe, r == 0xffff:
			return false
		}
		i += n
	}
	return true
}

// skipPreamble skips blank and comment lines before the first record. It
// returns the offset of the first "- " at column 0 and its line number.
func skipPreamble(data []byte) (int, int, bool) {
	off, line := 0, 1
	for off < len(data) {
		end := bytes.IndexByte(data[off:], '\n')
		if end < 0 {
			end = len(data) - off
		}
		l := data[off : off+end]
		switch {
		case len(bytes.TrimRight(l, " \r")) == 0, l[0] == '#':
			off += end + 1
			line++
			continue
		case len(l) >= 2 && l[0] == '-' && l[1] == ' ':
			return off, line, true
		}
		return 0, 0, false
	}
	return 0, 0, false
}

// split cuts body into chunks of 64 KiB to 4 MiB (at least 4 per worker
// when the input allows), each starting at a record.
func split(body []byte, workers int) [][]byte {
	size := min(max(len(body)/(workers*4)+1, 64<<10), 4<<20)
	var chunks [][]byte
	for len(body) > 0 {
		if len(body) <= size {
			chunks = append(chunks, body)
			break
		}
		cut := bytes.Index(body[size:], []byte("\n- "))
		if cut < 0 {
			chunks = append(chunks, body)
			break
		}
		cut += size + 1
		chunks = append(chunks, body[:cut])
		body = body[cut:]
	}
	return chunks
}

type chunkResult struct {
	records     []Record
	asm         assembler
	schemaLine  int
	lines       int // newlines in the chunk
	err         *Error
	unsupported bool
}

// scanner holds the state of one chunk's scan.
type scanner struct {
	data  []byte
	off   int
	line  int     // 1-based line of the current line within the chunk
	arena []value // list items of the current record, reused record to record
}

// nextLine returns the next line without its newline (and a trailing \r),
// or ok=false at the end.
func (s *scanner) nextLine() ([]byte, bool) {
	if s.off >= len(s.data) {
		return nil, false
	}
	end := bytes.IndexByte(s.data[s.off:], '\n')
	var l []byte
	if end < 0 {
		l = s.data[s.off:]
		s.off = len(s.data)
	} else {
		l = s.data[s.off : s.off+end]
		s.off += end + 1
	}
	s.line++
	return l, true
}

func (s *scanner) peekLine() []byte {
	if s.off >= len(s.data) {
		return nil
	}
	end := bytes.IndexByte(s.data[s.off:], '\n')
	if end < 0 {
		return s.data[s.off:]
	}
	return s.data[s.off : s.off+end]
}

func scanChunk(data []byte) (res chunkResult) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(unsupported); !ok {
				panic(r)
			}
			res = chunkResult{unsupported: true}
		}
	}()
	s := &scanner{data: data}
	res.lines = bytes.Count(data, []byte{'\n'})
	res.records = make([]Record, 0, bytes.Count(data, []byte("\n- "))+1)
	var raw rawRecord
	for {
		l, ok := s.nextLine()
		if !ok {
			break
		}
		if isBlankOrComment(l) {
			continue
		}
		if len(l) < 2 || l[0] != '-' || l[1] != ' ' {
			panic(unsupported{s.line})
		}
		if k, _ := splitKey(l[2:]); k == nil {
			// A list item that is not "key: value": if it is a plain or
			// quoted scalar, the input is in the layout but is not a
			// mapping, and saying so here spares yaml.v3 a huge input.
			v := value{line: s.line, col: 3}
			s.scalar(&v, l[2:], 0)
			res.err = &Error{Line: v.line, Column: v.col, Record: len(res.records), Err: ErrShape,
				Detail: "found " + v.kind.String() + "; a record must be a mapping of keys to values"}
			return res
		}
		raw.keys, raw.vals = raw.keys[:0], raw.vals[:0]
		raw.line, raw.col = s.line, 3
		s.arena = s.arena[:0]
		s.record(&raw, l[2:])
		idx := len(res.records)
		res.records = append(res.records, Record{})
		before := res.asm.schema
		if err := res.asm.add(&raw, idx, &res.records[idx]); err != nil {
			res.err = err
			return res
		}
		if before == "" && res.asm.schema != "" {
			res.schemaLine = raw.line
		}
	}
	return res
}

func isBlankOrComment(l []byte) bool {
	for _, c := range l {
		switch c {
		case ' ', '\r':
			continue
		case '#':
			return l[0] == '#'
		}
		return false
	}
	return true
}

// record scans one record whose first key line (after "- ") is first.
func (s *scanner) record(raw *rawRecord, first []byte) {
	s.keyLine(raw, first, 2)
	for {
		l := s.peekLine()
		if l == nil || (len(l) >= 1 && l[0] != ' ' && l[0] != '#' && l[0] != '\r') {
			return // next record, or the end
		}
		if isBlankOrComment(l) {
			s.nextLine()
			// A blank or comment line inside a record ends any scalar; a
			// continuation line after it would be outside the layout.
			if p := s.peekLine(); len(p) > 2 && p[0] == ' ' && p[1] == ' ' && p[2] == ' ' {
				panic(unsupported{s.line})
			}
			continue
		}
		s.nextLine()
		if len(l) < 3 || l[0] != ' ' || l[1] != ' ' || l[2] == ' ' {
			panic(unsupported{s.line})
		}
		if l[2] == '-' {
			panic(unsupported{s.line}) // a list item not under an empty key
		}
		s.keyLine(raw, l[2:], 2)
	}
}

// keyLine scans "key: value" whose key starts at column col (0-based) and
// any lines that continue it.
func (s *scanner) keyLine(raw *rawRecord, l []byte, col int) {
	key, rest := splitKey(l)
	if key == nil {
		panic(unsupported{s.line})
	}
	v := value{line: s.line, col: col + len(key) + 3}
	if len(bytes.TrimRight(rest, " \r")) == 0 {
		// An empty value: a block list follows at the same indentation, or
		// the value is null.
		if p := s.peekLine(); len(p) >= 3 && p[0] == ' ' && p[1] == ' ' && p[2] == '-' && (len(p) == 3 || p[3] == ' ' || p[3] == '\r') {
			v = s.list(v.line)
		} else if p := s.peekLine(); len(p) > 2 && p[0] == ' ' && p[1] == ' ' && p[2] == ' ' {
			panic(unsupported{s.line}) // a nested mapping or a scalar on the next line
		} else {
			v.kind = kNull
		}
	} else {
		s.scalar(&v, rest, col)
	}
	raw.keys = append(raw.keys, str(key))
	raw.vals = append(raw.vals, v)
}

// list scans "  - item" lines at column 2.
func (s *scanner) list(line int) value {
	v := value{kind: kSeq, line: line + 1, col: 3}
	start := len(s.arena)
	for {
		p := s.peekLine()
		if len(p) < 3 || p[0] != ' ' || p[1] != ' ' || p[2] != '-' || (len(p) > 3 && p[3] != ' ' && p[3] != '\r') {
			// The items live in the record's arena; build copies what it keeps.
			v.items = s.arena[start:len(s.arena):len(s.arena)]
			return v
		}
		s.nextLine()
		item := value{line: s.line, col: 5}
		body := p[3:]
		if len(body) > 0 && body[0] == ' ' {
			body = body[1:]
		}
		switch {
		case len(bytes.TrimRight(body, " \r")) == 0:
			if q := s.peekLine(); len(q) > 2 && q[0] == ' ' && q[1] == ' ' && q[2] == ' ' {
				panic(unsupported{s.line})
			}
			item.kind = kNull
		case isKeyStart(body):
			item = s.itemMap(body)
		default:
			s.scalar(&item, body, 4)
			if item.kind == kSeq || item.kind == kMap {
				panic(unsupported{s.line})
			}
		}
		s.arena = append(s.arena, item)
	}
}

// isKeyStart reports whether an item's text is "key: ..." (a mapping item).
func isKeyStart(b []byte) bool {
	k, _ := splitKey(b)
	return k != nil
}

// itemMap scans a list item that is a mapping: "  - K: v" then "    K2: v2".
func (s *scanner) itemMap(first []byte) value {
	m := value{kind: kMap, line: s.line, col: 5}
	add := func(l []byte) {
		key, rest := splitKey(l)
		if key == nil || len(bytes.TrimRight(rest, " \r")) == 0 {
			panic(unsupported{s.line})
		}
		v := value{line: s.line, col: 5 + len(key) + 2}
		s.scalar(&v, rest, 4)
		m.keys = append(m.keys, str(key))
		m.items = append(m.items, v)
	}
	add(first)
	for {
		p := s.peekLine()
		if len(p) < 5 || p[0] != ' ' || p[1] != ' ' || p[2] != ' ' || p[3] != ' ' || p[4] == ' ' || p[4] == '-' || p[4] == '#' {
			return m
		}
		s.nextLine()
		add(p[4:])
	}
}

// splitKey splits "key: rest" (or "key:" at the end of the line). It
// returns a nil key for anything else.
func splitKey(l []byte) (key, rest []byte) {
	i := 0
	for i < len(l) {
		c := l[i]
		if c == '_' || c == '-' || c == '.' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9' && i > 0) {
			i++
			continue
		}
		break
	}
	if i == 0 || i >= len(l) || l[i] != ':' || l[0] == '-' || l[0] == '.' {
		return nil, nil
	}
	if i+1 < len(l) && l[i+1] != ' ' && l[i+1] != '\r' {
		return nil, nil
	}
	k := l[:i]
	if _, special := plainWords[string(k)]; special {
		return nil, nil // keys such as "null" or "true" resolve to non-strings
	}
	return k, l[i+1:]
}

// plainWords are plain scalars that yaml.v3 does not read as strings.
var plainWords = map[string]kind{
	"null": kNull, "Null": kNull, "NULL": kNull, "~": kNull,
	".nan": kNaN, ".NaN": kNaN, ".NAN": kNaN,
	"true": kBool, "True": kBool, "TRUE": kBool,
	"false": kBool, "False": kBool, "FALSE": kBool,
}

// scalar scans a value that starts on this line (rest, after "key:") and
// any continuation lines, which must be indented deeper than col.
func (s *scanner) scalar(v *value, rest []byte, col int) {
	rest = bytes.TrimLeft(rest, " ")
	rest = bytes.TrimRight(rest, " \r")
	if len(rest) == 0 {
		panic(unsupported{s.line}) // an empty value; callers handle the ones they know
	}
	if len(rest) == 2 && rest[0] == '[' && rest[1] == ']' {
		v.kind = kSeq // PyYAML writes empty lists in flow style
		return
	}
	switch rest[0] {
	case '"':
		v.kind = kStr
		v.s = s.doubleQuoted(rest[1:], col)
	case '\'':
		v.kind = kStr
		v.s = s.singleQuoted(rest[1:], col)
	default:
		text := rest
		var buf []byte
		for {
			p := s.peekLine()
			if !isContinuation(p, col) {
				break
			}
			s.nextLine()
			part := bytes.Trim(p, " \r")
			if part[0] == '#' || part[0] == '-' || bytes.Contains(part, []byte(": ")) || bytes.Contains(part, []byte(" #")) || part[len(part)-1] == ':' || bytes.IndexByte(part, '\t') >= 0 {
				panic(unsupported{s.line})
			}
			if buf == nil {
				buf = append(buf, text...)
			}
			buf = append(buf, ' ')
			buf = append(buf, part...)
		}
		plain(v, text, buf)
	}
}

// isContinuation reports whether line p continues a scalar begun at column col.
func isContinuation(p []byte, col int) bool {
	if len(p) <= col+1 {
		return false
	}
	for i := 0; i <= col; i++ {
		if p[i] != ' ' {
			return false
		}
	}
	return len(bytes.TrimRight(p, " \r")) > 0
}

// plain resolves a plain scalar the way yaml.v3 does, or gives up.
func plain(v *value, first, folded []byte) {
	text := first
	if folded != nil {
		text = folded
	}
	if bytes.Contains(first, []byte(": ")) || bytes.Contains(first, []byte(" #")) || first[len(first)-1] == ':' || bytes.IndexByte(first, '\t') >= 0 {
		panic(unsupported{})
	}
	switch c := first[0]; c {
	case '[', ']', '{', '}', '&', '*', '!', '|', '>', '%', '@', '`', '#', ',', '?', '-', '+', '.', ':', '<', '=':
		if k, ok := plainWords[string(text)]; ok && folded == nil {
			v.kind = k
			if k == kBool {
				v.s = strconv.FormatBool(text[0] == 't' || text[0] == 'T')
			}
			return
		}
		panic(unsupported{})
	}
	if k, ok := plainWords[string(text)]; ok {
		v.kind = k
		if k == kBool {
			v.s = strconv.FormatBool(text[0] == 't' || text[0] == 'T')
		}
		return
	}
	if c := text[0]; '0' <= c && c <= '9' {
		if folded == nil && isDecimal(text) {
			v.kind, v.s = kInt, str(text)
			return
		}
		panic(unsupported{}) // floats, timestamps, octal, sexagesimal...
	}
	if !utf8.Valid(text) {
		panic(unsupported{})
	}
	v.kind = kStr
	if folded != nil {
		v.s = string(folded)
	} else {
		v.s = str(text)
	}
}

func isDecimal(b []byte) bool {
	if len(b) > 18 || (b[0] == '0' && len(b) > 1) {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// doubleQuoted decodes a double-quoted scalar whose text after the opening
// quote is rest, reading continuation lines as needed.
func (s *scanner) doubleQuoted(rest []byte, col int) string {
	var out []byte
	line := rest
	for {
		i := 0
		for i < len(line) {
			c := line[i]
			switch c {
			case '"':
				if len(bytes.TrimRight(line[i+1:], " \r")) != 0 {
					panic(unsupported{s.line})
				}
				if out == nil {
					return str(line[:i])
				}
				return string(append(out, line[:i]...))
			case '\\':
				if out == nil {
					out = make([]byte, 0, len(line)+16)
				}
				out = append(out, line[:i]...)
				line = line[i:]
				if len(line) == 1 || (len(line) == 2 && line[1] == '\r') {
					// An escaped line break: join the next line without a space.
					next := s.continuation(col)
					line = bytes.TrimLeft(next, " ")
					i = 0
					continue
				}
				n := unescape(&out, line)
				line = line[n:]
				i = 0
				continue
			}
			if c < 0x20 && c != '\t' && c != '\r' {
				panic(unsupported{s.line})
			}
			i++
		}
		// The line ends inside the string: fold the break to a space.
		if out == nil {
			out = make([]byte, 0, len(line)+64)
		}
		out = append(out, bytes.TrimRight(line, " \t\r")...)
		next := s.continuation(col)
		out = append(out, ' ')
		line = bytes.TrimLeft(next, " \t")
	}
}

// continuation returns the next line of a quoted scalar; blank lines (which
// fold to newlines) and the end of input are outside the layout.
func (s *scanner) continuation(col int) []byte {
	p := s.peekLine()
	if !isContinuation(p, col) {
		panic(unsupported{s.line})
	}
	s.nextLine()
	return p
}

// unescape appends the escape at the start of b (b[0] == '\\') to out and
// returns the number of bytes it used.
func unescape(out *[]byte, b []byte) int {
	if r, ok := simpleEscapes[b[1]]; ok {
		*out = append(*out, r...)
		return 2
	}
	width := map[byte]int{'x': 2, 'u': 4, 'U': 8}[b[1]]
	if width == 0 || len(b) < 2+width {
		panic(unsupported{})
	}
	n, err := strconv.ParseUint(string(b[2:2+width]), 16, 32)
	if err != nil || n > utf8.MaxRune || (0xD800 <= n && n <= 0xDFFF) {
		panic(unsupported{})
	}
	*out = utf8.AppendRune(*out, rune(n))
	return 2 + width
}

// simpleEscapes are YAML's one-letter escapes in double-quoted scalars.
var simpleEscapes = map[byte]string{
	'0': "\x00", 'a': "\a", 'b': "\b", 't': "\t", '\t': "\t", 'n': "\n", 'v': "\v", 'f': "\f",
	'r': "\r", 'e': "\x1b", ' ': " ", '"': "\"", '/': "/", '\\': "\\",
	'N': "\u0085", '_': "\u00a0", 'L': "\u2028", 'P': "\u2029",
}

// singleQuoted decodes a single-quoted scalar (” is a quote).
func (s *scanner) singleQuoted(rest []byte, col int) string {
	var out []byte
	line := rest
	for {
		for i := 0; i < len(line); i++ {
			if line[i] != '\'' {
				continue
			}
			if i+1 < len(line) && line[i+1] == '\'' {
				out = append(out, line[:i+1]...)
				line = line[i+2:]
				i = -1
				continue
			}
			if len(bytes.TrimRight(line[i+1:], " \r")) != 0 {
				panic(unsupported{s.line})
			}
			if out == nil {
				return str(line[:i])
			}
			return string(append(out, line[:i]...))
		}
		out = append(out, bytes.TrimRight(line, " \t\r")...)
		next := s.continuation(col)
		out = append(out, ' ')
		line = bytes.TrimLeft(next, " \t")
	}
}

// str makes a string that shares data's memory. Parse documents that data
// must not change afterwards.
func str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}
