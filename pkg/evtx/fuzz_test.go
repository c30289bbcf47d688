package evtx

import (
	"bytes"
	"context"
	"encoding/binary"
	"github.com/huntbook/huntbook/pkg/evtx/evtxtest"
	"testing"
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

// FuzzFile reads whole files: header, chunk slots, damage counting.
func FuzzFile(f *testing.F) {
	good := testFile()
	f.Add(good)
	f.Add(good[:fileHeaderSize+1000])
	f.Add(good[:200])
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		n := 0
		for _, err := range r.Events(context.Background()) {
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
		st := r.Stats()
		if st.Records != n {
			t.Fatalf("Stats.Records %d, %d events yielded", st.Records, n)
		}
	})
}
