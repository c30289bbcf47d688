package kernel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/huntbook/huntbook/pkg/display"
	"github.com/huntbook/huntbook/pkg/interp"
)

// ConnectionInfo is the content of the connection file Jupyter writes.
type ConnectionInfo struct {
	Transport       string `json:"transport"`
	IP              string `json:"ip"`
	ShellPort       int    `json:"shell_port"`
	ControlPort     int    `json:"control_port"`
	StdinPort       int    `json:"stdin_port"`
	IOPubPort       int    `json:"iopub_port"`
	HBPort          int    `json:"hb_port"`
	Key             string `json:"key"`
	SignatureScheme string `json:"signature_scheme"`
}

// DefaultIP is where the kernel listens when the connection file names no
// address.
const DefaultIP = "127.0.0.1"

// ReadConnectionFile reads and checks a connection file. A missing transport
// means "tcp" and a missing ip DefaultIP.
func ReadConnectionFile(path string) (ConnectionInfo, error) {
	var ci ConnectionInfo
	b, err := os.ReadFile(path)
	if err != nil {
		return ci, fmt.Errorf("kernel: %w", err)
	}
	if err := json.Unmarshal(b, &ci); err != nil {
		return ci, fmt.Errorf("kernel: connection file %s: %w", path, err)
	}
	ci = ci.withDefaults()
	if err := ci.check(); err != nil {
		return ci, fmt.Errorf("kernel: connection file %s: %w", path, err)
	}
	return ci, nil
}

func (ci ConnectionInfo) withDefaults() ConnectionInfo {
	if ci.Transport == "" {
		ci.Transport = "tcp"
	}
	if ci.IP == "" {
		ci.IP = DefaultIP
	}
	return ci
}

func (ci ConnectionInfo) check() error {
	if ci.Transport != "tcp" && ci.Transport != "ipc" {
		return fmt.Errorf("transport %q (want tcp or ipc)", ci.Transport)
	}
	for _, p := range []int{ci.ShellPort, ci.ControlPort, ci.StdinPort, ci.IOPubPort, ci.HBPort} {
		if p <= 0 || p > 65535 {
			return fmt.Errorf("port %d of the five (shell, control, stdin, iopub, hb) is missing or out of range", p)
		}
	}
	return nil
}

// endpoint names a socket for zmq4, on the guarded transports of guard.go.
func (ci ConnectionInfo) endpoint(port int) string {
	if ci.Transport == "ipc" {
		return fmt.Sprintf("%s://%s-%d", guardedIPC, ci.IP, port)
	}
	return fmt.Sprintf("%s://%s", guardedTCP, net.JoinHostPort(ci.IP, strconv.Itoa(port)))
}

// Engine is what the kernel needs from the cell engine; *interp.Engine has it.
type Engine interface {
	Execute(ctx context.Context, code string) (interp.Result, error)
	Interrupt()
	Complete(code string, cursor int) interp.Completion
	Inspect(code string, cursor int) (display.Data, bool)
	Close() error
}

// Options configure Run.
type Options struct {
	// NewEngine starts the cell engine; outputs go to onOutput as cells
	// produce them. Nil means interp.New.
	NewEngine func(onOutput func(interp.Output)) (Engine, error)
	// Restart replaces the process after a cell could not be stopped (see
	// the package comment). It is called with the execution count to carry
	// on from and should not return; nil means the kernel exits instead.
	Restart func(executionCount int)
	// ExecutionCount is the count of the last cell run (after a restart).
	ExecutionCount int
	// Log receives diagnostics (bad signatures, unknown messages). Nil: stderr.
	Log io.Writer
	// MaxMessageSize caps the bytes of all frames of one incoming message;
	// a peer that sends more is disconnected. Zero means
	// DefaultMaxMessageSize.
	MaxMessageSize int64
	// Version is huntbook's version, reported in kernel_info.
	Version string
	// Signals makes SIGINT interrupt the running cell (interrupt_mode "signal").
	Signals bool
	// QuietStart leaves out the line saying where the kernel listens when
	// only this machine can connect (loopback, unix sockets): Jupyter logs
	// it on every start and engine restart.
	QuietStart bool
	// WatchParent ends the kernel when its parent process (Jupyter) dies,
	// so no orphan kernel keeps running.
	WatchParent bool
}

type kernel struct {
	opts    Options
	signer  Signer
	replays *replayCache
	session string
	log     *log.Logger
	engine  Engine

	shell, control, stdin, iopub, hb zmq4.Socket
	pubMu                            sync.Mutex

	count  int
	parent *Message // the execute_request being run, for outputs
	silent bool
	pmu    sync.Mutex

	done     chan struct{}
	doneOnce sync.Once

	aborts  abortState // stop_on_error for requests in flight (abort.go)
	history history    // cells run, for history_request (history.go)
}

// Run serves one kernel on the sockets of ci until a shutdown_request
// arrives or ctx is cancelled. An empty ip means DefaultIP; see the package
// comment for what other addresses bind.
func Run(ctx context.Context, ci ConnectionInfo, opts Options) error {
	ci = ci.withDefaults()
	if err := ci.check(); err != nil {
		return fmt.Errorf("kernel: %w", err)
	}
	signer, err := NewSigner(ci.Key, ci.SignatureScheme)
	if err != nil {
		return err
	}
	if opts.Log == nil {
		opts.Log = os.Stderr
	}
	if opts.MaxMessageSize <= 0 {
		opts.MaxMessageSize = DefaultMaxMessageSize
	}
	k := &kernel{
		opts:    opts,
		signer:  signer,
		replays: newReplayCache(ReplayWindow),
		session: newID(),
		log:     log.New(opts.Log, "huntbook kernel: ", log.LstdFlags),
		count:   opts.ExecutionCount,
		done:    make(chan struct{}),
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	if signer.key == nil {
		k.log.Printf("warning: the connection file has no key: messages are not signed and anyone who can connect runs code")
	}
	socks := []struct {
		s    *zmq4.Socket
		new  func(context.Context, ...zmq4.Option) zmq4.Socket
		port int
		name string
	}{{&k.shell, zmq4.NewRouter, ci.ShellPort, "shell"}, {&k.control, zmq4.NewRouter, ci.ControlPort, "control"},
		{&k.stdin, zmq4.NewRouter, ci.StdinPort, "stdin"}, {&k.iopub, zmq4.NewPub, ci.IOPubPort, "iopub"},
		{&k.hb, zmq4.NewRep, ci.HBPort, "heartbeat"}}
	for _, s := range socks {
		sctx := withGuard(ctx, guardConfig{socket: s.name, log: k.log, limit: opts.MaxMessageSize, maxFrames: MaxFrames})
		*s.s = s.new(sctx, zmq4.WithTimeout(10*time.Second), zmq4.WithLogger(k.log))
		if err := (*s.s).Listen(ci.endpoint(s.port)); err != nil {
			return fmt.Errorf("kernel: %s socket on %s: %w", s.name, ci.endpoint(s.port), err)
		}
		defer (*s.s).Close()
	}
	where := "unix sockets: users who may open the files can connect"
	if ci.Transport == "tcp" {
		where = describeHost(ci.IP)
	}
	if !opts.QuietStart || !quietListen(ci) {
		k.log.Printf("listening on %s (shell; control %d, stdin %d, iopub %d, heartbeat %d): %s",
			k.shell.Addr(), ci.ControlPort, ci.StdinPort, ci.IOPubPort, ci.HBPort, where)
	}

	// The engine starts while clients connect; requests wait for it.
	engineReady := make(chan error, 1)
	go func() {
		newEngine := opts.NewEngine
		if newEngine == nil {
			newEngine = func(on func(interp.Output)) (Engine, error) {
				return interp.New(interp.Options{OnOutput: on})
			}
		}
		e, err := newEngine(k.onOutput)
		k.engine = e
		engineReady <- err
	}()

	go k.heartbeat(ctx)
	if opts.WatchParent {
		go k.watchParent(os.Getppid())
	}
	// engineUp is closed once k.engine is set: the signal handler reads
	// k.engine only after it, so the two goroutines never race on it.
	engineUp := make(chan struct{})
	if opts.Signals {
		sigs := make(chan os.Signal, 1)
		signal.Notify(sigs, os.Interrupt)
		defer signal.Stop(sigs)
		go func() {
			for range sigs {
				select {
				case <-engineUp:
					k.engine.Interrupt()
				default: // still starting: nothing runs yet to interrupt
				}
			}
		}()
	}

	shellMsgs := k.receive(ctx, k.shell, "shell")
	controlMsgs := k.receive(ctx, k.control, "control")
	go func() { // no input_request is ever sent: whatever comes is logged
		for m := range k.receive(ctx, k.stdin, "stdin") {
			k.log.Printf("stdin: ignored %s: no input was requested", quoteType(m.Header.MsgType))
		}
	}()
	k.publish(nil, "status", map[string]string{"execution_state": "starting"})

	if err := <-engineReady; err != nil {
		return err
	}
	close(engineUp)
	defer k.engine.Close()

	go func() {
		for m := range controlMsgs {
			k.handle(m, k.control, nil)
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-k.done:
			time.Sleep(20 * time.Millisecond) // let the last replies leave
			return nil
		case m, ok := <-shellMsgs:
			if !ok {
				return errors.New("kernel: shell socket closed")
			}
			k.handle(m, k.shell, shellMsgs)
		}
	}
}

// receive reads a ROUTER socket, drops (and logs) messages that are badly
// signed, malformed or replayed, and hands on the rest.
func (k *kernel) receive(ctx context.Context, s zmq4.Socket, name string) <-chan *Message {
	ch := make(chan *Message, 64)
	go func() {
		defer close(ch)
		for {
			raw, err := s.Recv()
			if err != nil {
				select {
				case <-k.done:
				case <-ctx.Done():
				default:
					k.log.Printf("%s: receive: %v", name, err)
				}
				return
			}
			m, err := k.signer.Decode(raw.Frames)
			if err != nil {
				k.log.Printf("%s: dropped a message: %v", name, err)
				continue
			}
			m.Received = time.Now()
			if !k.replays.add(m.Signature) {
				k.log.Printf("%s: dropped a replayed %s message: its signature was seen before (msg_id %s)",
					name, quoteType(m.Header.MsgType), quoteType(m.Header.MsgID))
				continue
			}
			select {
			case ch <- m:
			case <-ctx.Done():
				return
			}
		}
	}()
	return ch
}

func (k *kernel) watchParent(ppid int) {
	for range time.Tick(time.Second) {
		if os.Getppid() != ppid {
			k.log.Printf("parent process %d is gone; exiting", ppid)
			os.Exit(0) // even if a cell is stuck

		}
	}
}

// heartbeat echoes pings. zmq4's REP socket returns an error for a
// malformed request (one without an envelope); that must not stop the
// heartbeat, or any stranger could make Jupyter think the kernel died.
func (k *kernel) heartbeat(ctx context.Context) {
	for {
		msg, err := k.hb.Recv()
		if ctx.Err() != nil {
			return
		}
		if errors.Is(err, context.Canceled) || errors.Is(err, net.ErrClosed) || errors.Is(err, io.EOF) {
			return // the socket is closed: the kernel is shutting down
		}
		if err != nil {
			k.log.Printf("heartbeat: dropped a message: %v", err)
			continue
		}
		if err := k.hb.Send(msg); err != nil {
			k.log.Printf("heartbeat: %v", err)
		}
	}
}

func (k *kernel) send(s zmq4.Socket, m *Message) {
	frames, err := k.signer.Encode(m)
	if err != nil {
		k.log.Printf("encode %s: %v", m.Header.MsgType, err)
		return
	}
	if err := s.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil && !k.closing(err) {
		k.log.Printf("send %s: %v", m.Header.MsgType, err)
	}
}

func (k *kernel) reply(s zmq4.Socket, parent *Message, msgType string, content any) {
	m, err := reply(parent, k.session, msgType, content)
	if err != nil {
		k.log.Printf("%s: %v", msgType, err)
		return
	}
	k.send(s, m)
}

// publish sends a message on iopub, with the topic Jupyter clients expect.
func (k *kernel) publish(parent *Message, msgType string, content any) {
	m, err := reply(parent, k.session, msgType, content)
	if err != nil {
		k.log.Printf("%s: %v", msgType, err)
		return
	}
	m.Identities = [][]byte{[]byte("kernel." + k.session + "." + msgType)}
	k.pubMu.Lock()
	defer k.pubMu.Unlock()
	k.send(k.iopub, m)
}

// onOutput publishes a cell's output as soon as the engine has it.
func (k *kernel) onOutput(o interp.Output) {
	k.pmu.Lock()
	parent, silent, count := k.parent, k.silent, k.count
	k.pmu.Unlock()
	if parent == nil || silent {
		return
	}
	switch o.Type {
	case interp.Stream:
		k.publish(parent, "stream", map[string]string{"name": o.Name, "text": o.Text})
	case interp.DisplayData:
		if wait, ok := display.IsClearOutput(o.Transient); ok {
			k.publish(parent, "clear_output", map[string]bool{"wait": wait})
			return
		}
		k.publish(parent, "display_data", bundle(o, nil))
	case interp.ExecuteResult:
		k.publish(parent, "execute_result", bundle(o, &count))
	case interp.Error:
		k.publish(parent, "error", map[string]any{"ename": o.EName, "evalue": o.EValue, "traceback": traceback(o)})
	}
}

func bundle(o interp.Output, count *int) map[string]any {
	c := map[string]any{"data": o.Data, "metadata": orMap(o.Metadata), "transient": orMap(o.Transient)}
	if count != nil {
		c["execution_count"] = *count
	}
	return c
}

func orMap(m display.MIMEMap) display.MIMEMap {
	if m == nil {
		return display.MIMEMap{}
	}
	return m
}

func traceback(o interp.Output) []string {
	if o.Traceback == nil {
		return []string{}
	}
	return ansiTraceback(o.EName, o.Traceback)
}

// handle answers one request. queue is the shell queue, drained of pending
// execute requests after an error when stop_on_error is set.
func (k *kernel) handle(m *Message, s zmq4.Socket, queue <-chan *Message) {
	k.publish(m, "status", map[string]string{"execution_state": "busy"})
	defer k.publish(m, "status", map[string]string{"execution_state": "idle"})
	defer func() {
		if r := recover(); r != nil {
			k.log.Printf("handling %s: panic: %v", quoteType(m.Header.MsgType), r)
			k.replyError(s, m, "KernelError", fmt.Sprintf("the kernel failed on this request: %v", r))
		}
	}()
	switch t := m.Header.MsgType; t {
	case "kernel_info_request":
		k.reply(s, m, "kernel_info_reply", k.kernelInfo())
	case "execute_request":
		k.execute(m, s, queue)
	case "is_complete_request":
		var req struct{ Code string }
		_ = json.Unmarshal(m.Content, &req)
		st := interp.IsComplete(req.Code)
		c := map[string]string{"status": st}
		if st == interp.Incomplete {
			c["indent"] = ""
		}
		k.reply(s, m, "is_complete_reply", c)
	case "complete_request":
		var req struct {
			Code      string `json:"code"`
			CursorPos int    `json:"cursor_pos"`
		}
		_ = json.Unmarshal(m.Content, &req)
		c := k.engine.Complete(req.Code, req.CursorPos)
		if c.Matches == nil {
			c.Matches = []string{}
		}
		k.reply(s, m, "complete_reply", map[string]any{"status": "ok", "matches": c.Matches,
			"cursor_start": c.Start, "cursor_end": c.End, "metadata": map[string]any{}})
	case "inspect_request":
		var req struct {
			Code      string `json:"code"`
			CursorPos int    `json:"cursor_pos"`
		}
		_ = json.Unmarshal(m.Content, &req)
		d, found := k.engine.Inspect(req.Code, req.CursorPos)
		data := d.Data
		if data == nil {
			data = display.MIMEMap{}
		}
		k.reply(s, m, "inspect_reply", map[string]any{"status": "ok", "found": found, "data": data, "metadata": map[string]any{}})
	case "comm_info_request":
		k.reply(s, m, "comm_info_reply", map[string]any{"status": "ok", "comms": map[string]any{}})
	case "history_request":
		k.reply(s, m, "history_reply", k.history.reply(m.Content))
	case "interrupt_request":
		k.engine.Interrupt()
		k.reply(s, m, "interrupt_reply", map[string]string{"status": "ok"})
	case "shutdown_request":
		var req struct {
			Restart bool `json:"restart"`
		}
		_ = json.Unmarshal(m.Content, &req)
		k.reply(s, m, "shutdown_reply", map[string]any{"status": "ok", "restart": req.Restart})
		k.doneOnce.Do(func() { close(k.done) })
	case "comm_open":
		// No comm targets exist; the protocol asks to close the comm at once.
		var req struct {
			CommID string `json:"comm_id"`
		}
		_ = json.Unmarshal(m.Content, &req)
		k.publish(m, "comm_close", map[string]any{"comm_id": req.CommID, "data": map[string]any{}})
	case "comm_msg", "comm_close":
		k.log.Printf("ignored %s: no comms are open", quoteType(t))
	default:
		k.log.Printf("unknown message type %s: replied with an error", quoteType(t))
		k.replyError(s, m, "UnknownMessageType", fmt.Sprintf("huntbook's kernel does not handle %s messages", quoteType(t)))
	}
}

// replyError answers m with status "error", on the reply type that matches
// its request type: x_request gets x_reply, any other type t gets t_reply.
func (k *kernel) replyError(s zmq4.Socket, m *Message, ename, evalue string) {
	t := strings.TrimSuffix(m.Header.MsgType, "_request") + "_reply"
	k.reply(s, m, t, map[string]any{"status": "error", "ename": ename, "evalue": evalue, "traceback": []string{ename + ": " + evalue}})
}

func (k *kernel) kernelInfo() map[string]any {
	goVersion := strings.TrimPrefix(runtime.Version(), "go")
	return map[string]any{
		"status":                 "ok",
		"protocol_version":       ProtocolVersion,
		"implementation":         "huntbook",
		"implementation_version": k.opts.Version,
		"language_info": map[string]any{
			"name":               "go",
			"version":            goVersion,
			"mimetype":           "text/x-go",
			"file_extension":     ".go",
			"pygments_lexer":     "go",
			"codemirror_mode":    "go",
			"nbconvert_exporter": "script",
		},
		"banner": fmt.Sprintf("huntbook %s — Go %s notebooks (gomacro) with Gota, gonum/plot and huntbook built in", k.opts.Version, goVersion),
		"help_links": []map[string]string{
			{"text": "Go", "url": "https://go.dev/doc/"},
			{"text": "huntbook", "url": "https://github.com/huntbook/huntbook"},
		},
	}
}

type executeRequest struct {
	Code         string `json:"code"`
	Silent       bool   `json:"silent"`
	StoreHistory *bool  `json:"store_history"`
	StopOnError  *bool  `json:"stop_on_error"`
}

func (k *kernel) execute(m *Message, s zmq4.Socket, queue <-chan *Message) {
	if k.aborts.abort(m) {
		k.replyAborted(s, m)
		return
	}
	var req executeRequest
	if err := json.Unmarshal(m.Content, &req); err != nil {
		k.reply(s, m, "execute_reply", map[string]any{"status": "error", "ename": "BadRequest", "evalue": err.Error(), "traceback": []string{}, "execution_count": k.count})
		return
	}
	store := req.StoreHistory == nil || *req.StoreHistory
	k.pmu.Lock()
	if !req.Silent && store {
		k.count++
	}
	count := k.count
	k.parent, k.silent = m, req.Silent
	k.pmu.Unlock()
	if !req.Silent {
		k.publish(m, "execute_input", map[string]any{"code": req.Code, "execution_count": count})
	}

	res, err := k.engine.Execute(context.Background(), req.Code)

	k.pmu.Lock()
	k.parent = nil
	k.pmu.Unlock()
	if err == nil && !req.Silent && store {
		k.history.add(count, req.Code, res)
	}
	content := map[string]any{"status": "ok", "execution_count": count, "user_expressions": map[string]any{}, "payload": []any{}}
	if err != nil {
		msg := "the cell did not stop after an interrupt: it is blocked inside compiled code. " +
			"The Go engine restarts now; all variables are gone: run the notebook's cells again."
		if !errors.Is(err, interp.ErrStuck) {
			msg = err.Error()
		}
		o := interp.Output{Type: interp.Error, EName: "EngineRestarted", EValue: msg, Traceback: ansiTraceback("EngineRestarted", []string{"EngineRestarted: " + msg})}
		if !req.Silent {
			k.publish(m, "error", map[string]any{"ename": o.EName, "evalue": o.EValue, "traceback": o.Traceback})
		}
		content = map[string]any{"status": "error", "execution_count": count, "ename": o.EName, "evalue": o.EValue, "traceback": o.Traceback}
		k.reply(s, m, "execute_reply", content)
		k.publish(m, "status", map[string]string{"execution_state": "idle"})
		k.drainBeforeRestart(s, queue)
		time.Sleep(50 * time.Millisecond) // let the replies leave before the process is replaced
		if k.opts.Restart != nil {
			k.opts.Restart(count)
		}
		os.Exit(1)
	}
	if e := res.Err(); e != nil {
		content = map[string]any{"status": "error", "execution_count": count, "ename": e.EName, "evalue": e.EValue, "traceback": traceback(*e)}
	}
	k.reply(s, m, "execute_reply", content)
	stop := req.StopOnError == nil || *req.StopOnError
	if res.Err() != nil && stop && queue != nil {
		k.abortQueued(s, m, queue)
	}
}
