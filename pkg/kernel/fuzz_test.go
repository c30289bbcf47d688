package kernel

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The fuzz targets cover what a peer controls: the frames of a message
// (FuzzDecode), the signature check (FuzzVerify) and the byte stream under
// ZeroMQ (FuzzWireGuard). Seeds are in testdata/fuzz; scripts/fuzz runs
// every target of the repository for a set time.

var fuzzSigner = Signer{key: []byte("fuzz-key")}

// FuzzDecode splits data into frames at NUL bytes (JSON text holds no raw
// NUL) and decodes them. With sign set, a correct signature is put in
// place first so the fuzzer gets past the signature check to the JSON.
func FuzzDecode(f *testing.F) {
	f.Add([]byte("id\x00<IDS|MSG>\x00sig\x00{\"msg_id\":\"1\",\"msg_type\":\"kernel_info_request\"}\x00{}\x00{}\x00{}"), true)
	f.Fuzz(func(t *testing.T, data []byte, sign bool) {
		frames := bytes.Split(data, []byte{0})
		d := 0
		for d < len(frames) && !bytes.Equal(frames[d], delimiter) {
			d++
		}
		if sign && len(frames)-d >= 6 {
			frames[d+1] = []byte(fuzzSigner.Sign(frames[d+2], frames[d+3], frames[d+4], frames[d+5]))
		}
		m, err := fuzzSigner.Decode(frames)
		if err != nil {
			if !errors.Is(err, ErrSignature) && !errors.Is(err, ErrMalformed) {
				t.Fatalf("Decode error %q wraps neither ErrSignature nor ErrMalformed", err)
			}
			return
		}
		if m.Header.MsgID == "" || m.Header.MsgType == "" {
			t.Fatalf("accepted a header without msg_id or msg_type: %+v", m.Header)
		}
		if diff := cmp.Diff(frames[:d], m.Identities); diff != "" {
			t.Fatalf("identities (-want +got):\n%s", diff)
		}
		// What was accepted encodes and decodes to the same message.
		again, err := fuzzSigner.Encode(m)
		if err != nil {
			t.Fatalf("Encode of an accepted message: %v", err)
		}
		m2, err := fuzzSigner.Decode(again)
		if err != nil {
			t.Fatalf("Decode(Encode(m)): %v", err)
		}
		m.Signature, m2.Signature = nil, nil
		if diff := cmp.Diff(m, m2); diff != "" {
			t.Fatalf("round trip (-first +second):\n%s", diff)
		}
	})
}

// FuzzVerify checks the signature check against its definition: exactly
// the lower-case hex HMAC of the four parts is accepted.
func FuzzVerify(f *testing.F) {
	f.Add([]byte("key"), []byte(`{"a":1}`), []byte(`{}`), []byte(`{}`), []byte(`{"code":"1"}`),
		[]byte("525d0c20431832a53c4a71c4f383df2b62c48584edd4491c14d751fb45b8f847"))
	f.Fuzz(func(t *testing.T, key, header, parent, metadata, content, sig []byte) {
		if len(key) == 0 {
			return // signing off: everything is accepted by design
		}
		s := Signer{key: key}
		want := s.Sign(header, parent, metadata, content)
		if !s.Verify([]byte(want), header, parent, metadata, content) {
			t.Fatal("the correct signature was refused")
		}
		if got, exact := s.Verify(sig, header, parent, metadata, content), string(sig) == want; got != exact {
			t.Fatalf("Verify(%q) = %v, want %v (signature %s)", sig, got, exact, want)
		}
		flipped := []byte(want)
		flipped[len(sig)%len(flipped)] ^= 1
		if s.Verify(flipped, header, parent, metadata, content) {
			t.Fatal("a signature with one bit changed was accepted")
		}
	})
}

// FuzzWireGuard feeds a byte stream to the wire guard whole and in two
// pieces (it must not matter where reads split the stream) and checks its
// verdict against a plain reading of the same stream.
func FuzzWireGuard(f *testing.F) {
	ready := zmtpFrame(flagCommand, []byte("\x05READY\x0bSocket-Type\x00\x00\x00\x06DEALER"))
	f.Add(concat(zmtpGreeting(3), ready, zmtpFrame(flagMore, []byte("id")), zmtpFrame(0, []byte("body"))), uint16(8), 70)
	f.Fuzz(func(t *testing.T, stream []byte, limit uint16, cut int) {
		maxFrames := 8
		whole := newWireGuard(int64(limit), maxFrames).feed(stream)
		g := newWireGuard(int64(limit), maxFrames)
		cut = max(0, min(len(stream), cut))
		split := g.feed(stream[:cut])
		if split == nil {
			split = g.feed(stream[cut:])
		}
		if (whole == nil) != (split == nil) || whole != nil && whole.Error() != split.Error() {
			t.Fatalf("whole: %v; split at %d: %v", whole, cut, split)
		}
		if want := referenceVerdict(stream, int64(limit), maxFrames); (whole == nil) != want {
			t.Fatalf("guard error %v, but a plain reading says accepted = %v", whole, want)
		}
	})
}

// referenceVerdict reads a ZMTP 3 stream frame by frame, as a plain parser
// would, and reports whether every message it holds (complete or not)
// keeps within limit bytes and maxFrames frames.
func referenceVerdict(s []byte, limit int64, maxFrames int) bool {
	if len(s) > 0 && s[0] != 0xff || len(s) > 9 && s[9] != 0x7f || len(s) > 10 && s[10] < 3 {
		return false
	}
	if len(s) <= greetingLen {
		return true
	}
	s = s[greetingLen:]
	var bytesIn int64
	frames := 0
	for len(s) > 0 {
		flags := s[0]
		if flags&^(flagMore|flagLong|flagCommand) != 0 {
			return false
		}
		var size uint64
		switch {
		case flags&flagLong == 0 && len(s) >= 2:
			size, s = uint64(s[1]), s[2:]
		case flags&flagLong != 0 && len(s) >= 9:
			size, s = binary.BigEndian.Uint64(s[1:9]), s[9:]
		default:
			return true // the size is not all there yet
		}
		frames++
		if frames > maxFrames || size > uint64(limit) || bytesIn+int64(size) > limit {
			return false
		}
		bytesIn += int64(size)
		if uint64(len(s)) < size {
			return true
		}
		s = s[size:]
		if flags&flagMore == 0 || flags&flagCommand != 0 {
			bytesIn, frames = 0, 0
		}
	}
	return true
}
