package interp

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/build"
	"io"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/cosmos72/gomacro/ast2"
	"github.com/cosmos72/gomacro/base"
	"github.com/cosmos72/gomacro/fast"
	"github.com/cosmos72/gomacro/gls"
	"github.com/cosmos72/gomacro/go/etoken"
	"github.com/cosmos72/gomacro/imports"
	xr "github.com/cosmos72/gomacro/xreflect"

	"github.com/huntbook/huntbook/pkg/display"
	"github.com/huntbook/huntbook/pkg/interp/internal/stdlib"
	"github.com/huntbook/huntbook/pkg/interp/internal/symbols"
)

// DisplayPath is the import path of the display package every cell sees as "display".
const DisplayPath = "github.com/huntbook/huntbook/pkg/display"

// ErrStuck is returned by Execute when a cell did not stop within
// Options.InterruptGrace of an interrupt: it is blocked inside compiled code.
// The Engine cannot run more cells; start a new process.
var ErrStuck = errors.New("interp: the cell did not stop after an interrupt (it is blocked inside compiled code); the engine must be restarted and its variables are lost")

// ErrClosed is returned by Execute after Close or ErrStuck.
var ErrClosed = errors.New("interp: engine is closed")

// Options configure an Engine. The zero value is ready to use.
type Options struct {
	// OnOutput, if set, receives each output as soon as the cell produces
	// it (stream text in chunks), on a goroutine of the engine's. Execute's
	// Result holds the same outputs, merged.
	OnOutput func(Output)
	// MaxOutput caps the stream text kept per cell, in bytes; beyond it a
	// note replaces the rest. Zero means 4 MiB.
	MaxOutput int
	// InterruptGrace is how long Execute waits for an interrupted cell to
	// stop before returning ErrStuck. Zero means 3 s.
	InterruptGrace time.Duration
}

// Engine runs cells. Its methods may be called from any goroutine; cells run
// one at a time on the engine's own goroutine.
type Engine struct {
	opts Options
	jobs chan func()
	ir   *fast.Interp
	goid uintptr // the engine goroutine's

	interrupts chan struct{}
	running    sync.Mutex // held while a cell runs
	state      sync.Mutex
	closed     bool

	out, err   *capture
	broken     []*capture   // captures a cell broke (capture.go's restoreStreams)
	cellFiles  map[int]bool // the file set bases of the cells parsed (position.go)
	lower      lowerer
	generics   *generics          // type parameters declared by the cells run so far
	gate       *anyGate           // where cells may store values in empty interfaces (anygate.go)
	boxers     typeCache[*boxer]  // how values of cell-declared types are boxed (anybox.go)
	boxesKnown bool               // gomacro imported the boxes
	renderTo   map[string]xr.Type // display interfaces, to render interpreted types

	// per cell, guarded by cellMu
	cellMu  sync.Mutex
	cell    *Result
	written int
	cut     bool
}

// processMu serialises cells across Engines: capture swaps process-wide streams.
var processMu sync.Mutex

var registerOnce sync.Once

// register merges the generated tables into gomacro's registry and stops
// gomacro from running `go list` on imports.
func register() {
	build.Default.GOROOT = filepath.Join(os.TempDir(), "huntbook-no-goroot")
	stdlib.Each(func(path string, pkg stdlib.Package) {
		delete(imports.Packages, path) // gomacro's own table predates Go 1.20
		imports.Packages.MergePackage(path, pkg)
	})
	symbols.Each(func(path string, pkg symbols.Package) {
		imports.Packages.MergePackage(path, pkg)
	})
	bindStdin()
	registerBoxes()
}

// New starts an engine with the display package imported and Display declared.
func New(opts Options) (*Engine, error) {
	registerOnce.Do(register)
	if opts.MaxOutput <= 0 {
		opts.MaxOutput = 4 << 20
	}
	if opts.InterruptGrace <= 0 {
		opts.InterruptGrace = 3 * time.Second
	}
	e := &Engine{opts: opts, jobs: make(chan func()), interrupts: make(chan struct{}, 1), generics: newGenerics(), gate: newAnyGate(), cellFiles: map[int]bool{}}
	var err error
	if e.out, err = newCapture("stdout"); err != nil {
		return nil, fmt.Errorf("interp: %w", err)
	}
	if e.err, err = newCapture("stderr"); err != nil {
		e.out.close()
		return nil, fmt.Errorf("interp: %w", err)
	}
	started := make(chan error, 1)
	go e.loop(started)
	if err := <-started; err != nil {
		e.out.close()
		e.err.close()
		return nil, err
	}
	return e, nil
}

// loop is the engine goroutine: it creates the interpreter and runs every job.
func (e *Engine) loop(started chan<- error) {
	err := func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("interp: starting gomacro: %v", r)
			}
		}()
		// fast.New prints a warning about a generic function of package
		// reflect it skips; keep it off the user's terminal.
		e.goid = gls.GoID()
		stderr := os.Stderr
		os.Stderr = e.err.w
		e.ir = fast.New()
		os.Stderr = stderr
		g := &e.ir.Comp.Globals
		g.Options &^= base.OptTrapPanic | base.OptShowPrompt | base.OptShowEval | base.OptShowEvalType
		// gomacro's own notes ("// warning: redefined identifier: err" for
		// the valid `b, err := …` after `a, err := …`) are noise in a
		// notebook; errors reach the cell as panics. gophernotes drops them too.
		g.Stdout, g.Stderr = io.Discard, io.Discard
		g.Filepath = "cell" // error positions read cell:LINE:COL
		imp := e.ir.ImportPackage("display", DisplayPath)
		e.renderTo = map[string]xr.Type{}
		for name, t := range imp.Types {
			if t.Kind() == reflect.Interface {
				e.renderTo[name] = t
			}
		}
		e.ir.DeclFunc("Display", e.displayFunc)
		e.declareBuiltins()
		return nil
	}()
	e.err.sync() // drop what fast.New printed
	started <- err
	if err != nil {
		return
	}
	for job := range e.jobs {
		job()
	}
}

// displayFunc is what cells call as Display, and what display.Display calls
// while a cell runs.
func (e *Engine) displayFunc(d display.Data) error {
	if d.Data == nil {
		return errors.New("display: empty bundle")
	}
	e.emit(Output{Type: DisplayData, Data: d.Data, Metadata: d.Metadata, Transient: d.Transient})
	return nil
}

// emit records o in the current cell's result (streams are synced first so
// order is kept) and passes it to Options.OnOutput.
func (e *Engine) emit(o Output) {
	if o.Type != Stream {
		e.out.sync()
		e.err.sync()
	}
	e.cellMu.Lock()
	if e.cell == nil {
		e.cellMu.Unlock()
		return
	}
	if o.Type == Stream {
		if e.cut {
			e.cellMu.Unlock()
			return
		}
		if e.written+len(o.Text) > e.opts.MaxOutput {
			o.Text = o.Text[:max(0, e.opts.MaxOutput-e.written)] +
				fmt.Sprintf("\n… output cut at %d bytes\n", e.opts.MaxOutput)
			e.cut = true
		}
		e.written += len(o.Text)
	}
	e.cell.add(o)
	e.cellMu.Unlock()
	if e.opts.OnOutput != nil {
		e.opts.OnOutput(o)
	}
}

func (e *Engine) emitStream(name, text string) {
	e.emit(Output{Type: Stream, Name: name, Text: text})
}

// do runs f on the engine goroutine and waits for it.
func (e *Engine) do(f func()) error {
	e.state.Lock()
	closed := e.closed
	e.state.Unlock()
	if closed {
		return ErrClosed
	}
	done := make(chan struct{})
	e.jobs <- func() { defer close(done); f() }
	<-done
	return nil
}

// Execute runs code as one cell and returns its outputs. Cancelling ctx
// interrupts the cell, as Interrupt does. The error is nil unless the engine
// cannot run cells (ErrClosed) or the cell could not be stopped (ErrStuck);
// errors in the cell itself are error outputs.
func (e *Engine) Execute(ctx context.Context, code string) (Result, error) {
	e.running.Lock()
	defer e.running.Unlock()
	e.state.Lock()
	closed := e.closed
	e.state.Unlock()
	if closed {
		return Result{}, ErrClosed
	}
	processMu.Lock()
	defer processMu.Unlock()

	select { // an interrupt sent between cells is stale
	case <-e.interrupts:
	default:
	}
	res := &Result{}
	e.cellMu.Lock()
	e.cell, e.written, e.cut = res, 0, false
	e.cellMu.Unlock()

	stdout, stderr := os.Stdout, os.Stderr
	os.Stdout, os.Stderr = e.out.w, e.err.w
	e.out.setEmit(e.emitStream)
	e.err.setEmit(e.emitStream)
	prevDisplay := display.SetHandler(e.displayFunc)
	cellCtx, stopInput := context.WithCancel(ctx)
	defer stopInput()
	theStdin.begin(e.stdinFor(ctx, cellCtx))

	done := make(chan struct{})
	e.jobs <- func() { defer close(done); e.run(code) }

	stuck := false
	var deadline <-chan time.Time
	var tick *time.Ticker
	ctxDone := ctx.Done()
wait:
	for {
		var tickC <-chan time.Time
		if tick != nil {
			tickC = tick.C
		}
		select {
		case <-done:
			break wait
		case <-ctxDone:
			ctxDone = nil
		case <-e.interrupts:
		case <-tickC:
			// An interrupt that arrives while gomacro compiles is lost: repeat it.
			e.ir.Interrupt(os.Interrupt)
			continue
		case <-deadline:
			stuck = true
			break wait
		}
		e.ir.Interrupt(os.Interrupt)
		stopInput() // a cell waiting for input ends
		if tick == nil {
			tick = time.NewTicker(50 * time.Millisecond)
			deadline = time.After(e.opts.InterruptGrace)
		}
	}
	if tick != nil {
		tick.Stop()
	}

	display.SetHandler(prevDisplay)
	theStdin.end()
	if !stuck {
		e.out.sync()
		e.err.sync()
		e.restoreStreams()
	}
	os.Stdout, os.Stderr = stdout, stderr
	e.out.setEmit(nil)
	e.err.setEmit(nil)
	e.cellMu.Lock()
	e.cell = nil
	e.cellMu.Unlock()
	if stuck {
		e.state.Lock()
		e.closed = true
		e.state.Unlock()
		return *res, ErrStuck
	}
	return *res, nil
}

// Interrupt stops the running cell, if any. Its variables survive.
func (e *Engine) Interrupt() {
	select {
	case e.interrupts <- struct{}{}:
	default:
	}
}

// Close stops the engine goroutine. A stuck cell's goroutine is left behind.
func (e *Engine) Close() error {
	e.state.Lock()
	wasClosed := e.closed
	e.closed = true
	e.state.Unlock()
	if !e.running.TryLock() {
		return nil // stuck or running: leave it
	}
	defer e.running.Unlock()
	if !wasClosed {
		close(e.jobs)
	}
	return nil
}

// run compiles and runs one cell on the engine goroutine.
func (e *Engine) run(code string) {
	phase := ENameCompile
	ir := e.ir
	where := &site{} // where a panic happens (position.go)
	defer func() {
		if r := recover(); r != nil {
			e.emit(explained(code, e.locate(errorOutput(phase, r), where)))
		}
	}()
	ir.Comp.Globals.Line = 0
	cell := e.generics.spell(rewriteIterTypes(code))
	defer setGenerics(etoken.GENERICS_NONE)
	e.compileRun(cell.prelude, cell.generic)
	where.start(ir, e.cellFiles)
	form := e.parse(cell.code, cell.generic)
	if form == nil {
		return
	}
	form = e.prepare(form)
	endsWithExpr := lastIsExpr(form) && !endsWithPrint(form)
	form = where.mark(form, endsWithExpr)
	expr := e.compile(form, cell.generic)
	cell.commit()
	phase = ENamePanic
	vals, types := e.runExpr(expr, where)
	if !endsWithExpr || len(vals) == 0 {
		return
	}
	if d, ok := e.result(vals, types); ok {
		e.emit(Output{Type: ExecuteResult, Data: d.Data, Metadata: d.Metadata})
	}
}

// gomacro's generics are a process-wide switch with three positions: off,
// "C++ templates" (V1) and "contracts are interfaces" (V2). Only V2's parser
// reads `func Map#[T]`; compiling with V2 on also gives every slice, map,
// channel and number type methods of its own and, by a bug in gomacro, wipes
// the methods of a cell's type of those kinds; V1 compiles the same
// declarations, instantiates and infers as V2 does, without either. So a
// cell that uses type parameters is parsed with V2 and compiled with V1, and
// every cell runs with generics off. (Cells run one at a time in a
// process: Execute holds processMu.)
func setGenerics(g etoken.Generics) { etoken.GENERICS = g }

// parse parses code, with gomacro's generic syntax if generic.
func (e *Engine) parse(code string, generic bool) ast2.Ast {
	if generic {
		setGenerics(etoken.GENERICS_V2_CTI)
		defer setGenerics(etoken.GENERICS_NONE)
	}
	return e.ir.Parse(code)
}

// compile compiles a parsed cell, with gomacro's generics if generic.
func (e *Engine) compile(form ast2.Ast, generic bool) *fast.Expr {
	if generic {
		setGenerics(etoken.GENERICS_V1_CXX)
		defer setGenerics(etoken.GENERICS_NONE)
	}
	return e.ir.CompileAst(form)
}

// compileRun compiles and runs declarations the engine split off a cell.
func (e *Engine) compileRun(code string, generic bool) {
	if strings.TrimSpace(code) == "" {
		return
	}
	if form := e.parse(code, generic); form != nil {
		e.ir.RunExpr(e.compile(e.prepare(form), generic))
	}
}

func lastIsExpr(form ast2.Ast) bool {
	switch f := form.(type) {
	case ast2.AstWithNode:
		_, ok := f.Node().(ast.Expr)
		return ok
	case ast2.NodeSlice:
		if len(f.X) == 0 {
			return false
		}
		_, ok := f.X[len(f.X)-1].(ast.Expr)
		return ok
	}
	return false
}

// endsWithPrint reports whether the cell ends with a call to one of fmt's
// Print functions, whose (n, err) results nobody wants to see as "12".
func endsWithPrint(form ast2.Ast) bool {
	var last ast.Node
	switch f := form.(type) {
	case ast2.AstWithNode:
		last = f.Node()
	case ast2.NodeSlice:
		last = f.X[len(f.X)-1]
	}
	call, ok := last.(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	name := sel.Sel.Name
	return ok && pkg.Name == "fmt" && (strings.HasPrefix(name, "Print") || strings.HasPrefix(name, "Fprint"))
}

// noSymbol matches gomacro's error for a name a package table lacks.
var noSymbol = regexp.MustCompile(`package \S+ "([^"]+)" has no symbol (\w+)`)

// notAType matches gomacro's error for a call of a name a package table
// lacks, such as a generic function.
var notAType = regexp.MustCompile(`not a type: (\w+)\.(\w+) <\*ast\.SelectorExpr>`)

// errorOutput turns a recovered panic into an error output.
func errorOutput(phase string, r any) Output {
	if sig, ok := r.(base.Signal); ok && sig == base.SigInterrupt {
		return Output{Type: Error, EName: ENameInterrupted, EValue: "the cell was interrupted; variables are kept",
			Traceback: []string{ENameInterrupted + ": the cell was interrupted; variables are kept"}}
	}
	var msg string
	switch v := r.(type) {
	case error:
		msg = v.Error()
	default:
		msg = fmt.Sprint(v)
	}
	msg = strings.TrimSpace(msg)
	if m := noSymbol.FindStringSubmatch(msg); m != nil {
		if stdlib.Has(m[1]) {
			msg += fmt.Sprintf(" (%s.%s is generic, which cells cannot call yet, or not in Go's package %s)", path.Base(m[1]), m[2], m[1])
		}
	} else if m := notAType.FindStringSubmatch(msg); m != nil {
		for _, p := range stdlib.Paths() {
			if path.Base(p) == m[1] {
				msg = strings.Replace(msg, m[0], fmt.Sprintf("%s.%s is not in the tables of package %s: it is generic, which cells cannot call yet, or not in Go", m[1], m[2], p), 1)
				break
			}
		}
	}
	tb := []string{phase + ": " + msg}
	return Output{Type: Error, EName: phase, EValue: msg, Traceback: tb}
}
