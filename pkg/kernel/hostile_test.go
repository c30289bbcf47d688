package kernel

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
)

// These tests speak raw ZeroMQ (go-zeromq/zmq4 and plain TCP) to a kernel
// running in the test process with the real cell engine. Each case ends by
// executing a cell through a well-behaved client: the kernel keeps serving.
// Nothing is timed: a dropped message is shown dropped by the reply to the
// next message on the same connection, which the kernel handles in order.

const testKey = "hostile-test-key"

// quiet gives the test's own sockets a logger: zmq4's default reads
// os.Stderr, which the cell engine swaps while it starts and runs cells.
var quiet = zmq4.WithLogger(log.New(io.Discard, "", 0))

// syncBuffer is the kernel's log.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type testKernel struct {
	ci  ConnectionInfo
	log *syncBuffer
}

// startKernel runs a kernel on free loopback ports until the test ends.
func startKernel(t *testing.T, maxMessage int64) *testKernel {
	t.Helper()
	return runKernel(t, ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", ShellPort: freePort(t), ControlPort: freePort(t),
		StdinPort: freePort(t), IOPubPort: freePort(t), HBPort: freePort(t), Key: testKey, SignatureScheme: "hmac-sha256"}, maxMessage)
}

// runKernel runs a kernel on ci until the test ends.
func runKernel(t *testing.T, ci ConnectionInfo, maxMessage int64) *testKernel {
	t.Helper()
	k := &testKernel{ci: ci, log: &syncBuffer{}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Run(ctx, k.ci, Options{Log: k.log, MaxMessageSize: maxMessage, Version: "test"}) }()
	t.Cleanup(func() {
		cancel()
		<-done
		if t.Failed() {
			t.Logf("kernel log:\n%s", k.log)
		}
	})
	k.waitLog(t, "listening on")
	return k
}

func (k *testKernel) addr(port int) string { return fmt.Sprintf("tcp://127.0.0.1:%d", port) }

// waitLog waits until the kernel has logged want (for events that no reply
// orders, such as a connection the kernel closed).
func (k *testKernel) waitLog(t *testing.T, want string) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if strings.Contains(k.log.String(), want) {
			return
		}
	}
	t.Fatalf("the kernel never logged %q", want)
}

func (k *testKernel) hasLogged(t *testing.T, want string) {
	t.Helper()
	if !strings.Contains(k.log.String(), want) {
		t.Errorf("the kernel did not log %q", want)
	}
}

// client is a DEALER connected to one of the kernel's sockets.
type client struct {
	t      *testing.T
	s      zmq4.Socket
	signer Signer
	n      int
}

func (k *testKernel) dial(t *testing.T, port int, key string) *client {
	t.Helper()
	signer, _ := NewSigner(key, "hmac-sha256")
	s := zmq4.NewDealer(context.Background(), zmq4.WithTimeout(10*time.Second), quiet)
	if err := s.Dial(k.addr(port)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return &client{t: t, s: s, signer: signer}
}

// frames builds a signed request of the client's key.
func (c *client) frames(msgType string, content any) (string, [][]byte) {
	c.t.Helper()
	c.n++
	m, err := reply(nil, "test-session", msgType, content)
	if err != nil {
		c.t.Fatal(err)
	}
	m.Header.MsgID = fmt.Sprintf("%s-%d-%d", msgType, c.n, time.Now().UnixNano())
	f, err := c.signer.Encode(m)
	if err != nil {
		c.t.Fatal(err)
	}
	return m.Header.MsgID, f
}

func (c *client) send(frames [][]byte) {
	c.t.Helper()
	if err := c.s.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		c.t.Fatalf("send: %v", err)
	}
}

func (c *client) request(msgType string, content any) string {
	id, f := c.frames(msgType, content)
	c.send(f)
	return id
}

// recv returns the next reply, failing the test if none comes.
func (c *client) recv() (*Message, map[string]any) {
	c.t.Helper()
	type result struct {
		msg zmq4.Msg
		err error
	}
	ch := make(chan result, 1)
	go func() { m, err := c.s.Recv(); ch <- result{m, err} }()
	var r result
	select {
	case r = <-ch:
	case <-time.After(30 * time.Second):
		c.t.Fatal("no reply from the kernel")
	}
	if r.err != nil {
		c.t.Fatalf("recv: %v", r.err)
	}
	m, err := c.signer.Decode(r.msg.Frames)
	if err != nil {
		c.t.Fatalf("reply: %v", err)
	}
	var content map[string]any
	if err := json.Unmarshal(m.Content, &content); err != nil {
		c.t.Fatal(err)
	}
	return m, content
}

// replyTo reads the next reply and checks that it answers msgID.
func (c *client) replyTo(msgID string) (*Message, map[string]any) {
	c.t.Helper()
	m, content := c.recv()
	var parent Header
	_ = json.Unmarshal(m.Parent, &parent)
	if parent.MsgID != msgID {
		c.t.Fatalf("got %s answering %q, want the reply to %q", m.Header.MsgType, parent.MsgID, msgID)
	}
	return m, content
}

func execContent(code string) map[string]any {
	return map[string]any{"code": code, "silent": false, "store_history": true, "user_expressions": map[string]any{},
		"allow_stdin": false, "stop_on_error": true}
}

// execute runs code and returns the execute_reply content.
func (c *client) execute(code string) map[string]any {
	c.t.Helper()
	_, content := c.replyTo(c.request("execute_request", execContent(code)))
	return content
}

// alive checks, through a new connection, that the kernel still runs cells.
func (k *testKernel) alive(t *testing.T) {
	t.Helper()
	c := k.dial(t, k.ci.ShellPort, testKey)
	if r := c.execute(`40 + 2`); r["status"] != "ok" {
		t.Fatalf("the kernel no longer runs cells: %v", r)
	}
}

// dropped checks that the message c sent last was dropped: the next reply
// on the connection answers a kernel_info_request sent after it.
func (c *client) dropped() {
	c.t.Helper()
	m, _ := c.replyTo(c.request("kernel_info_request", map[string]any{}))
	if m.Header.MsgType != "kernel_info_reply" {
		c.t.Fatalf("got %s, want kernel_info_reply", m.Header.MsgType)
	}
}

func TestHostileMessages(t *testing.T) {
	k := startKernel(t, 0)
	_, good := (&client{t: t, signer: Signer{key: []byte(testKey)}}).frames("kernel_info_request", map[string]any{})
	signed := func(header, parent, metadata, content string) [][]byte {
		s := Signer{key: []byte(testKey)}
		return [][]byte{delimiter, []byte(s.Sign([]byte(header), []byte(parent), []byte(metadata), []byte(content))),
			[]byte(header), []byte(parent), []byte(metadata), []byte(content)}
	}
	tests := []struct {
		name   string
		frames [][]byte
		log    string
	}{
		{"unsigned", append([][]byte{good[0], nil}, good[2:]...), "shell: dropped a message: kernel: bad message signature"},
		{"signature of the wrong length", append([][]byte{good[0], []byte("00")}, good[2:]...), "shell: dropped a message: kernel: bad message signature"},
		{"no delimiter", good[1:], "no <IDS|MSG> delimiter"},
		{"missing frames", good[:3], "2 frames after the delimiter"},
		{"header not JSON", signed(`{"msg_type":`, `{}`, `{}`, `{}`), "header is not a JSON object"},
		{"content not an object", signed(`{"msg_id":"x1","msg_type":"execute_request"}`, `{}`, `{}`, `"for {}"`), "content of \"execute_request\" is not a JSON object"},
		{"only a delimiter", [][]byte{delimiter}, "0 frames after the delimiter"},
	}
	c := k.dial(t, k.ci.ShellPort, testKey)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.t = t
			c.send(tt.frames)
			c.dropped()
			k.hasLogged(t, tt.log)
			k.alive(t)
		})
	}
}

func TestWrongKeyOnEveryChannel(t *testing.T) {
	k := startKernel(t, 0)
	for _, ch := range []struct {
		name string
		port int
	}{{"shell", k.ci.ShellPort}, {"control", k.ci.ControlPort}} {
		t.Run(ch.name, func(t *testing.T) {
			bad := k.dial(t, ch.port, "not-the-key")
			good := k.dial(t, ch.port, testKey)
			// The same connection is needed to order the drop and the
			// reply: send the forged frames through the good client.
			_, forged := bad.frames("execute_request", execContent(`panic("forged")`))
			good.send(forged)
			good.dropped()
			k.hasLogged(t, ch.name+": dropped a message: kernel: bad message signature")
			k.alive(t)
		})
	}
	t.Run("stdin", func(t *testing.T) {
		bad := k.dial(t, k.ci.StdinPort, "not-the-key")
		good := k.dial(t, k.ci.StdinPort, testKey)
		_, forged := bad.frames("input_reply", map[string]any{"value": "forged"})
		good.send(forged)
		good.request("input_reply", map[string]any{"value": "x"})
		k.waitLog(t, `stdin: ignored "input_reply": no input was requested`)
		k.hasLogged(t, "stdin: dropped a message: kernel: bad message signature")
		k.alive(t)
	})
}

func TestReplayedMessageRunsOnce(t *testing.T) {
	k := startKernel(t, 0)
	c := k.dial(t, k.ci.ShellPort, testKey)
	if r := c.execute(`hits := 0`); r["status"] != "ok" {
		t.Fatal(r)
	}
	id, once := c.frames("execute_request", execContent(`hits++`))
	c.send(once)
	first, r := c.replyTo(id)
	if r["status"] != "ok" {
		t.Fatalf("%s: %v", first.Header.MsgType, r)
	}
	c.send(once) // the same frames again: same signature
	c.dropped()
	k.hasLogged(t, `shell: dropped a replayed "execute_request" message`)
	if r := c.execute(`if hits != 1 { panic(hits) }`); r["status"] != "ok" {
		t.Fatalf("the replayed cell ran again: %v", r)
	}
	k.alive(t)
}

func TestUnknownMessageTypes(t *testing.T) {
	k := startKernel(t, 0)
	c := k.dial(t, k.ci.ShellPort, testKey)
	tests := []struct{ msgType, reply string }{
		{"frobnicate_request", "frobnicate_reply"},
		{"debug_request", "debug_reply"},
		{"no-suffix", "no-suffix_reply"},
		{strings.Repeat("x", 5000), strings.Repeat("x", 5000) + "_reply"},
	}
	for _, tt := range tests {
		t.Run(tt.msgType[:min(len(tt.msgType), 20)], func(t *testing.T) {
			c.t = t
			m, r := c.replyTo(c.request(tt.msgType, map[string]any{}))
			if m.Header.MsgType != tt.reply || r["status"] != "error" || r["ename"] != "UnknownMessageType" {
				t.Errorf("got %.40s %v, want %.40s with status error", m.Header.MsgType, r, tt.reply)
			}
			k.alive(t)
		})
	}
	if strings.Contains(k.log.String(), strings.Repeat("x", 100)) {
		t.Error("the log holds a whole 5000-byte message type; it should be cut")
	}
}

// rawZMTP opens a TCP connection and completes the ZMTP handshake as a
// DEALER, so a test can then write any bytes.
func rawZMTP(t *testing.T, addr string) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(addr, "tcp://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	ready := zmtpFrame(flagCommand, []byte("\x05READY\x0bSocket-Type\x00\x00\x00\x06DEALER"))
	if _, err := conn.Write(append(zmtpGreeting(3), ready...)); err != nil {
		t.Fatal(err)
	}
	return conn
}

func TestOversizedMessages(t *testing.T) {
	const limit = 1 << 20
	k := startKernel(t, limit)
	t.Run("one frame over the limit", func(t *testing.T) {
		c := k.dial(t, k.ci.ShellPort, testKey)
		_, f := c.frames("execute_request", execContent(strings.Repeat("/", limit)))
		_ = c.s.SendMulti(zmq4.NewMsgFrom(f...)) // the kernel may close the connection while it is written
		k.waitLog(t, "message over the size limit")
		k.alive(t)
	})
	t.Run("a frame that claims 2^62 bytes", func(t *testing.T) {
		// Without the guard zmq4 calls make([]byte, 1<<62) and the process dies.
		conn := rawZMTP(t, k.addr(k.ci.ShellPort))
		if _, err := conn.Write(zmtpFrame(0, nil, 1<<62)); err != nil {
			t.Fatal(err)
		}
		k.waitLog(t, "a frame of 4611686018427387904 bytes")
		k.alive(t)
	})
	t.Run("frames that add up past the limit", func(t *testing.T) {
		conn := rawZMTP(t, k.addr(k.ci.ControlPort))
		half := make([]byte, limit/2+1)
		if _, err := conn.Write(concat(zmtpFrame(flagMore, half), zmtpFrame(0, half))); err != nil {
			t.Fatal(err)
		}
		k.waitLog(t, fmt.Sprintf("control: closed the connection from %s: message over the size limit", conn.LocalAddr()))
		k.alive(t)
	})
	t.Run("on the heartbeat", func(t *testing.T) {
		conn := rawZMTP(t, k.addr(k.ci.HBPort))
		if _, err := conn.Write(zmtpFrame(0, nil, limit+1)); err != nil {
			t.Fatal(err)
		}
		k.waitLog(t, "heartbeat: closed the connection")
		k.alive(t)
	})
	t.Run("under the limit", func(t *testing.T) {
		c := k.dial(t, k.ci.ShellPort, testKey)
		if r := c.execute("s := `" + strings.Repeat("a", limit/2) + "`; len(s)"); r["status"] != "ok" {
			t.Fatal(r)
		}
	})
}

func TestStrangeConnections(t *testing.T) {
	k := startKernel(t, 0)
	t.Run("silent connections do not keep others out", func(t *testing.T) {
		// zmq4 handshakes on its accept goroutine: handed a silent
		// connection, it would wait there and the client below would hang.
		// Several make it likely that one of them reaches zmq4 first if
		// the listener ever hands them on unchecked.
		for range 4 {
			conn, err := net.Dial("tcp", strings.TrimPrefix(k.addr(k.ci.ShellPort), "tcp://"))
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
		}
		k.alive(t)
	})
	t.Run("HTTP on the shell port", func(t *testing.T) {
		conn, err := net.Dial("tcp", strings.TrimPrefix(k.addr(k.ci.ShellPort), "tcp://"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		fmt.Fprint(conn, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
		k.waitLog(t, "not a ZeroMQ peer")
		k.alive(t)
	})
	t.Run("a heartbeat without an envelope", func(t *testing.T) {
		d := zmq4.NewDealer(context.Background(), quiet)
		defer d.Close()
		if err := d.Dial(k.addr(k.ci.HBPort)); err != nil {
			t.Fatal(err)
		}
		if err := d.Send(zmq4.NewMsgString("no envelope")); err != nil {
			t.Fatal(err)
		}
		k.waitLog(t, "heartbeat: dropped a message")
		req := zmq4.NewReq(context.Background(), quiet)
		defer req.Close()
		if err := req.Dial(k.addr(k.ci.HBPort)); err != nil {
			t.Fatal(err)
		}
		if err := req.Send(zmq4.NewMsgString("ping")); err != nil {
			t.Fatal(err)
		}
		m, err := req.Recv()
		if err != nil || string(m.Bytes()) != "ping" {
			t.Fatalf("heartbeat echo = %q, %v; want ping", m.Bytes(), err)
		}
		k.alive(t)
	})
}

// TestBindAddresses reads connection files with different ip values and
// checks where the kernel listens, from its log line.
func TestBindAddresses(t *testing.T) {
	ipv6 := true
	if l, err := net.Listen("tcp", "[::1]:0"); err != nil {
		ipv6 = false
	} else {
		l.Close()
	}
	tests := []struct {
		name, ip string
		want     string // host of the shell socket's address
		log      string
	}{
		{"no ip means loopback", "", "127.0.0.1", "loopback: only this machine"},
		{"loopback", "127.0.0.1", "127.0.0.1", "loopback: only this machine"},
		{"star means every IPv4 interface", "*", "0.0.0.0", "every interface: other machines can connect"},
		{"0.0.0.0 is IPv4 only too", "0.0.0.0", "0.0.0.0", "every interface: other machines can connect"},
		{"a host name binds its first address", "localhost", "127.0.0.1", "a host name: bound to the first address it resolves to"},
		{"IPv6 loopback", "::1", "::1", "loopback: only this machine"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.ip == "::1" && !ipv6 {
				t.Skip("no IPv6 loopback here")
			}
			file := filepath.Join(t.TempDir(), "kernel.json")
			b, _ := json.Marshal(map[string]any{"ip": tt.ip, "transport": "tcp", "key": testKey, "signature_scheme": "hmac-sha256",
				"shell_port": freePort(t), "control_port": freePort(t), "stdin_port": freePort(t), "iopub_port": freePort(t), "hb_port": freePort(t)})
			if tt.ip == "" {
				b = bytes.Replace(b, []byte(`"ip":"",`), nil, 1) // no ip key at all
			}
			if err := os.WriteFile(file, b, 0o600); err != nil {
				t.Fatal(err)
			}
			ci, err := ReadConnectionFile(file)
			if err != nil {
				t.Fatal(err)
			}
			k := runKernel(t, ci, 0)
			line := k.log.String()
			i := strings.Index(line, "listening on ")
			addr, _, _ := strings.Cut(line[i+len("listening on "):], " ")
			host, _, err := net.SplitHostPort(addr)
			if err != nil || host != tt.want {
				t.Errorf("shell listens on %q, want host %s", addr, tt.want)
			}
			k.hasLogged(t, tt.log)
		})
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
