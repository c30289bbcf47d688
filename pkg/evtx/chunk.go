package evtx

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
)

const (
	chunkSize       = 0x10000
	chunkHeaderSize = 512
	recordHeader    = 24
)

var chunkMagic = []byte("ElfChnk\x00")

// chunk is one 64 KiB chunk being decoded: its bytes, and the names and
// templates decoded so far (offsets are chunk-relative).
type chunk struct {
	buf       []byte
	offset    int64 // file offset, for errors
	index     int
	names     map[uint32]nameEntry
	templates map[uint32]*template
	busy      map[uint32]bool  // templates being parsed, to refuse self-reference
	failed    map[uint32]error // templates that did not parse, not parsed again
	parsed    int              // nodes parsed in this chunk (maxNodesPerChunk)
	steps     int              // render steps in this chunk (maxStepsPerChunk)
	bytes     int              // bytes rendered in this chunk (maxChunkBytes)
}

type nameEntry struct {
	s string
	n int // bytes the name occupies
}

// readName decodes the name structure at off.
func (c *chunk) readName(off uint32) (string, int, error) {
	if e, ok := c.names[off]; ok {
		return e.s, e.n, nil
	}
	o := int(off)
	if o < 0 || o+8 > len(c.buf) {
		return "", 0, fmt.Errorf("%w: offset outside the chunk", ErrTruncated)
	}
	n := int(binary.LittleEndian.Uint16(c.buf[o+6:]))
	size := 8 + 2*n + 2
	if o+size > len(c.buf) {
		return "", 0, fmt.Errorf("%w: name of %d characters runs past the chunk", ErrTruncated, n)
	}
	s := decodeUTF16(c.buf[o+8 : o+8+2*n])
	if c.names == nil {
		c.names = make(map[uint32]nameEntry)
	}
	c.names[off] = nameEntry{s, size}
	return s, size, nil
}

// template returns the template defined at off, parsing it on first use.
func (c *chunk) template(off uint32, depth int, record uint64) (*template, error) {
	if t, ok := c.templates[off]; ok {
		return t, nil
	}
	if err, ok := c.failed[off]; ok {
		return nil, err
	}
	if c.busy[off] {
		return nil, &FormatError{Offset: c.offset + int64(off), Record: record,
			Err: fmt.Errorf("%w: template at chunk offset %d refers to itself", ErrLimit, off)}
	}
	o := int(off)
	if o < chunkHeaderSize || o+24 > len(c.buf) {
		return nil, &FormatError{Offset: c.offset + int64(off), Record: record,
			Err: fmt.Errorf("%w: template offset %d outside the chunk's records", ErrTruncated, off)}
	}
	size := int64(binary.LittleEndian.Uint32(c.buf[o+20:]))
	if int64(o)+24+size > int64(len(c.buf)) {
		return nil, &FormatError{Offset: c.offset + int64(off), Record: record,
			Err: fmt.Errorf("%w: template declares %d bytes, the chunk has %d after it", ErrTruncated, size, len(c.buf)-o-24)}
	}
	if c.busy == nil {
		c.busy = make(map[uint32]bool)
	}
	c.busy[off] = true
	defer delete(c.busy, off)
	p := parser{c: c, pos: o + 24, end: o + 24 + int(size), depth: depth, record: record}
	nodes, err := p.document()
	if err != nil {
		if c.failed == nil {
			c.failed = make(map[uint32]error)
		}
		c.failed[off] = err
		return nil, err
	}
	t := &template{offset: off, nodes: nodes}
	copy(t.guid[:], c.buf[o+4:o+20])
	if c.templates == nil {
		c.templates = make(map[uint32]*template)
	}
	c.templates[off] = t
	return t, nil
}

// chunkResult is what decoding one chunk yields.
type chunkResult struct {
	events  []*Event
	skipped []error // records skipped, each with its reason
	err     error   // the whole chunk skipped, or nil
	unused  bool    // an empty (zeroed) chunk slot
}

// decodeChunk verifies and decodes one chunk. It never panics on bad
// input: every read is bounds-checked and every failure is returned.
func decodeChunk(buf []byte, offset int64, index int, path string) chunkResult {
	var r chunkResult
	if len(buf) < chunkSize {
		r.err = &ChunkError{Path: path, Index: index, Offset: offset,
			Err: fmt.Errorf("%w: chunk of %d bytes, want %d", ErrTruncated, len(buf), chunkSize)}
		return r
	}
	if !bytes.Equal(buf[:8], chunkMagic) {
		if allZero(buf[:chunkHeaderSize]) {
			r.unused = true
			return r
		}
		r.err = &ChunkError{Path: path, Index: index, Offset: offset, Err: fmt.Errorf("%w: chunk signature %q", ErrFormat, buf[:8])}
		return r
	}
	h := crc32.NewIEEE()
	h.Write(buf[:120])
	h.Write(buf[128:chunkHeaderSize])
	if got, want := h.Sum32(), binary.LittleEndian.Uint32(buf[124:]); got != want {
		r.err = &ChunkError{Path: path, Index: index, Offset: offset,
			Err: fmt.Errorf("%w: chunk header CRC32 0x%08x, stored 0x%08x", ErrChecksum, got, want)}
		return r
	}
	free := binary.LittleEndian.Uint32(buf[48:])
	if free < chunkHeaderSize || free > chunkSize {
		r.err = &ChunkError{Path: path, Index: index, Offset: offset,
			Err: fmt.Errorf("%w: free space offset %d outside 512..65536", ErrFormat, free)}
		return r
	}
	if got, want := crc32.ChecksumIEEE(buf[chunkHeaderSize:free]), binary.LittleEndian.Uint32(buf[52:]); got != want {
		r.err = &ChunkError{Path: path, Index: index, Offset: offset,
			Err: fmt.Errorf("%w: event records CRC32 0x%08x, stored 0x%08x", ErrChecksum, got, want)}
		return r
	}
	r.events, r.skipped = decodeRecords(buf, int(free), offset, index, path)
	return r
}

// decodeRecords decodes the records of a verified chunk, from offset 512 to
// the free space offset.
func decodeRecords(buf []byte, free int, offset int64, index int, path string) ([]*Event, []error) {
	c := &chunk{buf: buf, offset: offset, index: index}
	var events []*Event
	var skipped []error
	pos := chunkHeaderSize
	for pos+recordHeader+4 <= free {
		if binary.LittleEndian.Uint32(buf[pos:]) != 0x00002a2a {
			if allZero(buf[pos : pos+4]) {
				break // slack after the last record
			}
			skipped = append(skipped, &FormatError{Path: path, Offset: offset + int64(pos),
				Err: fmt.Errorf("%w: record signature 0x%08x where a record should start; rest of chunk %d skipped", ErrFormat, binary.LittleEndian.Uint32(buf[pos:]), index)})
			break
		}
		size := int(binary.LittleEndian.Uint32(buf[pos+4:]))
		id := binary.LittleEndian.Uint64(buf[pos+8:])
		if size < recordHeader+4 || size > free-pos {
			skipped = append(skipped, &FormatError{Path: path, Offset: offset + int64(pos), Record: id,
				Err: fmt.Errorf("%w: record of %d bytes, the chunk has %d left; rest of chunk %d skipped", ErrTruncated, size, free-pos, index)})
			break
		}
		if tail := int(binary.LittleEndian.Uint32(buf[pos+size-4:])); tail != size {
			skipped = append(skipped, &FormatError{Path: path, Offset: offset + int64(pos), Record: id,
				Err: fmt.Errorf("%w: record size %d, trailing copy %d", ErrFormat, size, tail)})
			pos += size
			continue
		}
		ev, err := decodeRecord(c, pos, size, id)
		if err != nil {
			var fe *FormatError
			if errors.As(err, &fe) {
				fe.Path = path
			}
			skipped = append(skipped, err)
		} else {
			ev.File = path
			events = append(events, ev)
		}
		pos += size
	}
	return events, skipped
}

func decodeRecord(c *chunk, pos, size int, id uint64) (ev *Event, err error) {
	p := parser{c: c, pos: pos + recordHeader, end: pos + size - 4, record: id}
	nodes, err := p.document()
	if err != nil {
		return nil, err
	}
	b := builder{c: c, record: id}
	root := &elem{}
	if err := b.eval(root, nodes, nil, 0); err != nil {
		return nil, err
	}
	ev = &Event{RecordID: id}
	written := filetime(binary.LittleEndian.Uint64(c.buf[pos+16:]))
	for _, e := range root.kids {
		if e.name == "Event" {
			ev.fill(e)
			break
		}
	}
	if ev.TimeCreated.IsZero() {
		ev.TimeCreated = written
	}
	return ev, nil
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}
