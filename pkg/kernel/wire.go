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

// ErrSignature is wrapped by errors about messages whose signature is wrong
// or missing.
var ErrSignature = errors.New("kernel: bad message signature")

// ErrMalformed is wrapped by errors about messages that are not Jupyter
// messages: no delimiter, missing parts, a header that is not a JSON object
// with msg_id and msg_type, or a parent header, metadata or content that is
// not a JSON object.
var ErrMalformed = errors.New("kernel: malformed message")

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
	// Signature is the signature frame as received (empty when signing is
	// off); the kernel remembers it to refuse replays.
	Signature []byte
	Header    Header
	Parent    json.RawMessage
	Metadata  json.RawMessage
	Content   json.RawMessage
	Buffers   [][]byte
	// Received is when the kernel read the message (zero for messages it
	// did not receive), for stop_on_error's clock (abort.go).
	Received time.Time
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
// checks its signature before anything else. Errors wrap ErrSignature or
// ErrMalformed.
func (s Signer) Decode(frames [][]byte) (*Message, error) {
	i := 0
	for i < len(frames) && !bytes.Equal(frames[i], delimiter) {
		i++
	}
	if i == len(frames) {
		return nil, fmt.Errorf("%w: no <IDS|MSG> delimiter in %d frames", ErrMalformed, len(frames))
	}
	if n := len(frames) - i - 1; n < 5 {
		return nil, fmt.Errorf("%w: %d frames after the delimiter, want signature, header, parent header, metadata and content", ErrMalformed, n)
	}
	sig, header, parent, metadata, content := frames[i+1], frames[i+2], frames[i+3], frames[i+4], frames[i+5]
	if !s.Verify(sig, header, parent, metadata, content) {
		return nil, ErrSignature
	}
	m := &Message{Identities: frames[:i], Signature: sig}
	if !isObject(header) {
		return nil, fmt.Errorf("%w: header is not a JSON object", ErrMalformed)
	}
	if err := json.Unmarshal(header, &m.Header); err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrMalformed, err)
	}
	if m.Header.MsgID == "" || m.Header.MsgType == "" {
		return nil, fmt.Errorf("%w: header without msg_id or msg_type", ErrMalformed)
	}
	for _, part := range []struct {
		name string
		b    []byte
	}{{"parent header", parent}, {"metadata", metadata}, {"content", content}} {
		if !isObject(part.b) {
			return nil, fmt.Errorf("%w: %s of %s is not a JSON object", ErrMalformed, part.name, quoteType(m.Header.MsgType))
		}
	}
	m.Parent, m.Metadata, m.Content = parent, metadata, content
	m.Buffers = frames[i+6:]
	return m, nil
}

// Verify reports whether sig is the signature of the four parts: the
// lower-case hex HMAC-SHA256 that Jupyter sends, compared in constant time.
// With signing off every signature, even an empty one, is accepted.
func (s Signer) Verify(sig, header, parent, metadata, content []byte) bool {
	if s.key == nil {
		return true
	}
	return hmac.Equal([]byte(s.Sign(header, parent, metadata, content)), sig)
}

// isObject reports whether b is one valid JSON object.
func isObject(b []byte) bool {
	t := bytes.TrimLeft(b, " \t\r\n")
	return len(t) > 0 && t[0] == '{' && json.Valid(b)
}

// quoteType quotes a message type for log lines and error replies, cut so a
// peer cannot flood the log through it.
func quoteType(t string) string {
	const max = 64
	if len(t) > max {
		return fmt.Sprintf("%q…", t[:max])
	}
	return fmt.Sprintf("%q", t)
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
