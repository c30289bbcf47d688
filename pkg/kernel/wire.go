package kernel

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// ProtocolVersion is the Jupyter messaging protocol version spoken.
const ProtocolVersion = "5.3"

// delimiter separates ZeroMQ routing identities from the message.
var delimiter = []byte("<IDS|MSG>")

// ErrSignature is wrapped by errors about messages whose signature is wrong.
var ErrSignature = errors.New("kernel: bad message signature")

// Header is a message header.
type Header struct {
	MsgID    string `json:"msg_id"`
	Session  string `json:"session"`
	Username string `json:"username"`
	Date     string `json:"date"`
	MsgType  string `json:"msg_type"`
	Version  string `json:"version"`
}

// Message is one Jupyter message. Parent and Content stay raw JSON until a
// handler decodes them.
type Message struct {
	Identities [][]byte
	Header     Header
	Parent     json.RawMessage
	Metadata   json.RawMessage
	Content    json.RawMessage
	Buffers    [][]byte
}

// Signer computes message signatures with HMAC-SHA256; a nil key means
// signing is off (an empty key in the connection file).
type Signer struct{ key []byte }

// NewSigner returns a signer for the connection file's key and scheme.
func NewSigner(key, scheme string) (Signer, error) {
	if key != "" && scheme != "hmac-sha256" {
		return Signer{}, fmt.Errorf("kernel: unsupported signature scheme %q (want hmac-sha256)", scheme)
	}
	if key == "" {
		return Signer{}, nil
	}
	return Signer{key: []byte(key)}, nil
}

// Sign returns the hex signature of the four message parts.
func (s Signer) Sign(header, parent, metadata, content []byte) string {
	if s.key == nil {
		return ""
	}
	mac := hmac.New(sha256.New, s.key)
	mac.Write(header)
	mac.Write(parent)
	mac.Write(metadata)
	mac.Write(content)
	return hex.EncodeToString(mac.Sum(nil))
}

// Decode parses the frames of a message received on a ROUTER socket and
// checks its signature.
func (s Signer) Decode(frames [][]byte) (*Message, error) {
	i := 0
	for i < len(frames) && !bytes.Equal(frames[i], delimiter) {
		i++
	}
	if len(frames)-i < 6 {
		return nil, fmt.Errorf("kernel: malformed message: %d frames, no delimiter and 5 parts", len(frames))
	}
	m := &Message{Identities: frames[:i]}
	sig, header, parent, metadata, content := frames[i+1], frames[i+2], frames[i+3], frames[i+4], frames[i+5]
	if s.key != nil {
		want := s.Sign(header, parent, metadata, content)
		if !hmac.Equal([]byte(want), sig) {
			return nil, fmt.Errorf("%w (message type unknown until checked)", ErrSignature)
		}
	}
	if err := json.Unmarshal(header, &m.Header); err != nil {
		return nil, fmt.Errorf("kernel: malformed message header: %w", err)
	}
	m.Parent, m.Metadata, m.Content = parent, metadata, content
	m.Buffers = frames[i+6:]
	return m, nil
}

// Encode returns the frames of m, signed: identities, delimiter, signature,
// header, parent header, metadata, content, buffers.
func (s Signer) Encode(m *Message) ([][]byte, error) {
	header, err := json.Marshal(m.Header)
	if err != nil {
		return nil, err
	}
	parent, metadata, content := orEmpty(m.Parent), orEmpty(m.Metadata), orEmpty(m.Content)
	frames := make([][]byte, 0, len(m.Identities)+6+len(m.Buffers))
	frames = append(frames, m.Identities...)
	frames = append(frames, delimiter, []byte(s.Sign(header, parent, metadata, content)), header, parent, metadata, content)
	return append(frames, m.Buffers...), nil
}

func orEmpty(b json.RawMessage) []byte {
	if len(b) == 0 {
		return []byte("{}")
	}
	return b
}

// newID returns a random message or session id.
func newID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// reply builds a message of type msgType in answer to parent (nil for none).
func reply(parent *Message, session, msgType string, content any) (*Message, error) {
	c, err := json.Marshal(content)
	if err != nil {
		return nil, err
	}
	m := &Message{
		Header: Header{
			MsgID:    newID(),
			Session:  session,
			Username: "huntbook",
			Date:     time.Now().UTC().Format("2006-01-02T15:04:05.000000Z"),
			MsgType:  msgType,
			Version:  ProtocolVersion,
		},
		Content: c,
	}
	if parent != nil {
		m.Identities = parent.Identities
		m.Parent, err = json.Marshal(parent.Header)
		if err != nil {
			return nil, err
		}
		m.Header.Username = parent.Header.Username
	}
	return m, nil
}
