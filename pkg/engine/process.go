package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/huntbook/huntbook/pkg/display"
	"github.com/huntbook/huntbook/pkg/interp"
	"github.com/huntbook/huntbook/pkg/notebook"
)

// ENameCrashed is the error name of the output that reports a crash.
const ENameCrashed = "EngineCrashed"

// ErrDead is returned by a Process's methods after its child crashed, was
// stuck or was closed.
var ErrDead = errors.New("engine: the engine process has ended; start a new one")

// CrashError is returned by Execute when the child process ended during
// the cell. Cause says why, as the package comment lists.
type CrashError struct {
	Cause string
}

func (e *CrashError) Error() string { return "engine: the engine crashed: " + e.Cause }

// Options configure Start.
type Options struct {
	// Path and Args start the child, which must call Child: the command
	// line uses the huntbook binary and "engine" with its flags.
	Path string
	Args []string
	// Env is the child's environment; nil means this process's.
	Env []string
	// OnOutput, if set, receives each output as the cell produces it.
	OnOutput func(notebook.Output)
	// Stderr receives what the child writes to its standard output and
	// error outside cells (println, the log package); nil discards it.
	Stderr io.Writer
	// Backstop is how long Execute waits for the child to answer after an
	// interrupt before killing it; zero means 30 s. The child itself gives
	// up on a stuck cell sooner (ChildOptions.InterruptGrace).
	Backstop time.Duration
	// MaxMessage caps one message from the child; zero means
	// DefaultMaxDisplay plus 1 MiB.
	MaxMessage int
}

// Process is a running engine child. Its methods may be called from any
// goroutine; cells run one at a time.
type Process struct {
	opts  Options
	cmd   *exec.Cmd
	reqMu sync.Mutex
	req   io.WriteCloser
	msgs  chan reply
	tail  *tail
	limit int64

	exited  chan struct{} // closed once the child has been waited for
	waitErr error

	mu         sync.Mutex // one call at a time
	next       int64
	dead       bool
	interrupts chan struct{}
	killOnce   sync.Once
}

// startTimeout bounds how long Start waits for the child's ready message.
const startTimeout = time.Minute

// Start starts an engine child and waits until its engine is ready.
func Start(opts Options) (*Process, error) {
	if opts.Backstop <= 0 {
		opts.Backstop = 30 * time.Second
	}
	if opts.MaxMessage <= 0 {
		opts.MaxMessage = DefaultMaxDisplay + 1<<20
	}
	reqR, reqW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("engine: %w", err)
	}
	repR, repW, err := os.Pipe()
	if err != nil {
		reqR.Close()
		reqW.Close()
		return nil, fmt.Errorf("engine: %w", err)
	}
	p := &Process{opts: opts, req: reqW, msgs: make(chan reply, 64), tail: newTail(64<<10, opts.Stderr),
		exited: make(chan struct{}), interrupts: make(chan struct{}, 1)}
	cmd := exec.Command(opts.Path, opts.Args...)
	cmd.Env = opts.Env
	cmd.ExtraFiles = []*os.File{reqR, repW}
	cmd.Stdout, cmd.Stderr = p.tail, p.tail
	cmd.WaitDelay = time.Second // a process the cell started may hold the output pipe
	p.cmd = cmd
	err = cmd.Start()
	reqR.Close()
	repW.Close()
	if err != nil {
		reqW.Close()
		repR.Close()
		return nil, fmt.Errorf("engine: starting %s: %w", opts.Path, err)
	}
	go func() {
		p.waitErr = cmd.Wait()
		p.tail.flush()
		close(p.exited)
	}()
	go p.read(repR)

	var r reply
	ok := true
	select {
	case r, ok = <-p.msgs:
	case <-time.After(startTimeout):
		p.kill()
		<-p.exited
		return nil, fmt.Errorf("engine: %s did not start an engine within %v (is it the huntbook binary?): %s", opts.Path, startTimeout, p.diagnose())
	}
	switch {
	case !ok:
		p.kill()
		<-p.exited
		return nil, fmt.Errorf("engine: the engine process did not start: %s", p.diagnose())
	case r.Kind != kindReady:
		p.kill()
		return nil, fmt.Errorf("engine: the engine process said %q before it was ready", r.Kind)
	case r.Err != "":
		p.kill()
		return nil, fmt.Errorf("engine: %s", r.Err)
	}
	p.limit = r.MemoryLimit
	return p, nil
}

// read hands the child's replies on until its pipe closes.
func (p *Process) read(r io.ReadCloser) {
	defer r.Close()
	defer close(p.msgs)
	for {
		var m reply
		if err := readFrame(r, p.opts.MaxMessage, &m); err != nil {
			if !errors.Is(err, io.EOF) {
				p.tail.note(protocolNote + err.Error())
				p.kill()
			}
			return
		}
		p.msgs <- m
	}
}

func (p *Process) send(r request) error {
	p.reqMu.Lock()
	defer p.reqMu.Unlock()
	return writeFrame(p.req, r)
}

// kill ends the child at once.
func (p *Process) kill() {
	p.killOnce.Do(func() {
		if p.cmd.Process != nil {
			_ = p.cmd.Process.Kill()
		}
	})
}

// Execute runs code as one cell. Cancelling ctx interrupts it. The error
// is nil when the cell ran (its own errors are error outputs); a
// *CrashError when the child ended, with an EngineCrashed error output
// last in the result; interp.ErrStuck when the cell did not stop after an
// interrupt (the child is killed); ErrDead once the Process has ended.
func (p *Process) Execute(ctx context.Context, code string) (interp.Result, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var res interp.Result
	if p.dead {
		return res, ErrDead
	}
	select { // an interrupt sent between cells is stale
	case <-p.interrupts:
	default:
	}
	p.next++
	id := p.next
	input := interp.InputFrom(ctx)
	if err := p.send(request{ID: id, Op: opExecute, Code: code, Stdin: input != nil}); err != nil {
		return p.crashed(res)
	}
	inputCtx, stopInput := context.WithCancel(ctx)
	defer stopInput()
	ctxDone := ctx.Done()
	var backstop <-chan time.Time
	interrupt := func() {
		stopInput()
		_ = p.send(request{Op: opInterrupt})
		if backstop == nil {
			backstop = time.After(p.opts.Backstop)
		}
	}
	for {
		select {
		case m, ok := <-p.msgs:
			if !ok {
				return p.crashed(res)
			}
			if m.ID != id {
				continue // output of a goroutine that outlived its cell
			}
			switch m.Kind {
			case kindOutput:
				if m.Output != nil {
					add(&res, *m.Output)
					if p.opts.OnOutput != nil {
						p.opts.OnOutput(*m.Output)
					}
				}
			case kindInput:
				go p.answer(inputCtx, input, id, m)
			case kindDone:
				switch {
				case m.Stuck:
					p.end()
					return res, interp.ErrStuck
				case m.Crash != "":
					p.kill()
					return p.crash(res, m.Crash)
				}
				return res, nil
			}
		case <-ctxDone:
			ctxDone = nil
			interrupt()
		case <-p.interrupts:
			interrupt()
		case <-backstop:
			p.end()
			return res, interp.ErrStuck
		}
	}
}

// answer asks input for the line the child's request m wants, and sends it.
func (p *Process) answer(ctx context.Context, input interp.Input, id int64, m reply) {
	r := request{ID: id, Op: opInput, Seq: m.Seq}
	if input == nil {
		r.Err = "the caller has no standard input"
	} else if text, err := input(ctx, m.Prompt); err != nil {
		r.Err = err.Error()
	} else {
		r.Text = text
	}
	_ = p.send(r)
}

// crashed reports a child that ended during a call.
func (p *Process) crashed(res interp.Result) (interp.Result, error) {
	select { // let a child that is ending exit by itself, so its status tells why
	case <-p.exited:
	case <-time.After(2 * time.Second):
		p.kill()
		<-p.exited
	}
	return p.crash(res, p.diagnose())
}

func (p *Process) crash(res interp.Result, cause string) (interp.Result, error) {
	p.dead = true
	evalue := cause + "; the engine's variables are lost"
	o := notebook.Output{Type: notebook.Error, EName: ENameCrashed, EValue: evalue,
		Traceback: append([]string{ENameCrashed + ": " + evalue}, p.tail.trace(12)...)}
	add(&res, o)
	if p.opts.OnOutput != nil {
		p.opts.OnOutput(o)
	}
	return res, &CrashError{Cause: cause}
}

// end kills the child and marks the Process dead.
func (p *Process) end() {
	p.dead = true
	p.kill()
}

// diagnose says why the child ended, from its exit status and the last
// lines it wrote.
func (p *Process) diagnose() string {
	var state *os.ProcessState
	select {
	case <-p.exited:
		state = p.cmd.ProcessState
	default:
	}
	return p.tail.diagnose(state, p.limit)
}

// Interrupt stops the running cell, if any; its variables survive.
func (p *Process) Interrupt() {
	select {
	case p.interrupts <- struct{}{}:
	default:
	}
}

// Complete asks the engine for completions; a dead engine has none.
func (p *Process) Complete(code string, cursor int) interp.Completion {
	c := interp.Completion{Start: cursor, End: cursor}
	if r, ok := p.call(request{Op: opComplete, Code: code, Cursor: cursor}); ok && r.Completion != nil {
		c = *r.Completion
	}
	return c
}

// Inspect asks the engine what the code at cursor is.
func (p *Process) Inspect(code string, cursor int) (display.Data, bool) {
	if r, ok := p.call(request{Op: opInspect, Code: code, Cursor: cursor}); ok && r.Inspect != nil {
		return *r.Inspect, r.Found
	}
	return display.Data{}, false
}

// call sends a request and waits for its one reply.
func (p *Process) call(r request) (reply, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.dead {
		return reply{}, false
	}
	p.next++
	r.ID = p.next
	if err := p.send(r); err != nil {
		return reply{}, false
	}
	for m := range p.msgs {
		if m.ID == r.ID {
			return m, true
		}
	}
	p.dead = true
	return reply{}, false
}

// Close ends the child: it closes the request pipe, which the child takes
// as the end, and kills it if it has not exited a second later. Called
// while Execute runs (to shut down at once), it kills the child, and
// Execute returns a *CrashError.
func (p *Process) Close() error {
	p.reqMu.Lock()
	p.req.Close()
	p.reqMu.Unlock()
	if p.mu.TryLock() {
		p.dead = true
		p.mu.Unlock()
	} else {
		p.kill() // a cell runs: do not wait for it
	}
	select {
	case <-p.exited:
	case <-time.After(time.Second):
		p.kill()
		<-p.exited
	}
	return nil
}

// Kill ends the child at once, without waiting.
func (p *Process) Kill() { p.kill() }

// add appends o to res, merging consecutive text of the same stream as
// interp does.
func add(res *interp.Result, o notebook.Output) {
	if n := len(res.Outputs); n > 0 && o.Type == notebook.Stream {
		if last := &res.Outputs[n-1]; last.Type == notebook.Stream && last.Name == o.Name {
			last.Text += o.Text
			return
		}
	}
	res.Outputs = append(res.Outputs, o)
}
