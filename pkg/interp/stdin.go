package interp

import (
	"context"
	"fmt"
	"io"
	"reflect"
	"sync"
	"sync/atomic"

	"github.com/cosmos72/gomacro/base"
	"github.com/cosmos72/gomacro/gls"
	"github.com/cosmos72/gomacro/imports"
)

// Input answers a cell's read of standard input with one line, without
// its newline. The kernel asks the Jupyter front end (input_request, with
// prompt ""), as ipykernel does for input(). Cancelling ctx (the cell was
// interrupted) must make it return.
type Input func(ctx context.Context, prompt string) (string, error)

type inputKey struct{}

// WithInput returns a context under which Execute's cell reads standard
// input from in. Without it, reads see end of file and the cell gets a
// note on stderr saying that standard input is not available.
func WithInput(ctx context.Context, in Input) context.Context {
	return context.WithValue(ctx, inputKey{}, in)
}

// InputFrom returns the Input of ctx (WithInput), or nil.
func InputFrom(ctx context.Context) Input {
	in, _ := ctx.Value(inputKey{}).(Input)
	return in
}

// NoStdinNote is written to a cell's stderr the first time it reads
// standard input where there is none.
const NoStdinNote = "huntbook: standard input is not available here (huntbook run has no one to ask, and a Jupyter front end must allow input); reads see end of file\n"

// stdin is what cells see as os.Stdin, and what fmt.Scan, Scanln and
// Scanf read in cells: when its line is used up it asks the cell's Input
// for the next one. A process cannot tell that someone blocks reading a
// pipe, so os.Stdin in cells is this reader rather than an *os.File: it
// has Read, Close and Name; *os.File's other methods (Fd, Stat) are not
// there. Like *os.File it has no UnreadRune, so fmt's Scan functions read
// it a byte at a time and drop the one they looked ahead at, as they do on
// a terminal: fmt.Scan(&n) then fmt.Scanln(&s) reads two lines.
type stdin struct {
	mu   sync.Mutex
	line []byte
	pos  int
	cell atomic.Pointer[stdinCell]
}

// stdinCell is what the running cell's reads need.
type stdinCell struct {
	ctx   context.Context // cancelled when the cell is interrupted
	in    Input           // nil: no standard input here
	flush func()          // hands on the cell's output so far, so a printed prompt shows first
	warn  func()          // writes NoStdinNote to the cell's stderr
	goid  uintptr         // the engine goroutine, where an interrupt ends the cell
	noted bool
}

// theStdin is the one reader; cellStdin is the variable cells see as
// os.Stdin (register binds it).
var (
	theStdin  = &stdin{}
	cellStdin = theStdin
)

// bindStdin makes os.Stdin and fmt's Scan functions in cells read theStdin.
func bindStdin() {
	imports.Packages["os"].Binds["Stdin"] = reflect.ValueOf(&cellStdin).Elem()
	fmtBinds := imports.Packages["fmt"].Binds
	fmtBinds["Scan"] = reflect.ValueOf(func(a ...any) (int, error) { return fmt.Fscan(theStdin, a...) })
	fmtBinds["Scanln"] = reflect.ValueOf(func(a ...any) (int, error) { return fmt.Fscanln(theStdin, a...) })
	fmtBinds["Scanf"] = reflect.ValueOf(func(format string, a ...any) (int, error) { return fmt.Fscanf(theStdin, format, a...) })
}

// begin starts a cell's reads; a line left by the previous cell is dropped.
func (s *stdin) begin(c *stdinCell) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.line, s.pos = nil, 0
	s.cell.Store(c)
}

// end ends the cell's reads: later ones (a goroutine the cell left) see
// end of file. It does not wait for a read in progress.
func (s *stdin) end() { s.cell.Store(nil) }

// Read reads from the current line, asking for one when it is used up.
func (s *stdin) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.fill(); err != nil {
		return 0, err
	}
	n := copy(p, s.line[s.pos:])
	s.pos += n
	return n, nil
}

// Close does nothing: the cells after this one read standard input too.
func (s *stdin) Close() error { return nil }

// Name is the name *os.File's os.Stdin has.
func (s *stdin) Name() string { return "/dev/stdin" }

// fill asks for the next line when the current one is used up. An
// interrupt while it waits ends the cell (on the engine goroutine; a
// goroutine the cell started sees an error).
func (s *stdin) fill() error {
	if s.pos < len(s.line) {
		return nil
	}
	c := s.cell.Load()
	if c == nil || c.in == nil {
		if c != nil && !c.noted {
			c.noted = true
			c.warn()
		}
		return io.EOF
	}
	c.flush()
	line, err := c.in(c.ctx, "")
	if err != nil {
		if c.ctx.Err() != nil && gls.GoID() == c.goid {
			panic(base.SigInterrupt)
		}
		return fmt.Errorf("interp: reading standard input: %w", err)
	}
	s.line, s.pos = append([]byte(line), '\n'), 0
	return nil
}

// stdinFor returns the reads of one cell run under ctx, which is
// cancelled when the cell is interrupted.
func (e *Engine) stdinFor(ctx, cellCtx context.Context) *stdinCell {
	return &stdinCell{
		ctx: cellCtx,
		in:  InputFrom(ctx),
		flush: func() {
			e.out.sync()
			e.err.sync()
		},
		warn: func() { // in order with the cell's stdout
			e.out.sync()
			_, _ = e.err.w.Write([]byte(NoStdinNote))
			e.err.sync()
		},
		goid: e.goid,
	}
}
