package evtxtest

import (
	"encoding/binary"
	"hash/crc32"
	"unicode/utf16"
)

// Format constants, as package evtx reads them.
const (
	chunkSize       = 0x10000
	chunkHeaderSize = 512
	fileHeaderSize  = 4096

	tokEOF            = 0x00
	tokOpenStart      = 0x01
	tokCloseStart     = 0x02
	tokCloseEmpty     = 0x03
	tokEndElement     = 0x04
	tokValue          = 0x05
	tokAttribute      = 0x06
	tokCharRef        = 0x08
	tokEntityRef      = 0x09
	tokTemplate       = 0x0c
	tokNormalSubst    = 0x0d
	tokOptionalSubst  = 0x0e
	tokFragmentHeader = 0x0f

	typeString = 0x01
)

var (
	chunkMagic = []byte("ElfChnk\x00")
	fileMagic  = []byte("ElfFile\x00")
)

// Chunk writes binary XML into a 64 KiB chunk; Pos is relative to the
// chunk start, where the format's name and template offsets point.
// Writing past the chunk panics: the writer is for tests.
type Chunk struct {
	Buf []byte
	Pos int
}

// NewChunk starts a chunk; records begin after its 512-byte header.
func NewChunk() *Chunk { return &Chunk{Buf: make([]byte, chunkSize), Pos: chunkHeaderSize} }

func (w *Chunk) U8(v byte) { w.Buf[w.Pos] = v; w.Pos++ }
func (w *Chunk) U16(v uint16) {
	binary.LittleEndian.PutUint16(w.Buf[w.Pos:], v)
	w.Pos += 2
}
func (w *Chunk) U32(v uint32) {
	binary.LittleEndian.PutUint32(w.Buf[w.Pos:], v)
	w.Pos += 4
}
func (w *Chunk) U64(v uint64) {
	binary.LittleEndian.PutUint64(w.Buf[w.Pos:], v)
	w.Pos += 8
}
func (w *Chunk) Bytes(b []byte) { copy(w.Buf[w.Pos:], b); w.Pos += len(b) }

func UTF16LE(s string) []byte {
	u := utf16.Encode([]rune(s))
	b := make([]byte, 2*len(u))
	for i, c := range u {
		binary.LittleEndian.PutUint16(b[2*i:], c)
	}
	return b
}

// name writes a name offset that points just past itself, then the name.
func (w *Chunk) Name(s string) {
	w.U32(uint32(w.Pos + 4))
	u := UTF16LE(s)
	w.U32(0) // next name
	w.U16(0) // hash
	w.U16(uint16(len(u) / 2))
	w.Bytes(u)
	w.U16(0)
}

func (w *Chunk) Fragment() { w.Bytes([]byte{tokFragmentHeader, 1, 1, 0}) }

// open writes an open-start-element token; attrs says whether attributes
// follow.
func (w *Chunk) Open(name string, attrs bool) {
	tok := byte(tokOpenStart)
	if attrs {
		tok |= 0x40
	}
	w.U8(tok)
	w.U16(0xffff)
	w.U32(0) // data size, not checked beyond the chunk
	w.Name(name)
	if attrs {
		w.U32(0)
	}
}

func (w *Chunk) Attr(name string, more bool) {
	tok := byte(tokAttribute)
	if more {
		tok |= 0x40
	}
	w.U8(tok)
	w.Name(name)
}

func (w *Chunk) Text(s string) {
	u := UTF16LE(s)
	w.U8(tokValue)
	w.U8(typeString)
	w.U16(uint16(len(u) / 2))
	w.Bytes(u)
}

func (w *Chunk) Subst(id uint16, typ byte) {
	w.U8(tokNormalSubst)
	w.U16(id)
	w.U8(typ)
}

func (w *Chunk) OptSubst(id uint16, typ byte) {
	w.U8(tokOptionalSubst)
	w.U16(id)
	w.U8(typ)
}

func (w *Chunk) CharRef(c uint16) { w.U8(tokCharRef); w.U16(c) }
func (w *Chunk) EntityRef(name string) {
	w.U8(tokEntityRef)
	w.Name(name)
}

func (w *Chunk) CloseStart() { w.U8(tokCloseStart) }
func (w *Chunk) CloseEmpty() { w.U8(tokCloseEmpty) }
func (w *Chunk) End()        { w.U8(tokEndElement) }
func (w *Chunk) EOF()        { w.U8(tokEOF) }

// elem writes <name>content</name>.
func (w *Chunk) Elem(name string, content func()) {
	w.Open(name, false)
	w.CloseStart()
	content()
	w.End()
}

// val is one substitution value: its type and a writer of its bytes (the
// writer knows the chunk position, for nested binary XML).
type Val struct {
	Typ   byte
	Write func(w *Chunk)
}

func Raw(typ byte, b []byte) Val { return Val{Typ: typ, Write: func(w *Chunk) { w.Bytes(b) }} }

// instance writes a template instance with an inline definition (body)
// and its values. It returns the template's chunk offset.
func (w *Chunk) Instance(body func(), vals []Val) uint32 {
	w.U8(tokTemplate)
	w.U8(1)
	w.U32(0x1234)
	def := uint32(w.Pos + 4)
	w.U32(def)
	w.U32(0) // next template
	w.Bytes([]byte("0123456789abcdef"))
	sizeAt := w.Pos
	w.U32(0)
	start := w.Pos
	body()
	binary.LittleEndian.PutUint32(w.Buf[sizeAt:], uint32(w.Pos-start))
	w.Values(vals)
	return def
}

// reuse writes a template instance that refers to the template at def.
func (w *Chunk) Reuse(def uint32, vals []Val) {
	w.U8(tokTemplate)
	w.U8(1)
	w.U32(0x1234)
	w.U32(def)
	w.Values(vals)
}

func (w *Chunk) Values(vals []Val) {
	w.U32(uint32(len(vals)))
	desc := w.Pos
	w.Pos += 4 * len(vals)
	for i, v := range vals {
		start := w.Pos
		v.Write(w)
		binary.LittleEndian.PutUint16(w.Buf[desc+4*i:], uint16(w.Pos-start))
		w.Buf[desc+4*i+2] = v.Typ
	}
}

// record writes a record around the binary XML that body writes.
func (w *Chunk) Record(id uint64, body func()) {
	start := w.Pos
	w.U32(0x00002a2a)
	w.U32(0)
	w.U64(id)
	w.U64(133_000_000_000_000_000)
	body()
	size := w.Pos - start + 4
	w.U32(uint32(size))
	binary.LittleEndian.PutUint32(w.Buf[start+4:], uint32(size))
}

// finish sets the chunk header and its checksums.
func (w *Chunk) Finish(first, last uint64) []byte {
	copy(w.Buf, chunkMagic)
	binary.LittleEndian.PutUint64(w.Buf[8:], first)
	binary.LittleEndian.PutUint64(w.Buf[16:], last)
	binary.LittleEndian.PutUint64(w.Buf[24:], first)
	binary.LittleEndian.PutUint64(w.Buf[32:], last)
	binary.LittleEndian.PutUint32(w.Buf[40:], 128)
	binary.LittleEndian.PutUint32(w.Buf[48:], uint32(w.Pos))
	FixChunk(w.Buf)
	return w.Buf
}

// fixChunk recomputes a chunk's two checksums.
func FixChunk(b []byte) {
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
func File(chunks ...[]byte) []byte {
	h := make([]byte, fileHeaderSize)
	copy(h, fileMagic)
	binary.LittleEndian.PutUint64(h[16:], uint64(max(len(chunks)-1, 0)))
	binary.LittleEndian.PutUint64(h[24:], 100)
	binary.LittleEndian.PutUint32(h[32:], 128)
	binary.LittleEndian.PutUint16(h[36:], 1)
	binary.LittleEndian.PutUint16(h[38:], 3)
	binary.LittleEndian.PutUint16(h[40:], fileHeaderSize)
	binary.LittleEndian.PutUint16(h[42:], uint16(len(chunks)))
	FixHeader(h)
	for _, c := range chunks {
		h = append(h, c...)
	}
	return h
}

func FixHeader(h []byte) {
	binary.LittleEndian.PutUint32(h[124:], crc32.ChecksumIEEE(h[:120]))
}
