package kernel

import (
	"encoding/json"
	"errors"
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
	tests := []struct {
		name   string
		frames [][]byte
		sig    bool
	}{
		{"tampered content", tampered, true},
		{"signed with another key", signedElsewhere, true},
		{"unsigned", append([][]byte{good[0], []byte("")}, good[2:]...), true},
		{"no delimiter", good[1:], false},
		{"too few parts", good[:4], false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Decode(tt.frames)
			if err == nil {
				t.Fatal("Decode accepted the message")
			}
			if errors.Is(err, ErrSignature) != tt.sig {
				t.Errorf("Decode error %v: signature error = %v, want %v", err, !tt.sig, tt.sig)
			}
		})
	}
	if _, err := s.Decode(good); err != nil {
		t.Errorf("Decode(good) = %v", err)
	}
}
