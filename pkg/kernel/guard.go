package kernel

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/go-zeromq/zmq4/transport"
)

// DefaultMaxMessageSize is the largest message the kernel accepts when
// Options.MaxMessageSize is zero: the bytes of all its frames together.
const DefaultMaxMessageSize = 64 << 20

// MaxFrames is the most frames one message may have. A Jupyter request has
// its routing identities, the delimiter, five parts and its buffers; zmq4
// keeps a slice header per frame, so a message of empty frames must be
// bounded by count as well as by size.
const MaxFrames = 1024

// handshakeTimeout bounds how long a connection may take to send its ZMTP
// greeting and READY command.
const handshakeTimeout = 10 * time.Second

// Transports the kernel listens on: zmq4's tcp and ipc with every connection
// passed through a wireGuard.
const (
	guardedTCP = "huntbook-tcp"
	guardedIPC = "huntbook-ipc"
)

func init() {
	for name, network := range map[string]string{guardedTCP: "tcp", guardedIPC: "unix"} {
		if err := zmq4.RegisterTransport(name, guardedTransport{network: network}); err != nil {
			panic(err)
		}
	}
}

// guardConfig travels to the transport in the sockets' context.
type guardConfig struct {
	socket    string // "shell", "control", … for log lines
	log       *log.Logger
	limit     int64
	maxFrames int
}

type guardKey struct{}

func withGuard(ctx context.Context, cfg guardConfig) context.Context {
	return context.WithValue(ctx, guardKey{}, cfg)
}

// guardedTransport is a zmq4 transport whose listeners admit a connection
// only once it has sent a ZMTP signature, and whose connections stop at the
// first frame that would break the size limits (see wireGuard).
type guardedTransport struct{ network string }

func (t guardedTransport) Dial(ctx context.Context, d transport.Dialer, addr string) (net.Conn, error) {
	return d.DialContext(ctx, t.network, addr)
}

func (t guardedTransport) Listen(ctx context.Context, addr string) (net.Listener, error) {
	cfg, ok := ctx.Value(guardKey{}).(guardConfig)
	if !ok {
		return nil, errors.New("kernel: guarded transport used without a configuration")
	}
	network := t.network
	if network == "tcp" {
		if host, _, err := net.SplitHostPort(addr); err == nil && (host == "0.0.0.0" || host == "*") {
			network = "tcp4" // ZeroMQ's "*" means every IPv4 interface, not IPv6 too
		}
	}
	l, err := net.Listen(network, addr)
	if err != nil {
		return nil, err
	}
	gl := &guardListener{Listener: l, cfg: cfg, conns: make(chan net.Conn), done: make(chan struct{})}
	go gl.run()
	return gl, nil
}

func (t guardedTransport) Addr(ep string) (string, error) {
	if t.network == "unix" {
		return ep, nil
	}
	host, port, err := net.SplitHostPort(ep)
	if err != nil {
		return "", err
	}
	if host == "*" {
		host = "0.0.0.0"
	}
	return net.JoinHostPort(host, port), nil
}

// guardListener accepts connections on its own goroutine and hands them to
// zmq4 only after the peer has sent the 10-byte ZMTP signature: zmq4 runs
// each handshake on its accept goroutine, so one silent connection would
// otherwise keep every later client out.
type guardListener struct {
	net.Listener
	cfg   guardConfig
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
}

func (l *guardListener) run() {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			select {
			case <-l.done:
				return
			default:
			}
			if errors.Is(err, net.ErrClosed) {
				return
			}
			l.cfg.log.Printf("%s: accept: %v", l.cfg.socket, err)
			time.Sleep(10 * time.Millisecond) // out of file descriptors: do not spin
			continue
		}
		go l.admit(c)
	}
}

func (l *guardListener) admit(c net.Conn) {
	_ = c.SetDeadline(time.Now().Add(handshakeTimeout))
	g := &guardConn{Conn: c, cfg: l.cfg, guard: newWireGuard(l.cfg.limit, l.cfg.maxFrames)}
	sig := make([]byte, 10)
	if _, err := io.ReadFull(g, sig); err != nil {
		if !errors.As(err, new(*refusedError)) {
			l.cfg.log.Printf("%s: connection from %s closed before its greeting: %v", l.cfg.socket, c.RemoteAddr(), err)
		}
		c.Close()
		return
	}
	g.pending = sig
	select {
	case l.conns <- g:
	case <-l.done:
		c.Close()
	}
}

func (l *guardListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *guardListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return l.Listener.Close()
}

// refusedError is what a guardConn's Read returns when the peer broke a
// limit. It is a net.Error that is not a timeout, so zmq4 marks the
// connection closed and forgets it.
type refusedError struct{ reason string }

func (e *refusedError) Error() string   { return "kernel: connection refused: " + e.reason }
func (e *refusedError) Timeout() bool   { return false }
func (e *refusedError) Temporary() bool { return false }

// guardConn shows zmq4 the bytes a peer sends only after its wireGuard has
// seen them, so zmq4 never allocates for a frame over the limit.
type guardConn struct {
	net.Conn
	cfg     guardConfig
	guard   *wireGuard
	pending []byte // already checked, not yet read by zmq4
	failed  error
	settled bool // the handshake is done and its deadline lifted
}

func (c *guardConn) Read(p []byte) (int, error) {
	if c.failed != nil {
		return 0, c.failed
	}
	if len(c.pending) > 0 {
		n := copy(p, c.pending)
		c.pending = c.pending[n:]
		return n, nil
	}
	n, err := c.Conn.Read(p)
	if gerr := c.guard.feed(p[:n]); gerr != nil {
		c.failed = &refusedError{reason: gerr.Error()}
		c.cfg.log.Printf("%s: closed the connection from %s: %v", c.cfg.socket, c.RemoteAddr(), gerr)
		c.Conn.Close()
		return 0, c.failed
	}
	if !c.settled && c.guard.handshakeDone() {
		_ = c.Conn.SetDeadline(time.Time{})
		c.settled = true
	}
	return n, err
}

// ZMTP 3 frame flags (https://rfc.zeromq.org/spec/23/).
const (
	flagMore    = 1 << 0
	flagLong    = 1 << 1
	flagCommand = 1 << 2
	greetingLen = 64
)

// Errors of the wire guard; they are logged with the peer's address.
var (
	errNotZMTP      = errors.New("not a ZeroMQ peer (bad ZMTP signature)")
	errZMTPVersion  = errors.New("ZMTP version older than 3")
	errFrameFlags   = errors.New("malformed ZMTP frame (reserved flag bits set)")
	errTooBig       = errors.New("message over the size limit")
	errTooManyFrame = errors.New("message over the frame limit")
)

// wireGuard follows a peer's ZMTP 3 byte stream (greeting, then frames) as
// it arrives, in pieces of any size, and reports the first frame whose
// declared size would take the current message past limit bytes, or the
// frame past maxFrames, before any of that frame's body is read.
type wireGuard struct {
	limit     int64
	maxFrames int

	greeting  int // greeting bytes seen
	inFrame   bool
	flags     byte
	sizeBuf   [8]byte
	sizeHave  int   // size bytes seen
	body      int64 // body bytes still to come
	msgBytes  int64 // body bytes of the current message so far
	msgFrames int
	commands  int // complete command frames
}

func newWireGuard(limit int64, maxFrames int) *wireGuard {
	return &wireGuard{limit: limit, maxFrames: maxFrames}
}

// handshakeDone reports whether the peer has sent its greeting and its
// first command (READY, for the NULL mechanism Jupyter uses).
func (g *wireGuard) handshakeDone() bool { return g.commands > 0 }

// feed checks the next bytes of the stream.
func (g *wireGuard) feed(p []byte) error {
	for len(p) > 0 {
		if g.greeting < greetingLen {
			n := min(len(p), greetingLen-g.greeting)
			for i, b := range p[:n] {
				switch pos := g.greeting + i; {
				case pos == 0 && b != 0xff, pos == 9 && b != 0x7f:
					return errNotZMTP
				case pos == 10 && b < 3:
					return errZMTPVersion
				}
			}
			g.greeting += n
			p = p[n:]
			continue
		}
		if !g.inFrame {
			g.flags = p[0]
			p = p[1:]
			if g.flags&^(flagMore|flagLong|flagCommand) != 0 {
				return errFrameFlags
			}
			g.inFrame, g.sizeHave = true, 0
			continue
		}
		sizeLen := 1
		if g.flags&flagLong != 0 {
			sizeLen = 8
		}
		if g.sizeHave < sizeLen {
			n := min(len(p), sizeLen-g.sizeHave)
			copy(g.sizeBuf[g.sizeHave:], p[:n])
			g.sizeHave += n
			p = p[n:]
			if g.sizeHave < sizeLen {
				continue
			}
			size := uint64(g.sizeBuf[0])
			if sizeLen == 8 {
				size = binary.BigEndian.Uint64(g.sizeBuf[:])
			}
			g.msgFrames++
			if g.msgFrames > g.maxFrames {
				return fmt.Errorf("%w: more than %d frames", errTooManyFrame, g.maxFrames)
			}
			if size > uint64(g.limit-g.msgBytes) {
				return fmt.Errorf("%w: a frame of %d bytes after %d bytes; the limit is %d", errTooBig, size, g.msgBytes, g.limit)
			}
			g.msgBytes += int64(size)
			g.body = int64(size)
			if g.body == 0 {
				g.endFrame()
			}
			continue
		}
		n := min(int64(len(p)), g.body)
		g.body -= n
		p = p[n:]
		if g.body == 0 {
			g.endFrame()
		}
	}
	return nil
}

func (g *wireGuard) endFrame() {
	g.inFrame = false
	if g.flags&flagCommand != 0 {
		g.commands++
	}
	if g.flags&flagMore == 0 || g.flags&flagCommand != 0 {
		g.msgBytes, g.msgFrames = 0, 0
	}
}

// describeHost says who can reach a socket bound to host, for the log.
func describeHost(host string) string {
	if host == "*" {
		host = "0.0.0.0"
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	switch {
	case ip == nil:
		return "a host name: bound to the first address it resolves to"
	case ip.IsLoopback():
		return "loopback: only this machine"
	case ip.IsUnspecified():
		return "every interface: other machines can connect, only the key keeps them out"
	}
	return "a network interface: other machines can connect, only the key keeps them out"
}
