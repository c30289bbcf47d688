package kernel

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSign(t *testing.T) {
	// Reference value from Python:
	// hmac.new(b"key", b'{"a":1}{}{}{"code":"1"}', hashlib.sha256).hexdigest()
	s, err := NewSigner("key", "hmac-sha256")
	if err != nil {
		t.Fatal(err)
	}
	got := s.Sign([]byte(`{"a":1}`), []byte(`{}`), []byte(`{}`), []byte(`{"code":"1"}`))
	want := "525d0c20431832a53c4a71c4f383df2b62c48584edd4491c14d751fb45b8f847"
	if got != want {
		t.Errorf("Sign = %s, want %s", got, want)
	}
	if got := (Signer{}).Sign([]byte("h"), nil, nil, nil); got != "" {
		t.Errorf("signing with no key = %q, want empty", got)
	}
	if _, err := NewSigner("key", "hmac-md5"); err == nil {
		t.Error("NewSigner accepted hmac-md5")
	}
}

func TestFraming(t *testing.T) {
	s, _ := NewSigner("secret", "hmac-sha256")
	parent := &Message{Identities: [][]byte{[]byte("client-1")}, Header: Header{MsgID: "m1", Session: "s1", Username: "u", MsgType: "execute_request", Version: "5.3"}}
	m, err := reply(parent, "kernel-session", "execute_reply", map[string]any{"status": "ok"})
	if err != nil {
		t.Fatal(err)
	}
	m.Buffers = [][]byte{[]byte("buf")}
	frames, err := s.Encode(m)
	if err != nil {
		t.Fatal(err)
	}
	if string(frames[0]) != "client-1" || string(frames[1]) != "<IDS|MSG>" || len(frames) != 8 {
		t.Fatalf("frames start %q, %q and number %d; want identity, delimiter and 8", frames[0], frames[1], len(frames))
	}
	got, err := s.Decode(frames)
	if err != nil {
		t.Fatalf("Decode(Encode(m)): %v", err)
	}
	var ph Header
	if err := json.Unmarshal(got.Parent, &ph); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		want, got any
	}{
		{"identities", [][]byte{[]byte("client-1")}, got.Identities},
		{"msg_type", "execute_reply", got.Header.MsgType},
		{"parent msg_id", "m1", ph.MsgID},
		{"username from parent", "u", got.Header.Username},
		{"content", `{"status":"ok"}`, string(got.Content)},
		{"buffers", [][]byte{[]byte("buf")}, got.Buffers},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, tt.got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestDecodeRejects(t *testing.T) {
	s, _ := NewSigner("secret", "hmac-sha256")
	m, _ := reply(nil, "s", "kernel_info_request", map[string]any{})
	good, _ := s.Encode(m)
	tampered := append([][]byte(nil), good...)
	tampered[5] = []byte(`{"status":"evil"}`) // content changed after signing
	wrongKey, _ := NewSigner("other", "hmac-sha256")
	signedElsewhere, _ := wrongKey.Encode(m)
	upper := append([][]byte(nil), good...)
	upper[1] = bytes.ToUpper(good[1])
	// signed builds a correctly signed message of the given parts, so that
	// the checks after the signature are reached.
	signed := func(header, parent, metadata, content string) [][]byte {
		return [][]byte{[]byte("<IDS|MSG>"), []byte(s.Sign([]byte(header), []byte(parent), []byte(metadata), []byte(content))),
			[]byte(header), []byte(parent), []byte(metadata), []byte(content)}
	}
	const hdr = `{"msg_id":"1","msg_type":"execute_request"}`
	tests := []struct {
		name   string
		frames [][]byte
		want   error
	}{
		{"tampered content", tampered, ErrSignature},
		{"signed with another key", signedElsewhere, ErrSignature},
		{"unsigned", append([][]byte{good[0], []byte("")}, good[2:]...), ErrSignature},
		{"signature in upper case", upper, ErrSignature},
		{"no frames", nil, ErrMalformed},
		{"no delimiter", good[1:], ErrMalformed},
		{"delimiter only", good[:1], ErrMalformed},
		{"too few parts", good[:4], ErrMalformed},
		{"header not JSON", signed(`{"msg_id":`, `{}`, `{}`, `{}`), ErrMalformed},
		{"header an array", signed(`[]`, `{}`, `{}`, `{}`), ErrMalformed},
		{"header null", signed(`null`, `{}`, `{}`, `{}`), ErrMalformed},
		{"header with a number for msg_type", signed(`{"msg_id":"1","msg_type":7}`, `{}`, `{}`, `{}`), ErrMalformed},
		{"header without msg_type", signed(`{"msg_id":"1"}`, `{}`, `{}`, `{}`), ErrMalformed},
		{"header without msg_id", signed(`{"msg_type":"kernel_info_request"}`, `{}`, `{}`, `{}`), ErrMalformed},
		{"parent header empty", signed(hdr, ``, `{}`, `{}`), ErrMalformed},
		{"metadata a string", signed(hdr, `{}`, `"x"`, `{}`), ErrMalformed},
		{"content an array", signed(hdr, `{}`, `{}`, `[1]`), ErrMalformed},
		{"content with trailing garbage", signed(hdr, `{}`, `{}`, `{} {}`), ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Decode(tt.frames)
			if err == nil {
				t.Fatal("Decode accepted the message")
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("Decode error %q does not wrap %q", err, tt.want)
			}
		})
	}
	if _, err := s.Decode(good); err != nil {
		t.Errorf("Decode(good) = %v", err)
	}
	if got, err := s.Decode(signed(hdr, " {}", "{}\n", `{"code":"1"}`)); err != nil || string(got.Content) != `{"code":"1"}` {
		t.Errorf("Decode of objects with white space = %v, %v", got, err)
	}
}

func TestReplayCache(t *testing.T) {
	sig := func(b byte) []byte { return []byte(strings.Repeat(fmt.Sprintf("%02x", b), 32)) }
	c := newReplayCache(3)
	steps := []struct {
		name string
		sig  []byte
		want bool
	}{
		{"first a", sig(1), true},
		{"a again", sig(1), false},
		{"b", sig(2), true},
		{"c fills the window", sig(3), true},
		{"a still remembered", sig(1), false},
		{"d forgets a", sig(4), true},
		{"a forgotten", sig(1), true},
		{"b forgotten by a", sig(2), true},
		{"d remembered", sig(4), false},
		{"no signature (signing off) is never a replay", nil, true},
		{"no signature twice", nil, true},
		{"not hex", []byte(strings.Repeat("z", 64)), true},
	}
	for _, st := range steps {
		if got := c.add(st.sig); got != st.want {
			t.Errorf("%s: add = %v, want %v", st.name, got, st.want)
		}
	}
	if len(c.seen) > 3 || len(c.ring) > 3 {
		t.Errorf("cache holds %d keys and %d ring entries, want at most 3", len(c.seen), len(c.ring))
	}
}
