package engine

import (
	"bytes"
	"encoding/binary"
	"testing"
)

// FuzzReadFrame: whatever bytes come from a child, readFrame returns a
// reply or an error, never panics, and allocates no more than the limit.
func FuzzReadFrame(f *testing.F) {
	var ok bytes.Buffer
	_ = writeFrame(&ok, reply{ID: 1, Kind: kindOutput})
	f.Add(ok.Bytes())
	f.Add([]byte{0, 0, 0, 2, '{', '}'})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff})
	f.Add([]byte{0, 0, 0, 5, '[', '1', ']', ' ', ' '})
	f.Fuzz(func(t *testing.T, b []byte) {
		const limit = 1 << 16
		r := bytes.NewReader(b)
		for i := 0; i < 8; i++ {
			var m reply
			if err := readFrame(r, limit, &m); err != nil {
				if len(b) >= 4 && i == 0 && binary.BigEndian.Uint32(b) <= limit && len(b)-4 >= int(binary.BigEndian.Uint32(b)) {
					// a whole frame within the limit: only its JSON can be wrong
					if !bytes.Contains([]byte(err.Error()), []byte("malformed")) {
						t.Fatalf("frame of %d bytes: %v", binary.BigEndian.Uint32(b), err)
					}
				}
				return
			}
		}
	})
}

// TestFrameRoundTrip: what writeFrame writes, readFrame reads back.
func TestFrameRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	want := request{ID: 7, Op: opExecute, Code: "fmt.Println(\"<b>é</b>\")\n"}
	if err := writeFrame(&buf, want); err != nil {
		t.Fatal(err)
	}
	var got request
	if err := readFrame(&buf, 1<<20, &got); err != nil || got != want {
		t.Errorf("read back %+v, %v; want %+v", got, err, want)
	}
	buf.Reset()
	_ = writeFrame(&buf, want)
	if err := readFrame(&buf, 10, &got); err == nil {
		t.Errorf("a frame over the limit was read")
	}
}
