package evtx

import (
	"bytes"
	"context"
	"encoding/binary"
	"testing"

	"github.com/huntbook/huntbook/pkg/evtx/evtxtest"
)

// FuzzChunk feeds the records area of a chunk to the chunk and record
// parser, with the checksums made right so that the fuzzer reaches the
// binary XML. Whatever the bytes, decoding returns events or reasons,
// never panics, and keeps to the limits.
func FuzzChunk(f *testing.F) {
	for _, d := range [][]byte{testFile(), selfTemplate(), deepFile(80), valueCount(), bomb()} {
		c := d[fileHeaderSize:]
		free := binary.LittleEndian.Uint32(c[48:])
		f.Add(bytes.Clone(c[chunkHeaderSize:free]))
	}
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, records []byte) {
		buf := make([]byte, chunkSize)
		copy(buf, chunkMagic)
		n := copy(buf[chunkHeaderSize:], records)
		binary.LittleEndian.PutUint32(buf[48:], uint32(chunkHeaderSize+n))
		evtxtest.FixChunk(buf)
		r := decodeChunk(buf, fileHeaderSize, 0, "fuzz.evtx")
		if r.err != nil {
			t.Fatalf("a chunk with good checksums was skipped: %v", r.err)
		}
		for _, ev := range r.events {
			size := 0
			for _, fd := range ev.Data {
				size += len(fd.Name) + len(fd.Value)
			}
			if size > maxEventBytes {
				t.Fatalf("event of %d bytes, over the limit", size)
			}
		}
	})
}

// FuzzFile reads whole files: header, chunk slots, damage counting. The
// input stays small, so the fuzzer minimizes quickly: its first byte picks
// the damage (bit 0: leave the chunk checksums as they are; bit 1: cut the
// file after the records; bit 2: a second, zeroed chunk slot), the next 128
// bytes are the file header's first bytes (the header checksum is made
// right unless they carry one), the rest the records area of one chunk.
func FuzzFile(f *testing.F) {
	good := testFile()
	free := binary.LittleEndian.Uint32(good[fileHeaderSize+48:])
	records := good[fileHeaderSize+chunkHeaderSize : fileHeaderSize+int(free)]
	f.Add(append(append([]byte{0}, good[:128]...), records...))
	f.Add(append(append([]byte{1}, good[:128]...), records...))
	f.Add(append(append([]byte{2}, good[:128]...), records[:100]...))
	f.Add(append(append([]byte{4}, good[:128]...), records...))
	f.Add([]byte{0})
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) == 0 {
			return
		}
		mode, in := in[0], in[1:]
		file := make([]byte, fileHeaderSize+chunkSize)
		copy(file, good[:fileHeaderSize])
		n := copy(file[:128], in)
		in = in[n:]
		if n < 128 || binary.LittleEndian.Uint32(file[124:]) == 0 {
			evtxtest.FixHeader(file)
		}
		c := file[fileHeaderSize:]
		copy(c, good[fileHeaderSize:fileHeaderSize+chunkHeaderSize])
		m := copy(c[chunkHeaderSize:], in)
		binary.LittleEndian.PutUint32(c[48:], uint32(chunkHeaderSize+m))
		if mode&1 == 0 {
			evtxtest.FixChunk(c)
		}
		if mode&2 != 0 {
			file = file[:fileHeaderSize+chunkHeaderSize+m]
		}
		if mode&4 != 0 {
			file = append(file, make([]byte, chunkSize)...)
		}
		r, err := NewReader(bytes.NewReader(file), int64(len(file)))
		if err != nil {
			return
		}
		got := 0
		for _, err := range r.Events(context.Background()) {
			if err != nil {
				t.Fatal(err)
			}
			got++
		}
		st := r.Stats()
		if st.Records != got {
			t.Fatalf("Stats.Records %d, %d events yielded", st.Records, got)
		}
		if st.Chunks+st.ChunksSkipped+st.ChunksUnused != (len(file)-fileHeaderSize+chunkSize-1)/chunkSize {
			t.Fatalf("chunk slots not all accounted for: %+v", st)
		}
	})
}
