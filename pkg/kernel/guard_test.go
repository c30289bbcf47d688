package kernel

import (
	"encoding/binary"
	"errors"
	"testing"
)

// zmtpGreeting is a ZMTP 3.0 greeting for the NULL mechanism.
func zmtpGreeting(major byte) []byte {
	g := make([]byte, greetingLen)
	g[0], g[9], g[10] = 0xff, 0x7f, major
	copy(g[12:], "NULL")
	return g
}

// zmtpFrame encodes one frame; a size below 256 uses the short form unless
// long is set. declared overrides the size field (to lie about the body).
func zmtpFrame(flags byte, body []byte, declared ...uint64) []byte {
	size := uint64(len(body))
	if len(declared) > 0 {
		size = declared[0]
	}
	if size > 255 || flags&flagLong != 0 {
		b := []byte{flags | flagLong, 0, 0, 0, 0, 0, 0, 0, 0}
		binary.BigEndian.PutUint64(b[1:], size)
		return append(b, body...)
	}
	return append([]byte{flags, byte(size)}, body...)
}

func concat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func TestWireGuard(t *testing.T) {
	ready := zmtpFrame(flagCommand, []byte("\x05READY\x0bSocket-Type\x00\x00\x00\x06DEALER"))
	b := func(n int) []byte { return make([]byte, n) }
	const limit = 100
	tests := []struct {
		name      string
		stream    []byte
		want      error // nil: accepted
		handshake bool  // the peer's first command was seen
	}{
		{"greeting only", zmtpGreeting(3), nil, false},
		{"greeting and READY", concat(zmtpGreeting(3), ready), nil, true},
		{"message under the limit", concat(zmtpGreeting(3), ready, zmtpFrame(flagMore, b(40)), zmtpFrame(0, b(50))), nil, true},
		{"message at the limit", concat(zmtpGreeting(3), ready, zmtpFrame(flagMore, b(60)), zmtpFrame(0, b(40))), nil, true},
		{"message one byte over", concat(zmtpGreeting(3), ready, zmtpFrame(flagMore, b(60)), zmtpFrame(0, b(41))), errTooBig, true},
		{"limit counts per message", concat(zmtpGreeting(3), ready, zmtpFrame(0, b(90)), zmtpFrame(0, b(90))), nil, true},
		{"long form for a small frame", concat(zmtpGreeting(3), ready, zmtpFrame(flagLong, b(5))), nil, true},
		{"huge declared size, no body sent", concat(zmtpGreeting(3), ready, zmtpFrame(0, nil, 1<<62)), errTooBig, true},
		{"size past int64", concat(zmtpGreeting(3), ready, zmtpFrame(0, nil, 1<<63+1)), errTooBig, true},
		{"huge command before READY", concat(zmtpGreeting(3), zmtpFrame(flagCommand, nil, 1<<40)), errTooBig, false},
		{"too many empty frames", concat(zmtpGreeting(3), ready, repeat(zmtpFrame(flagMore, nil), MaxFrames), zmtpFrame(0, nil)), errTooManyFrame, true},
		{"frame count resets per message", concat(zmtpGreeting(3), ready, repeat(zmtpFrame(flagMore, nil), MaxFrames-1), zmtpFrame(0, nil), zmtpFrame(0, nil)), nil, true},
		{"HTTP request", []byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), errNotZMTP, false},
		{"TLS hello", []byte{0x16, 0x03, 0x01, 0x02, 0x00}, errNotZMTP, false},
		{"ZMTP 2 peer", zmtpGreeting(1), errZMTPVersion, false},
		{"reserved flag bits", concat(zmtpGreeting(3), ready, []byte{0x80, 0}), errFrameFlags, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			whole := newWireGuard(limit, MaxFrames)
			err := whole.feed(tt.stream)
			if !errors.Is(err, tt.want) {
				t.Errorf("fed at once: error %v, want %v", err, tt.want)
			}
			if tt.want == nil && whole.handshakeDone() != tt.handshake {
				t.Errorf("handshakeDone = %v, want %v", whole.handshakeDone(), tt.handshake)
			}
			bytewise := newWireGuard(limit, MaxFrames)
			err = nil
			for i := 0; i < len(tt.stream) && err == nil; i++ {
				err = bytewise.feed(tt.stream[i : i+1])
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("fed byte by byte: error %v, want %v", err, tt.want)
			}
		})
	}
}

func repeat(b []byte, n int) []byte {
	var out []byte
	for range n {
		out = append(out, b...)
	}
	return out
}
