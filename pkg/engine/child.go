package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/huntbook/huntbook/pkg/interp"
	"github.com/huntbook/huntbook/pkg/notebook"
)

// ChildOptions configure the child's engine. The zero value uses the
// defaults below.
type ChildOptions struct {
	// MemoryLimit bounds the process's memory in bytes (see the package
	// comment); zero means no limit.
	MemoryLimit int64
	// MaxOutput caps each cell's stream text (interp.Options.MaxOutput).
	MaxOutput int
	// MaxDisplay caps the bytes of each cell's display outputs in all;
	// zero means DefaultMaxDisplay.
	MaxDisplay int
	// MaxRunDisplay caps the bytes of the display outputs of all cells
	// this engine runs (a notebook run, or a kernel's engine until it is
	// restarted); zero means DefaultMaxRunDisplay, a negative value no cap.
	MaxRunDisplay int64
	// InterruptGrace is how long an interrupted cell may take to stop
	// before the child declares it stuck; zero means 3 s. A cell still
	// compiling is waited for.
	InterruptGrace time.Duration
	// Closed, if set, is called when the request pipe ends (the parent
	// closed it, or died) while Serve may still be inside a cell: a cell
	// in `for {}` or blocked in compiled code never returns, and a child
	// whose parent is gone must not spin on. The command line exits the
	// process from it.
	Closed func()
}

// DefaultMaxDisplay is the default cap on one cell's display outputs.
const DefaultMaxDisplay = 16 << 20

// DefaultMaxRunDisplay is the default cap on the display outputs of all
// the cells an engine runs.
const DefaultMaxRunDisplay = 256 << 20

// ErrNoPipes is returned by Child when the process was not started by Start.
var ErrNoPipes = errors.New("engine: file descriptors 3 and 4 are not the engine's pipes; this command is started by huntbook's kernel and runner, not by hand")

// Child serves the parent that started this process with Start, on file
// descriptors 3 (requests) and 4 (replies), until the parent closes the
// request pipe. It returns an error when the engine cannot go on (a stuck
// or ended engine goroutine): the process should then exit.
func Child(opts ChildOptions) error {
	in, out := os.NewFile(3, "engine-requests"), os.NewFile(4, "engine-replies")
	if in == nil || out == nil {
		return ErrNoPipes
	}
	if _, err := in.Stat(); err != nil {
		return ErrNoPipes
	}
	return Serve(context.Background(), in, out, opts)
}

// server is the child's state.
type server struct {
	opts ChildOptions
	e    *interp.Engine
	wmu  sync.Mutex
	w    io.Writer

	mu        sync.Mutex // guards the running cell's fields
	cellID    int64
	cancel    context.CancelFunc
	interrupt chan struct{}
	displayed int
	cut       bool
	// all cells': display bytes passed on, and whether MaxRunDisplay was reached
	runDisplayed int64
	runCut       bool

	inputSeq int64        // the last input request's number
	answers  chan request // where the answer to request inputSeq goes, while a cell waits
}

// Serve runs the child's side of the protocol on in and out; Child calls it
// on the pipes Start made. Memory limits are applied here, process-wide.
func Serve(ctx context.Context, in io.Reader, out io.Writer, opts ChildOptions) error {
	if opts.MaxDisplay <= 0 {
		opts.MaxDisplay = DefaultMaxDisplay
	}
	if opts.MaxRunDisplay == 0 {
		opts.MaxRunDisplay = DefaultMaxRunDisplay
	}
	if opts.InterruptGrace <= 0 {
		opts.InterruptGrace = 3 * time.Second
	}
	s := &server{opts: opts, w: out}
	e, err := interp.New(interp.Options{OnOutput: s.onOutput, MaxOutput: opts.MaxOutput, InterruptGrace: 24 * time.Hour})
	if err != nil {
		_ = s.send(reply{Kind: kindReady, Err: err.Error()})
		return err
	}
	defer e.Close()
	s.e = e
	limit := applyMemoryLimit(opts.MemoryLimit)
	if err := s.send(reply{Kind: kindReady, MemoryLimit: limit}); err != nil {
		return err
	}

	jobs := make(chan request, 16)
	readErr := make(chan error, 1)
	go func() {
		defer close(jobs)
		for {
			var r request
			if err := readFrame(in, 64<<20, &r); err != nil {
				if errors.Is(err, io.EOF) {
					err = nil
				}
				readErr <- err
				s.interruptCell()
				if opts.Closed != nil {
					opts.Closed()
				}
				return
			}
			switch r.Op {
			case opInterrupt:
				s.interruptCell()
				continue
			case opInput:
				s.answerInput(r)
				continue
			}
			select {
			case jobs <- r:
			case <-ctx.Done():
				return
			}
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case r, ok := <-jobs:
			if !ok {
				return <-readErr
			}
			if err := s.do(ctx, r); err != nil {
				return err
			}
		}
	}
}

func (s *server) send(r reply) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	return writeFrame(s.w, r)
}

func (s *server) do(ctx context.Context, r request) error {
	switch r.Op {
	case opExecute:
		return s.execute(ctx, r)
	case opComplete:
		c := s.e.Complete(r.Code, r.Cursor)
		return s.send(reply{ID: r.ID, Kind: kindComplete, Completion: &c})
	case opInspect:
		d, found := s.e.Inspect(r.Code, r.Cursor)
		return s.send(reply{ID: r.ID, Kind: kindInspect, Inspect: &d, Found: found})
	}
	return s.send(reply{ID: r.ID, Kind: kindDone, Crash: fmt.Sprintf("the engine does not know the request %q", r.Op)})
}

// execute runs one cell. The engine is told to wait (almost) for ever
// after an interrupt: the child itself decides when a cell is stuck, so
// that a cell still compiling is not mistaken for one blocked.
func (s *server) execute(ctx context.Context, r request) error {
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	interrupted := make(chan struct{}, 1)
	s.mu.Lock()
	s.cellID, s.cancel, s.interrupt, s.displayed, s.cut = r.ID, cancel, interrupted, 0, false
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.cellID, s.cancel, s.interrupt = 0, nil, nil
		s.mu.Unlock()
	}()

	if r.Stdin {
		cctx = interp.WithInput(cctx, s.input)
	}
	done := make(chan error, 1)
	go func() {
		_, err := s.e.Execute(cctx, r.Code)
		done <- err
	}()
	var grace <-chan time.Time
	for {
		select {
		case err := <-done:
			if err != nil {
				_ = s.send(reply{ID: r.ID, Kind: kindDone, Crash: err.Error()})
				return err
			}
			if !s.alive() {
				msg := "the cell ended the engine's goroutine (runtime.Goexit)"
				_ = s.send(reply{ID: r.ID, Kind: kindDone, Crash: msg})
				return errors.New("engine: " + msg)
			}
			return s.send(reply{ID: r.ID, Kind: kindDone})
		case <-interrupted:
			if grace == nil {
				grace = time.After(s.opts.InterruptGrace)
			}
		case <-grace:
			if compiling() {
				grace = time.After(250 * time.Millisecond)
				continue
			}
			_ = s.send(reply{ID: r.ID, Kind: kindDone, Stuck: true})
			return interp.ErrStuck
		}
	}
}

// interruptCell stops the running cell, if any.
func (s *server) interruptCell() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cancel == nil {
		return
	}
	s.cancel()
	select {
	case s.interrupt <- struct{}{}:
	default:
	}
}

// input asks the parent for a line of standard input for the running
// cell, and waits for it or for the cell's interrupt.
func (s *server) input(ctx context.Context, prompt string) (string, error) {
	ch := make(chan request, 1)
	s.mu.Lock()
	s.inputSeq++
	seq, id := s.inputSeq, s.cellID
	s.answers = ch
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if s.inputSeq == seq {
			s.answers = nil
		}
		s.mu.Unlock()
	}()
	if err := s.send(reply{ID: id, Kind: kindInput, Seq: seq, Prompt: prompt}); err != nil {
		return "", err
	}
	select {
	case r := <-ch:
		if r.Err != "" {
			return "", errors.New(r.Err)
		}
		return r.Text, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// answerInput hands the parent's answer to the cell waiting for it; a late
// answer (the cell was interrupted) is dropped.
func (s *server) answerInput(r request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.answers != nil && r.Seq == s.inputSeq {
		s.answers <- r
		s.answers = nil
	}
}

// alive reports whether the engine goroutine still takes work: a cell
// that called runtime.Goexit ends it, and the next call would wait for
// ever.
func (s *server) alive() bool {
	ok := make(chan struct{})
	go func() {
		s.e.Complete("", 0)
		close(ok)
	}()
	select {
	case <-ok:
		return true
	case <-time.After(time.Second):
		return false
	}
}

// compiling reports whether the engine goroutine is compiling a cell
// rather than running it, from the stacks of all goroutines.
func compiling() bool {
	buf := make([]byte, 1<<20)
	n := runtime.Stack(buf, true)
	for _, g := range strings.Split(string(buf[:n]), "\n\n") {
		if !strings.Contains(g, "interp.(*Engine).run(") {
			continue
		}
		return strings.Contains(g, "(*Interp).CompileAst(") || strings.Contains(g, "(*Interp).Parse(")
	}
	return false
}

// onOutput passes an output to the parent, capping display outputs per
// cell and in all: the parent never holds more than the caps.
func (s *server) onOutput(o notebook.Output) {
	s.mu.Lock()
	id := s.cellID
	note := ""
	if o.Type == notebook.DisplayData || o.Type == notebook.ExecuteResult {
		if s.cut {
			s.mu.Unlock()
			return
		}
		note = s.displayCap(int64(bundleSize(o)))
	}
	s.mu.Unlock()
	if note != "" {
		o = notebook.Output{Type: notebook.Stream, Name: "stderr", Text: note}
	}
	_ = s.send(reply{ID: id, Kind: kindOutput, Output: &o})
}

// displayCap counts a display output of size bytes against the caps, or
// returns the note that says why it is dropped (this cell's later displays
// are dropped without one). Called with s.mu held.
func (s *server) displayCap(size int64) string {
	limit := s.opts.MaxRunDisplay
	switch {
	case limit > 0 && s.runDisplayed+size > limit:
		s.cut = true
		if s.runCut {
			return fmt.Sprintf("\n… display output dropped: the displays of this run passed %s in all, in an earlier cell\n", bytesText(limit))
		}
		s.runCut = true
		return fmt.Sprintf("\n… display output cut: the displays of this run passed %s in all; this cell's later displays and every later cell's are dropped"+
			" (raise the cap with --display-limit or HUNTBOOK_DISPLAY_LIMIT; in Jupyter, restarting the kernel starts the count again)\n", bytesText(limit))
	case int64(s.displayed)+size > int64(s.opts.MaxDisplay):
		s.cut = true
		return fmt.Sprintf("\n… display output cut: this cell's displays passed %s; later displays are dropped\n", bytesText(int64(s.opts.MaxDisplay)))
	}
	s.displayed += int(size)
	s.runDisplayed += size
	return ""
}

// bundleSize estimates the bytes a display output takes.
func bundleSize(o notebook.Output) int {
	n := 0
	for k, v := range o.Data {
		n += len(k)
		switch v := v.(type) {
		case string:
			n += len(v)
		case []byte:
			n += len(v) * 4 / 3
		default:
			b, _ := json.Marshal(v)
			n += len(b)
		}
	}
	return n
}

// applyMemoryLimit sets the Go runtime's soft memory limit and, where the
// system has it, a hard limit on the address space; it returns the limit.
func applyMemoryLimit(limit int64) int64 {
	if limit <= 0 {
		return 0
	}
	debug.SetMemoryLimit(limit)
	limitAddressSpace(limit)
	return limit
}

// bytesText writes n bytes as people read them.
func bytesText(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d bytes", n)
}
