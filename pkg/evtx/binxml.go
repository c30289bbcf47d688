package evtx

import (
	"encoding/binary"
	"fmt"
	"unicode/utf16"
)

// Binary XML tokens (the low nibble; 0x40 is the "more" flag).
const (
	tokEOF            = 0x00
	tokOpenStart      = 0x01
	tokCloseStart     = 0x02
	tokCloseEmpty     = 0x03
	tokEndElement     = 0x04
	tokValue          = 0x05
	tokAttribute      = 0x06
	tokCDATA          = 0x07
	tokCharRef        = 0x08
	tokEntityRef      = 0x09
	tokPITarget       = 0x0a
	tokPIData         = 0x0b
	tokTemplate       = 0x0c
	tokNormalSubst    = 0x0d
	tokOptionalSubst  = 0x0e
	tokFragmentHeader = 0x0f
)

// Limits on hostile input; see the package comment.
const (
	maxDepth       = 64      // elements, templates and nested binary XML, together
	maxEventBytes  = 4 << 20 // rendered names and values of one event
	maxNodesPerDoc = 1 << 16 // nodes in one template or fragment
	maxValues      = 1 << 12 // substitution values of one template instance
	maxSteps       = 1 << 22 // nodes visited and nested bytes parsed for one event
	// nodes parsed in one chunk, templates and nested binary XML included;
	// a chunk's 64 KiB hold at most 32 Ki nodes, parsed once or twice
	maxNodesPerChunk = 1 << 20
	// render work and output of one chunk's events together: a chunk's
	// records render to far less (the shared files: under 1 MiB)
	maxStepsPerChunk = 1 << 23
	maxChunkBytes    = 32 << 20
)

type nodeKind uint8

const (
	nElem nodeKind = iota
	nText
	nSubst
	nCharRef
	nEntityRef
	nPI
	nInstance
)

// node is a parsed piece of binary XML. Templates are parsed once per chunk
// and shared by every record that instantiates them; an instance node
// carries the values of one record.
type node struct {
	kind     nodeKind
	name     string // element, entity or PI target name
	text     string // text, CDATA, PI data
	attrs    []attrNode
	children []*node
	subst    uint16 // substitution index
	optional bool
	char     uint16
	tmpl     *template // for nInstance
	values   []value   // for nInstance
}

type attrNode struct {
	name  string
	value []*node
}

type template struct {
	offset uint32
	guid   [16]byte
	nodes  []*node
}

// value is one substitution value: its type and its bytes within the chunk.
type value struct {
	typ  byte
	off  int // chunk offset of data, for nested binary XML
	data []byte
}

// parser decodes binary XML within one chunk. All offsets are relative to
// the chunk start, as the format's name and template offsets are.
type parser struct {
	c      *chunk
	pos    int
	end    int
	depth  int
	nodes  int
	record uint64
}

func (p *parser) errf(format string, args ...any) error {
	return &FormatError{Offset: p.c.offset + int64(p.pos), Record: p.record, Err: fmt.Errorf(format, args...)}
}

func (p *parser) need(n int) error {
	if n < 0 || p.pos+n > p.end || p.pos+n < p.pos {
		return &FormatError{Offset: p.c.offset + int64(p.pos), Record: p.record,
			Err: fmt.Errorf("%w: %d bytes needed, %d left", ErrTruncated, n, p.end-p.pos)}
	}
	return nil
}

func (p *parser) u8() (byte, error) {
	if err := p.need(1); err != nil {
		return 0, err
	}
	b := p.c.buf[p.pos]
	p.pos++
	return b, nil
}

func (p *parser) u16() (uint16, error) {
	if err := p.need(2); err != nil {
		return 0, err
	}
	v := binary.LittleEndian.Uint16(p.c.buf[p.pos:])
	p.pos += 2
	return v, nil
}

func (p *parser) u32() (uint32, error) {
	if err := p.need(4); err != nil {
		return 0, err
	}
	v := binary.LittleEndian.Uint32(p.c.buf[p.pos:])
	p.pos += 4
	return v, nil
}

// utf16n reads n UTF-16 code units.
func (p *parser) utf16n(n int) (string, error) {
	if err := p.need(2 * n); err != nil {
		return "", err
	}
	s := decodeUTF16(p.c.buf[p.pos : p.pos+2*n])
	p.pos += 2 * n
	return s, nil
}

// decodeUTF16 decodes little-endian UTF-16, dropping trailing NULs.
func decodeUTF16(b []byte) string {
	n := len(b) / 2
	for n > 0 && b[2*n-2] == 0 && b[2*n-1] == 0 {
		n--
	}
	return decodeUTF16Raw(b[:2*n])
}

// decodeUTF16Raw decodes little-endian UTF-16, NULs included.
func decodeUTF16Raw(b []byte) string {
	n := len(b) / 2
	ascii := true
	for i := range n {
		if b[2*i+1] != 0 || b[2*i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		out := make([]byte, n)
		for i := range n {
			out[i] = b[2*i]
		}
		return string(out)
	}
	u := make([]uint16, n)
	for i := range n {
		u[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return string(utf16.Decode(u))
}

// name returns the name stored at a chunk offset: next offset (4), hash (2),
// length in characters (2), UTF-16 characters and a NUL. When the offset is
// the parser's position the name is stored inline and the parser skips it.
func (p *parser) name(off uint32) (string, error) {
	if int(off) == p.pos {
		s, n, err := p.c.readName(off)
		if err != nil {
			return "", p.errf("name at chunk offset %d: %w", off, err)
		}
		if err := p.need(n); err != nil {
			return "", err
		}
		p.pos += n
		return s, nil
	}
	s, _, err := p.c.readName(off)
	if err != nil {
		return "", p.errf("name at chunk offset %d: %w", off, err)
	}
	return s, nil
}

func (p *parser) enter() error {
	p.depth++
	if p.depth > maxDepth {
		return p.errf("%w: nesting deeper than %d", ErrLimit, maxDepth)
	}
	return nil
}

func (p *parser) count() error {
	p.nodes++
	if p.nodes > maxNodesPerDoc {
		return p.errf("%w: more than %d nodes", ErrLimit, maxNodesPerDoc)
	}
	p.c.parsed++
	if p.c.parsed > maxNodesPerChunk {
		return p.errf("%w: more than %d nodes parsed in chunk %d", ErrLimit, maxNodesPerChunk, p.c.index)
	}
	return nil
}

// document parses a fragment: an optional fragment header, then elements
// and template instances up to EOF or the end of the range.
func (p *parser) document() ([]*node, error) {
	var out []*node
	for p.pos < p.end {
		tok := p.c.buf[p.pos]
		switch tok & 0x0f {
		case tokEOF:
			p.pos++
			return out, nil
		case tokFragmentHeader:
			if err := p.need(4); err != nil {
				return nil, err
			}
			p.pos += 4
		case tokOpenStart:
			n, err := p.element()
			if err != nil {
				return nil, err
			}
			out = append(out, n)
		case tokTemplate:
			n, err := p.instance()
			if err != nil {
				return nil, err
			}
			out = append(out, n)
		default:
			// Some writers put text or substitutions at the top level
			// of a nested fragment; take them as content.
			n, done, err := p.content()
			if err != nil {
				return nil, err
			}
			if done {
				return nil, p.errf("unexpected token 0x%02x at the top level of a fragment", tok)
			}
			out = append(out, n)
		}
	}
	return out, nil
}

// element parses an element from its open-start token to its end.
func (p *parser) element() (*node, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	if err := p.count(); err != nil {
		return nil, err
	}
	tok, _ := p.u8()
	if _, err := p.u16(); err != nil { // dependency identifier
		return nil, err
	}
	size, err := p.u32()
	if err != nil {
		return nil, err
	}
	if int64(size) > int64(p.end-p.pos) {
		return nil, p.errf("%w: element declares %d bytes, %d left", ErrTruncated, size, p.end-p.pos)
	}
	nameOff, err := p.u32()
	if err != nil {
		return nil, err
	}
	n := &node{kind: nElem}
	if n.name, err = p.name(nameOff); err != nil {
		return nil, err
	}
	if tok&0x40 != 0 {
		if _, err := p.u32(); err != nil { // attribute list size
			return nil, err
		}
		for {
			if err := p.need(1); err != nil {
				return nil, err
			}
			t := p.c.buf[p.pos]
			if t&0x0f != tokAttribute {
				break
			}
			p.pos++
			off, err := p.u32()
			if err != nil {
				return nil, err
			}
			a := attrNode{}
			if a.name, err = p.name(off); err != nil {
				return nil, err
			}
			// The attribute's value: text or substitutions up to the
			// next attribute or the close of the start tag.
			for {
				if err := p.need(1); err != nil {
					return nil, err
				}
				vt := p.c.buf[p.pos] & 0x0f
				if vt == tokAttribute || vt == tokCloseStart || vt == tokCloseEmpty {
					break
				}
				v, done, err := p.content()
				if err != nil {
					return nil, err
				}
				if done {
					return nil, p.errf("unexpected token 0x%02x in attribute %q", p.c.buf[p.pos-1], a.name)
				}
				a.value = append(a.value, v)
			}
			n.attrs = append(n.attrs, a)
			if t&0x40 == 0 {
				break
			}
		}
	}
	t, err := p.u8()
	if err != nil {
		return nil, err
	}
	switch t & 0x0f {
	case tokCloseEmpty:
		return n, nil
	case tokCloseStart:
	default:
		return nil, p.errf("element %q: token 0x%02x where the start tag should close", n.name, t)
	}
	for {
		if err := p.need(1); err != nil {
			return nil, err
		}
		t := p.c.buf[p.pos]
		switch t & 0x0f {
		case tokEndElement:
			p.pos++
			return n, nil
		case tokOpenStart:
			c, err := p.element()
			if err != nil {
				return nil, err
			}
			n.children = append(n.children, c)
		case tokTemplate:
			c, err := p.instance()
			if err != nil {
				return nil, err
			}
			n.children = append(n.children, c)
		default:
			c, done, err := p.content()
			if err != nil {
				return nil, err
			}
			if done {
				return nil, p.errf("element %q: unexpected token 0x%02x", n.name, t)
			}
			n.children = append(n.children, c)
		}
	}
}

// content parses one text-like node: a value, CDATA, a character or entity
// reference, a processing instruction or a substitution. done reports a
// token that is none of these (the token is consumed).
func (p *parser) content() (*node, bool, error) {
	if err := p.count(); err != nil {
		return nil, false, err
	}
	t, err := p.u8()
	if err != nil {
		return nil, false, err
	}
	switch t & 0x0f {
	case tokValue:
		vt, err := p.u8()
		if err != nil {
			return nil, false, err
		}
		if vt != 0x01 {
			return nil, false, p.errf("value token of type 0x%02x, only strings (0x01) are defined", vt)
		}
		n, err := p.u16()
		if err != nil {
			return nil, false, err
		}
		s, err := p.utf16n(int(n))
		if err != nil {
			return nil, false, err
		}
		return &node{kind: nText, text: s}, false, nil
	case tokCDATA:
		n, err := p.u16()
		if err != nil {
			return nil, false, err
		}
		s, err := p.utf16n(int(n))
		if err != nil {
			return nil, false, err
		}
		return &node{kind: nText, text: s}, false, nil
	case tokCharRef:
		c, err := p.u16()
		if err != nil {
			return nil, false, err
		}
		return &node{kind: nCharRef, char: c}, false, nil
	case tokEntityRef:
		off, err := p.u32()
		if err != nil {
			return nil, false, err
		}
		s, err := p.name(off)
		if err != nil {
			return nil, false, err
		}
		return &node{kind: nEntityRef, name: s}, false, nil
	case tokPITarget:
		off, err := p.u32()
		if err != nil {
			return nil, false, err
		}
		s, err := p.name(off)
		if err != nil {
			return nil, false, err
		}
		n := &node{kind: nPI, name: s}
		if p.pos < p.end && p.c.buf[p.pos]&0x0f == tokPIData {
			p.pos++
			l, err := p.u16()
			if err != nil {
				return nil, false, err
			}
			if n.text, err = p.utf16n(int(l)); err != nil {
				return nil, false, err
			}
		}
		return n, false, nil
	case tokNormalSubst, tokOptionalSubst:
		id, err := p.u16()
		if err != nil {
			return nil, false, err
		}
		if _, err := p.u8(); err != nil { // declared value type; the instance's descriptor decides
			return nil, false, err
		}
		return &node{kind: nSubst, subst: id, optional: t&0x0f == tokOptionalSubst}, false, nil
	}
	return nil, true, nil
}

// instance parses a template instance: the template (inline definition or
// a reference to one defined earlier in the chunk) and the values.
func (p *parser) instance() (*node, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	if err := p.need(10); err != nil {
		return nil, err
	}
	p.pos += 2                         // token, unknown byte
	if _, err := p.u32(); err != nil { // template identifier
		return nil, err
	}
	defOff, err := p.u32()
	if err != nil {
		return nil, err
	}
	var t *template
	if int(defOff) == p.pos {
		// Inline definition: next offset (4), GUID (16), data size (4), body.
		if err := p.need(24); err != nil {
			return nil, err
		}
		size := binary.LittleEndian.Uint32(p.c.buf[p.pos+20:])
		if int64(size) > int64(p.end-p.pos-24) {
			return nil, p.errf("%w: template at chunk offset %d declares %d bytes, %d left", ErrTruncated, defOff, size, p.end-p.pos-24)
		}
		if t, err = p.c.template(defOff, p.depth, p.record); err != nil {
			return nil, err
		}
		p.pos += 24 + int(size)
	} else {
		if t, err = p.c.template(defOff, p.depth, p.record); err != nil {
			return nil, err
		}
	}
	n, err := p.u32()
	if err != nil {
		return nil, err
	}
	if n > maxValues {
		return nil, p.errf("%w: template instance declares %d values, at most %d", ErrLimit, n, maxValues)
	}
	if err := p.need(4 * int(n)); err != nil {
		return nil, err
	}
	desc := p.c.buf[p.pos : p.pos+4*int(n)]
	p.pos += 4 * int(n)
	vals := make([]value, n)
	for i := range int(n) {
		size := int(binary.LittleEndian.Uint16(desc[4*i:]))
		if err := p.need(size); err != nil {
			return nil, fmt.Errorf("value %d of %d: %w", i, n, err)
		}
		vals[i] = value{typ: desc[4*i+2], off: p.pos, data: p.c.buf[p.pos : p.pos+size]}
		p.pos += size
	}
	return &node{kind: nInstance, tmpl: t, values: vals}, nil
}
