package evtx

import (
	"encoding/binary"
	"hash/crc32"
	"unicode/utf16"
)

// A small EVTX writer for tests: it lays out binary XML, templates,
// records, chunks and the file header as Windows does, so that tests can
// build exact events and then damage them byte by byte.

// cw writes binary XML into a chunk; pos is relative to the chunk start.
type cw struct {
	buf []byte
	pos int
}

func newChunk() *cw { return &cw{buf: make([]byte, chunkSize), pos: chunkHeaderSize} }

func (w *cw) u8(v byte) { w.buf[w.pos] = v; w.pos++ }
func (w *cw) u16(v uint16) {
	binary.LittleEndian.PutUint16(w.buf[w.pos:], v)
	w.pos += 2
}
func (w *cw) u32(v uint32) {
	binary.LittleEndian.PutUint32(w.buf[w.pos:], v)
	w.pos += 4
}
func (w *cw) u64(v uint64) {
	binary.LittleEndian.PutUint64(w.buf[w.pos:], v)
	w.pos += 8
}
func (w *cw) bytes(b []byte) { copy(w.buf[w.pos:], b); w.pos += len(b) }

func utf16le(s string) []byte {
	u := utf16.Encode([]rune(s))
	b := make([]byte, 2*len(u))
	for i, c := range u {
		binary.LittleEndian.PutUint16(b[2*i:], c)
	}
	return b
}

// name writes a name offset that points just past itself, then the name.
func (w *cw) name(s string) {
	w.u32(uint32(w.pos + 4))
	u := utf16le(s)
	w.u32(0) // next name
	w.u16(0) // hash
	w.u16(uint16(len(u) / 2))
	w.bytes(u)
	w.u16(0)
}

func (w *cw) fragment() { w.bytes([]byte{tokFragmentHeader, 1, 1, 0}) }

// open writes an open-start-element token; attrs says whether attributes
// follow.
func (w *cw) open(name string, attrs bool) {
	tok := byte(tokOpenStart)
	if attrs {
		tok |= 0x40
	}
	w.u8(tok)
	w.u16(0xffff)
	w.u32(0) // data size, not checked beyond the chunk
	w.name(name)
	if attrs {
		w.u32(0)
	}
}

func (w *cw) attr(name string, more bool) {
	tok := byte(tokAttribute)
	if more {
		tok |= 0x40
	}
	w.u8(tok)
	w.name(name)
}

func (w *cw) text(s string) {
	u := utf16le(s)
	w.u8(tokValue)
	w.u8(typeString)
	w.u16(uint16(len(u) / 2))
	w.bytes(u)
}

func (w *cw) subst(id uint16, typ byte) {
	w.u8(tokNormalSubst)
	w.u16(id)
	w.u8(typ)
}

func (w *cw) optSubst(id uint16, typ byte) {
	w.u8(tokOptionalSubst)
	w.u16(id)
	w.u8(typ)
}

func (w *cw) charRef(c uint16) { w.u8(tokCharRef); w.u16(c) }
func (w *cw) entityRef(name string) {
	w.u8(tokEntityRef)
	w.name(name)
}

func (w *cw) closeStart() { w.u8(tokCloseStart) }
func (w *cw) closeEmpty() { w.u8(tokCloseEmpty) }
func (w *cw) end()        { w.u8(tokEndElement) }
func (w *cw) eof()        { w.u8(tokEOF) }

// elem writes <name>content</name>.
func (w *cw) elem(name string, content func()) {
	w.open(name, false)
	w.closeStart()
	content()
	w.end()
}

// val is one substitution value: its type and a writer of its bytes (the
// writer knows the chunk position, for nested binary XML).
type val struct {
	typ   byte
	write func(w *cw)
}

func raw(typ byte, b []byte) val { return val{typ, func(w *cw) { w.bytes(b) }} }

// instance writes a template instance with an inline definition (body)
// and its values. It returns the template's chunk offset.
func (w *cw) instance(body func(), vals []val) uint32 {
	w.u8(tokTemplate)
	w.u8(1)
	w.u32(0x1234)
	def := uint32(w.pos + 4)
	w.u32(def)
	w.u32(0) // next template
	w.bytes([]byte("0123456789abcdef"))
	sizeAt := w.pos
	w.u32(0)
	start := w.pos
	body()
	binary.LittleEndian.PutUint32(w.buf[sizeAt:], uint32(w.pos-start))
	w.values(vals)
	return def
}

// reuse writes a template instance that refers to the template at def.
func (w *cw) reuse(def uint32, vals []val) {
	w.u8(tokTemplate)
	w.u8(1)
	w.u32(0x1234)
	w.u32(def)
	w.values(vals)
}

func (w *cw) values(vals []val) {
	w.u32(uint32(len(vals)))
	desc := w.pos
	w.pos += 4 * len(vals)
	for i, v := range vals {
		start := w.pos
		v.write(w)
		binary.LittleEndian.PutUint16(w.buf[desc+4*i:], uint16(w.pos-start))
		w.buf[desc+4*i+2] = v.typ
	}
}

// record writes a record around the binary XML that body writes.
func (w *cw) record(id uint64, body func()) {
	start := w.pos
	w.u32(0x00002a2a)
	w.u32(0)
	w.u64(id)
	w.u64(133_000_000_000_000_000)
	body()
	size := w.pos - start + 4
	w.u32(uint32(size))
	binary.LittleEndian.PutUint32(w.buf[start+4:], uint32(size))
}

// finish sets the chunk header and its checksums.
func (w *cw) finish(first, last uint64) []byte {
	copy(w.buf, chunkMagic)
	binary.LittleEndian.PutUint64(w.buf[8:], first)
	binary.LittleEndian.PutUint64(w.buf[16:], last)
	binary.LittleEndian.PutUint64(w.buf[24:], first)
	binary.LittleEndian.PutUint64(w.buf[32:], last)
	binary.LittleEndian.PutUint32(w.buf[40:], 128)
	binary.LittleEndian.PutUint32(w.buf[48:], uint32(w.pos))
	fixChunk(w.buf)
	return w.buf
}

// fixChunk recomputes a chunk's two checksums.
func fixChunk(b []byte) {
	free := binary.LittleEndian.Uint32(b[48:])
	if free >= chunkHeaderSize && free <= chunkSize {
		binary.LittleEndian.PutUint32(b[52:], crc32.ChecksumIEEE(b[chunkHeaderSize:free]))
	}
	h := crc32.NewIEEE()
	h.Write(b[:120])
	h.Write(b[128:chunkHeaderSize])
	binary.LittleEndian.PutUint32(b[124:], h.Sum32())
}

// file joins a header and chunks.
func file(chunks ...[]byte) []byte {
	h := make([]byte, fileHeaderSize)
	copy(h, fileMagic)
	binary.LittleEndian.PutUint64(h[16:], uint64(max(len(chunks)-1, 0)))
	binary.LittleEndian.PutUint64(h[24:], 100)
	binary.LittleEndian.PutUint32(h[32:], 128)
	binary.LittleEndian.PutUint16(h[36:], 1)
	binary.LittleEndian.PutUint16(h[38:], 3)
	binary.LittleEndian.PutUint16(h[40:], fileHeaderSize)
	binary.LittleEndian.PutUint16(h[42:], uint16(len(chunks)))
	fixHeader(h)
	for _, c := range chunks {
		h = append(h, c...)
	}
	return h
}

func fixHeader(h []byte) {
	binary.LittleEndian.PutUint32(h[124:], crc32.ChecksumIEEE(h[:120]))
}

func le16(v uint16) []byte { return binary.LittleEndian.AppendUint16(nil, v) }
func le32(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }
func le64(v uint64) []byte { return binary.LittleEndian.AppendUint64(nil, v) }

// systemBody writes the System element with substitutions 0–15:
// provider name, GUID, qualifiers, event ID, version, level, task, opcode,
// keywords, time, record ID, process, thread, channel, computer, user.
func (w *cw) systemBody() {
	w.open("System", false)
	w.closeStart()
	w.open("Provider", true)
	w.attr("Name", true)
	w.subst(0, typeString)
	w.attr("Guid", false)
	w.optSubst(1, typeGUID)
	w.closeEmpty()
	w.open("EventID", true)
	w.attr("Qualifiers", false)
	w.optSubst(2, typeUint16)
	w.closeStart()
	w.subst(3, typeUint16)
	w.end()
	for i, n := range []string{"Version", "Level", "Task", "Opcode", "Keywords"} {
		w.elem(n, func() { w.optSubst(uint16(4+i), 0) })
	}
	w.open("TimeCreated", true)
	w.attr("SystemTime", false)
	w.optSubst(9, typeFiletime)
	w.closeEmpty()
	w.elem("EventRecordID", func() { w.optSubst(10, typeUint64) })
	w.open("Execution", true)
	w.attr("ProcessID", true)
	w.optSubst(11, typeUint32)
	w.attr("ThreadID", false)
	w.optSubst(12, typeUint32)
	w.closeEmpty()
	w.elem("Channel", func() { w.subst(13, typeString) })
	w.elem("Computer", func() { w.subst(14, typeString) })
	w.open("Security", true)
	w.attr("UserID", false)
	w.optSubst(15, typeSID)
	w.closeEmpty()
	w.end()
}

var testSID = []byte{1, 5, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0xf4, 1, 0, 0}

func systemVals(id uint16, rec uint64) []val {
	return []val{
		raw(typeString, utf16le("Test-Provider")),
		raw(typeGUID, []byte{0x25, 0x96, 0x84, 0x54, 0x78, 0x54, 0x94, 0x49, 0xa5, 0xba, 0x3e, 0x3b, 0x03, 0x28, 0xc3, 0x0d}),
		raw(typeUint16, le16(0x8000)),
		raw(typeUint16, le16(id)),
		raw(typeUint8, []byte{2}),
		raw(typeUint8, []byte{4}),
		raw(typeUint16, le16(12544)),
		raw(typeUint8, []byte{1}),
		raw(typeHex64, le64(0x8020000000000000)),
		raw(typeFiletime, le64(132_000_000_001_234_567)),
		raw(typeUint64, le64(rec)),
		raw(typeUint32, le32(4)),
		raw(typeUint32, le32(5772)),
		raw(typeString, utf16le("Security")),
		raw(typeString, utf16le("host.example")),
		raw(typeSID, []byte{1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0}),
	}
}
