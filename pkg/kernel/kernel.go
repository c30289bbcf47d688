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
	"github.com/huntbook/huntbook/pkg/notebook"
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

// Engine is what the kernel needs from the cell engine; *interp.Engine and
// package engine's *Process have it.
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
	// produce them. It is called again for a fresh engine after a cell
	// could not be stopped or the engine crashed. Nil means interp.New in
	// this process; the command line starts a supervised engine process
	// (package engine), so that no cell can end the kernel.
	NewEngine func(onOutput func(notebook.Output)) (Engine, error)
	// ExecutionCount is the count of the last cell run before this kernel
	// started; counting goes on from it.
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
	// WatchParent ends the kernel when its parent process (Jupyter) dies,
	// so no orphan kernel keeps running.
	WatchParent bool
	// QuietStart leaves out the line saying where the kernel listens when
	// only this machine can connect (loopback, unix sockets): Jupyter logs
	// it on every start.
	QuietStart bool
	// HistoryFile keeps the cells run (history_request) across kernel
	// starts: each start is a new session after those in the file. ""
	// keeps history in memory, for this process only.
	HistoryFile string
}

// ENameRestarted names the error reply to a cell that was stuck: the
// engine was replaced. A crashed engine's cell keeps the engine's own
// error (package engine's EngineCrashed).
const ENameRestarted = "EngineRestarted"

type kernel struct {
	opts    Options
	signer  Signer
	replays *replayCache
	session string
	log     *log.Logger

	engineMu sync.Mutex
	engine   Engine

	shell, control, stdin, iopub, hb zmq4.Socket
	pubMu                            sync.Mutex
	stdinMu                          sync.Mutex
	inputMu                          sync.Mutex
	inputWait                        chan *Message // where input_reply goes while a cell waits (stdin.go)

	count  int
	parent *Message // the execute_request being run, for outputs
	silent bool
	pmu    sync.Mutex

	aborts  abortState // stop_on_error for requests in flight (abort.go)
	history *history   // cells run, for history_request (history.go)

	done     chan struct{}
	doneOnce sync.Once
}

// Run serves one kernel on the sockets of ci until a shutdown_request
// arrives, the parent process ends (Options.WatchParent) or ctx is
// cancelled. An empty ip means DefaultIP; see the package comment for what
// other addresses bind. Run never ends the process: a stuck or crashed
// engine is replaced in place.
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
	if opts.NewEngine == nil {
		opts.NewEngine = func(on func(notebook.Output)) (Engine, error) {
			return interp.New(interp.Options{OnOutput: on})
		}
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
	k.history = openHistory(opts.HistoryFile, k.log.Printf)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	if signer.key == nil {
		k.log.Printf("warning: the connection file has no key: messages are not signed and anyone who can connect runs code")
	}
	closeSockets, err := k.listen(ctx, ci)
	defer closeSockets()
	if err != nil {
		return err
	}

	// The engine starts while clients connect; requests wait for it.
	engineReady := make(chan error, 1)
	go func() { engineReady <- k.startEngine() }()

	go k.heartbeat(ctx)
	if opts.WatchParent {
		go k.watchParent(ctx, os.Getppid())
	}
	if opts.Signals {
		stop := k.interruptOnSignal()
		defer stop()
	}

	shellMsgs := k.receive(ctx, k.shell, "shell")
	controlMsgs := k.receive(ctx, k.control, "control")
	go k.serveStdin(k.receive(ctx, k.stdin, "stdin"))
	k.publish(nil, "status", status{"starting"})

	if err := <-engineReady; err != nil {
		return err
	}
	defer func() {
		if e := k.currentEngine(); e != nil {
			e.Close()
		}
	}()

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
			return nil
		case m, ok := <-shellMsgs:
			if !ok {
				return errors.New("kernel: shell socket closed")
			}
			k.handle(m, k.shell, shellMsgs)
		}
	}
}

// listen binds the five sockets of ci. The returned function closes
// those that were bound.
func (k *kernel) listen(ctx context.Context, ci ConnectionInfo) (closeAll func(), err error) {
	var opened []zmq4.Socket
	closeAll = func() {
		for _, s := range opened {
			s.Close()
		}
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
		sctx := withGuard(ctx, guardConfig{socket: s.name, log: k.log, limit: k.opts.MaxMessageSize, maxFrames: MaxFrames})
		*s.s = s.new(sctx, zmq4.WithTimeout(10*time.Second), zmq4.WithLogger(k.log))
		opened = append(opened, *s.s)
		if err := (*s.s).Listen(ci.endpoint(s.port)); err != nil {
			return closeAll, fmt.Errorf("kernel: %s socket on %s: %w", s.name, ci.endpoint(s.port), err)
		}
	}
	where := "unix sockets: users who may open the files can connect"
	if ci.Transport == "tcp" {
		where = describeHost(ci.IP)
	}
	if !k.opts.QuietStart || !quietListen(ci) {
		k.log.Printf("listening on %s (shell; control %d, stdin %d, iopub %d, heartbeat %d): %s",
			k.shell.Addr(), ci.ControlPort, ci.StdinPort, ci.IOPubPort, ci.HBPort, where)
	}
	return closeAll, nil
}

// startEngine starts a fresh engine and makes it the current one.
func (k *kernel) startEngine() error {
	e, err := k.opts.NewEngine(k.onOutput)
	if err != nil {
		return err
	}
	k.engineMu.Lock()
	k.engine = e
	k.engineMu.Unlock()
	return nil
}

// currentEngine returns the engine cells run in now (nil while the first
// one starts).
func (k *kernel) currentEngine() Engine {
	k.engineMu.Lock()
	defer k.engineMu.Unlock()
	return k.engine
}

// interruptOnSignal makes SIGINT interrupt the running cell; the returned
// function stops that.
func (k *kernel) interruptOnSignal() func() {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	go func() {
		for range sigs {
			if e := k.currentEngine(); e != nil { // nil: still starting, nothing runs
				e.Interrupt()
			}
		}
	}()
	return func() { signal.Stop(sigs); close(sigs) }
}

// shutdown ends Run: the serving loop returns, and the engine is closed at
// once, so that a cell still running (a `for {}`, a long sleep) cannot
// hold the kernel.
func (k *kernel) shutdown() {
	k.doneOnce.Do(func() {
		close(k.done)
		if e := k.currentEngine(); e != nil {
			e.Close()
		}
	})
}

func (k *kernel) shuttingDown() bool {
	select {
	case <-k.done:
		return true
	default:
		return false
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

// watchParent shuts the kernel down when its parent process has gone.
func (k *kernel) watchParent(ctx context.Context, ppid int) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-k.done:
			return
		case <-tick.C:
			if os.Getppid() != ppid {
				k.log.Printf("parent process %d is gone; shutting down", ppid)
				k.shutdown()
				return
			}
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
func (k *kernel) onOutput(o notebook.Output) {
	k.pmu.Lock()
	parent, silent, count := k.parent, k.silent, k.count
	k.pmu.Unlock()
	if parent == nil || silent {
		return
	}
	switch o.Type {
	case notebook.Stream:
		k.publish(parent, "stream", streamContent{Name: o.Name, Text: o.Text})
	case notebook.DisplayData:
		if wait, ok := display.IsClearOutput(o.Transient); ok {
			k.publish(parent, "clear_output", map[string]bool{"wait": wait})
			return
		}
		k.publish(parent, "display_data", bundle(o, nil))
	case notebook.ExecuteResult:
		k.publish(parent, "execute_result", bundle(o, &count))
	case notebook.Error:
		k.publish(parent, "error", errorContent(o))
	}
}

// handler answers one request type; queue is the shell queue (nil on control).
type handler func(k *kernel, m *Message, s zmq4.Socket, queue <-chan *Message)

// handlers maps request types to what answers them. Types not listed get
// an error reply (see handle). It is filled in init: handlers call handle.
var handlers map[string]handler

func init() {
	handlers = map[string]handler{
		"kernel_info_request": (*kernel).kernelInfo,
		"execute_request":     (*kernel).execute,
		"is_complete_request": (*kernel).isComplete,
		"complete_request":    (*kernel).complete,
		"inspect_request":     (*kernel).inspect,
		"comm_info_request":   (*kernel).commInfo,
		"history_request":     (*kernel).historyRequest,
		"interrupt_request":   (*kernel).interrupt,
		"shutdown_request":    (*kernel).shutdownRequest,
		"comm_open":           (*kernel).commOpen,
		"comm_msg":            (*kernel).commIgnored,
		"comm_close":          (*kernel).commIgnored,
	}
}

// handle answers one request, between busy and idle status messages.
func (k *kernel) handle(m *Message, s zmq4.Socket, queue <-chan *Message) {
	k.publish(m, "status", status{"busy"})
	defer k.publish(m, "status", status{"idle"})
	defer func() {
		if r := recover(); r != nil {
			k.log.Printf("handling %s: panic: %v", quoteType(m.Header.MsgType), r)
			k.replyError(s, m, "KernelError", fmt.Sprintf("the kernel failed on this request: %v", r))
		}
	}()
	h, ok := handlers[m.Header.MsgType]
	if !ok {
		t := m.Header.MsgType
		k.log.Printf("unknown message type %s: replied with an error", quoteType(t))
		k.replyError(s, m, "UnknownMessageType", fmt.Sprintf("huntbook's kernel does not handle %s messages", quoteType(t)))
		return
	}
	h(k, m, s, queue)
}

// replyError answers m with status "error", on the reply type that matches
// its request type: x_request gets x_reply, any other type t gets t_reply.
func (k *kernel) replyError(s zmq4.Socket, m *Message, ename, evalue string) {
	t := strings.TrimSuffix(m.Header.MsgType, "_request") + "_reply"
	k.reply(s, m, t, errorReply{Status: "error", EName: ename, EValue: evalue, Traceback: []string{ename + ": " + evalue}})
}

func (k *kernel) kernelInfo(m *Message, s zmq4.Socket, _ <-chan *Message) {
	goVersion := strings.TrimPrefix(runtime.Version(), "go")
	k.reply(s, m, "kernel_info_reply", kernelInfoReply{
		Status:                "ok",
		ProtocolVersion:       ProtocolVersion,
		Implementation:        "huntbook",
		ImplementationVersion: k.opts.Version,
		LanguageInfo: languageInfo{
			Name:              "go",
			Version:           goVersion,
			MIMEType:          "text/x-go",
			FileExtension:     ".go",
			PygmentsLexer:     "go",
			CodemirrorMode:    "go",
			NbconvertExporter: "script",
		},
		Banner: fmt.Sprintf("huntbook %s — Go %s notebooks (gomacro) with Gota, gonum/plot and huntbook built in", k.opts.Version, goVersion),
		HelpLinks: []helpLink{
			{Text: "Go", URL: "https://go.dev/doc/"},
			{Text: "huntbook", URL: "https://github.com/huntbook/huntbook"},
		},
	})
}

func (k *kernel) isComplete(m *Message, s zmq4.Socket, _ <-chan *Message) {
	var req struct{ Code string }
	_ = json.Unmarshal(m.Content, &req)
	c := isCompleteReply{Status: interp.IsComplete(req.Code)}
	if c.Status == interp.Incomplete {
		c.Indent = new(string)
	}
	k.reply(s, m, "is_complete_reply", c)
}

func (k *kernel) complete(m *Message, s zmq4.Socket, _ <-chan *Message) {
	var req cursorRequest
	_ = json.Unmarshal(m.Content, &req)
	c := k.currentEngine().Complete(req.Code, req.CursorPos)
	if c.Matches == nil {
		c.Matches = []string{}
	}
	k.reply(s, m, "complete_reply", completeReply{Status: "ok", Matches: c.Matches, CursorStart: c.Start, CursorEnd: c.End, Metadata: map[string]any{}})
}

func (k *kernel) inspect(m *Message, s zmq4.Socket, _ <-chan *Message) {
	var req cursorRequest
	_ = json.Unmarshal(m.Content, &req)
	d, found := k.currentEngine().Inspect(req.Code, req.CursorPos)
	data := d.Data
	if data == nil {
		data = display.MIMEMap{}
	}
	k.reply(s, m, "inspect_reply", inspectReply{Status: "ok", Found: found, Data: data, Metadata: map[string]any{}})
}

func (k *kernel) commInfo(m *Message, s zmq4.Socket, _ <-chan *Message) {
	k.reply(s, m, "comm_info_reply", commInfoReply{Status: "ok", Comms: map[string]any{}})
}

func (k *kernel) historyRequest(m *Message, s zmq4.Socket, _ <-chan *Message) {
	k.reply(s, m, "history_reply", k.history.reply(m.Content))
}

func (k *kernel) interrupt(m *Message, s zmq4.Socket, _ <-chan *Message) {
	k.currentEngine().Interrupt()
	k.reply(s, m, "interrupt_reply", statusReply{Status: "ok"})
}

func (k *kernel) shutdownRequest(m *Message, s zmq4.Socket, _ <-chan *Message) {
	var req struct {
		Restart bool `json:"restart"`
	}
	_ = json.Unmarshal(m.Content, &req)
	k.reply(s, m, "shutdown_reply", shutdownReply{Status: "ok", Restart: req.Restart})
	k.shutdown()
}

// commOpen closes the comm at once: no comm targets exist, and the
// protocol asks for that.
func (k *kernel) commOpen(m *Message, _ zmq4.Socket, _ <-chan *Message) {
	var req struct {
		CommID string `json:"comm_id"`
	}
	_ = json.Unmarshal(m.Content, &req)
	k.publish(m, "comm_close", commClose{CommID: req.CommID, Data: map[string]any{}})
}

func (k *kernel) commIgnored(m *Message, _ zmq4.Socket, _ <-chan *Message) {
	k.log.Printf("ignored %s: no comms are open", quoteType(m.Header.MsgType))
}

type executeRequest struct {
	Code         string `json:"code"`
	Silent       bool   `json:"silent"`
	StoreHistory *bool  `json:"store_history"`
	StopOnError  *bool  `json:"stop_on_error"`
	AllowStdin   bool   `json:"allow_stdin"`
}

func (k *kernel) execute(m *Message, s zmq4.Socket, queue <-chan *Message) {
	if k.aborts.abort(m) {
		k.replyAborted(s, m)
		return
	}
	var req executeRequest
	if err := json.Unmarshal(m.Content, &req); err != nil {
		k.reply(s, m, "execute_reply", executeReply{Status: "error", ExecutionCount: k.count,
			EName: "BadRequest", EValue: err.Error(), Traceback: []string{}})
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
		k.publish(m, "execute_input", executeInput{Code: req.Code, ExecutionCount: count})
	}

	ctx := context.Background()
	if req.AllowStdin {
		ctx = interp.WithInput(ctx, k.askInput(m))
	}
	res, err := k.currentEngine().Execute(ctx, req.Code)

	k.pmu.Lock()
	k.parent = nil
	k.pmu.Unlock()
	if err == nil && !req.Silent && store {
		k.history.add(count, req.Code, res)
	}
	if err != nil {
		k.replaceEngine(m, s, queue, req, count, res, err)
		return
	}
	content := executeReply{Status: "ok", ExecutionCount: count, UserExpressions: map[string]any{}, Payload: []any{}}
	if e := res.Err(); e != nil {
		content = executeReply{Status: "error", ExecutionCount: count, EName: e.EName, EValue: e.EValue, Traceback: traceback(*e)}
	}
	k.reply(s, m, "execute_reply", content)
	stop := req.StopOnError == nil || *req.StopOnError
	if res.Err() != nil && stop && queue != nil {
		k.abortQueued(s, m, queue)
	}
}

// replaceEngine answers a cell whose engine cannot go on (stuck, crashed)
// and starts a fresh engine in its place.
func (k *kernel) replaceEngine(m *Message, s zmq4.Socket, queue <-chan *Message, req executeRequest, count int, res interp.Result, err error) {
	if k.shuttingDown() {
		k.reply(s, m, "execute_reply", executeReply{Status: "aborted", ExecutionCount: count})
		return
	}
	var o notebook.Output
	switch e := res.Err(); {
	case errors.Is(err, interp.ErrStuck):
		msg := "the cell did not stop after an interrupt: it is blocked inside compiled code. " +
			"The Go engine restarts now; all variables are gone: run the notebook's cells again."
		o = notebook.Output{Type: notebook.Error, EName: ENameRestarted, EValue: msg, Traceback: []string{ENameRestarted + ": " + msg}}
		if !req.Silent {
			k.publish(m, "error", errorContent(o))
		}
	case e != nil && e.EName != interp.ENameInterrupted:
		o = *e // already published as the cell's last output
		o.EValue += ". The Go engine restarts now: run the notebook's cells again."
	default:
		msg := err.Error() + ". The Go engine restarts now; all variables are gone."
		o = notebook.Output{Type: notebook.Error, EName: ENameRestarted, EValue: msg, Traceback: []string{ENameRestarted + ": " + msg}}
		if !req.Silent {
			k.publish(m, "error", errorContent(o))
		}
	}
	old := k.currentEngine()
	old.Close()
	if serr := k.startEngine(); serr != nil {
		k.log.Printf("cannot start a new engine: %v", serr)
		o.EValue += " (the engine could not be started again: " + serr.Error() + "; restart the kernel)"
	} else {
		k.log.Printf("started a new engine after: %v", err)
	}
	k.reply(s, m, "execute_reply", executeReply{Status: "error", ExecutionCount: count, EName: o.EName, EValue: o.EValue, Traceback: traceback(o)})
	if stop := req.StopOnError == nil || *req.StopOnError; stop && queue != nil {
		k.abortQueued(s, m, queue)
	}
}
