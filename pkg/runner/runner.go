package runner

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/huntbook/huntbook/pkg/interp"
	"github.com/huntbook/huntbook/pkg/notebook"
)

// Options configure Run. The zero value runs every cell with no time limit
// and stops at the first error.
type Options struct {
	// Name is the notebook's file name, for messages and the run record.
	Name string
	// SHA256 is the hex sha256 of the notebook file, for the run record.
	SHA256 string
	// Version is huntbook's version, for the run record.
	Version string
	// Values for the parameters cell; see Params and Bind.
	Values []Value
	// CellTimeout stops a cell that runs longer; zero means no limit.
	CellTimeout time.Duration
	// AllowErrors runs the remaining cells after a cell fails, as
	// nbconvert's --allow-errors does. A timed-out or stuck cell still
	// stops the run.
	AllowErrors bool
	// InterruptGrace is how long a stopped cell may take to stop before
	// the engine is declared stuck; zero means interp's default (3 s).
	InterruptGrace time.Duration
	// NewEngine starts the engine the cells run in, passing each output to
	// onOutput as it is produced (nil is fine); nil means an in-process
	// interp.Engine. The command line runs the engine in a supervised
	// child process (package engine), so that a cell that crashes its
	// process becomes an error cell instead of ending the run unwritten.
	NewEngine func(onOutput func(notebook.Output)) (Engine, error)
	// Progress, if set, is called before and after each code cell.
	Progress func(Event)
	// Now returns the time for the run record; nil means time.Now.
	Now func() time.Time
}

// Engine runs cells; *interp.Engine and package engine's *Process have it.
// When Execute returns an error other than interp.ErrStuck and its result
// ends with an error output (package engine's EngineCrashed), that output
// is the cell's error and the run stops.
type Engine interface {
	Execute(ctx context.Context, code string) (interp.Result, error)
	Close() error
}

// Event reports progress on one code cell.
type Event struct {
	Cell  int // the cell's number in the executed notebook, 1-based
	ID    string
	Index int // this code cell's position among the code cells to run, 1-based
	Total int // how many code cells will run
	Done  bool
	// Set when Done:
	Status   string // notebook.StatusOK, StatusError or StatusTimeout
	Duration time.Duration
	Err      *notebook.Output
}

// CellError is returned by Run when a cell stopped the run: it failed
// (without AllowErrors), timed out, or could not be stopped.
type CellError struct {
	Name   string // the notebook
	Cell   int    // the cell's number in the executed notebook
	ID     string
	Status string // notebook.StatusError or StatusTimeout
	EName  string
	EValue string
}

func (e *CellError) Error() string {
	return fmt.Sprintf("runner: %s: cell %d (id %s) failed: %s: %s", e.Name, e.Cell, e.ID, e.EName, e.EValue)
}

// Error names that Run adds to the ones of package interp.
const (
	ENameTimeout     = "CellTimeout"
	ENameRunTimeout  = "RunTimeout"
	ENameCanceled    = "Canceled"
	ENameStuck       = "EngineStuck"
	ENameEngineError = "EngineError"
)

// Run executes a copy of nb, cell by cell, in a new interpreter, and
// returns the executed notebook with the run record in its metadata.
//
// Outputs of the input are cleared first. With values for parameters, a
// cell tagged injected-parameters setting them is inserted after the
// parameters cell (replacing one from an earlier run). Cells tagged
// skip-execution are not run.
//
// When a cell fails, times out, or ctx ends (the whole-run timeout, or an
// interrupt), the run stops: the failing cell keeps its error output, later
// cells keep no outputs, and Run returns the partial notebook and a
// *CellError. Errors in the parameters come back before anything runs,
// with a nil notebook.
func Run(ctx context.Context, nb *notebook.Notebook, opts Options) (*notebook.Notebook, error) {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	params, err := Params(nb, opts.Name)
	if err != nil {
		return nil, err
	}
	given, err := Bind(params, opts.Values)
	if err != nil {
		return nil, fmt.Errorf("runner: %s: %w", opts.Name, err)
	}
	out := prepare(nb, params, given)

	rec := &notebook.Run{Version: opts.Version, Notebook: opts.Name, SHA256: opts.SHA256,
		Parameters: given, Start: now(), Status: notebook.StatusOK, Cells: []notebook.CellRun{}}
	if rec.Parameters == nil {
		rec.Parameters = []notebook.Parameter{}
	}
	ids := out.CellIDs()
	finish := func(err error) (*notebook.Notebook, error) {
		rec.End = now()
		if serr := out.SetRun(rec); serr != nil && err == nil {
			err = serr
		}
		return out, err
	}

	var todo []int
	for i, c := range out.Cells {
		if c.Type == notebook.Code && !c.HasTag("skip-execution") {
			todo = append(todo, i)
		}
	}
	newEngine := opts.NewEngine
	if newEngine == nil {
		newEngine = func(on func(notebook.Output)) (Engine, error) {
			return interp.New(interp.Options{InterruptGrace: opts.InterruptGrace, OnOutput: on})
		}
	}
	engine, err := newEngine(nil)
	if err != nil {
		fail(rec, notebook.StatusError, 0, "", ENameEngineError, err.Error())
		rec.Failure.Stopped = true
		return finish(fmt.Errorf("runner: %s: %w", opts.Name, err))
	}
	defer engine.Close()

	r := &cellRunner{ctx: ctx, opts: opts, engine: engine, out: out, rec: rec, ids: ids, total: len(todo)}
	for k, i := range todo {
		if r.stop != nil {
			rec.Cells = append(rec.Cells, notebook.CellRun{Cell: i + 1, ID: ids[i], Status: notebook.StatusSkipped})
			continue
		}
		r.step(k, i)
	}
	if r.stop != nil {
		return finish(r.stop)
	}
	return finish(nil)
}

// cellRunner is one run's state, advanced a code cell at a time by step.
type cellRunner struct {
	ctx    context.Context
	opts   Options
	engine Engine
	out    *notebook.Notebook
	rec    *notebook.Run
	ids    []string
	total  int
	count  int
	stop   *CellError
}

// step runs the code cell at index i (the k-th of those to run), records
// its outputs and status, and sets r.stop when the run must end.
func (r *cellRunner) step(k, i int) {
	cell, opts, ctx := &r.out.Cells[i], r.opts, r.ctx
	ev := Event{Cell: i + 1, ID: r.ids[i], Index: k + 1, Total: r.total}
	if opts.Progress != nil {
		opts.Progress(ev)
	}
	r.count++
	n := r.count
	cell.ExecutionCount = &n

	cctx, cancel := ctx, context.CancelFunc(func() {})
	if opts.CellTimeout > 0 {
		cctx, cancel = context.WithTimeout(ctx, opts.CellTimeout)
	}
	start := time.Now()
	res, xerr := r.engine.Execute(cctx, cell.Source)
	took := time.Since(start)
	cellTimedOut := cctx.Err() != nil && ctx.Err() == nil
	cancel()

	cell.Outputs = convert(res.Outputs, n)
	status := notebook.StatusOK
	var e *notebook.Output
	switch {
	case crashed(xerr, cell.Outputs):
		// The engine ended during the cell and said why in its last output.
		status = notebook.StatusError
		e = &cell.Outputs[len(cell.Outputs)-1]
	case xerr != nil || ctx.Err() != nil || cellTimedOut:
		status = notebook.StatusTimeout
		ename, evalue := stopReason(ctx, cellTimedOut, opts.CellTimeout, xerr)
		if ename == ENameCanceled || ename == ENameEngineError {
			status = notebook.StatusError
		}
		cell.Outputs = replaceInterrupted(cell.Outputs, ename, evalue)
		e = &cell.Outputs[len(cell.Outputs)-1]
	case res.Err() != nil:
		status = notebook.StatusError
		for j := range cell.Outputs {
			if cell.Outputs[j].Type == notebook.Error {
				e = &cell.Outputs[j]
				break
			}
		}
	}
	r.rec.Cells = append(r.rec.Cells, notebook.CellRun{Cell: i + 1, ID: r.ids[i], Status: status, Duration: took.Seconds()})
	if opts.Progress != nil {
		ev.Done, ev.Status, ev.Duration, ev.Err = true, status, took, e
		opts.Progress(ev)
	}
	if status == notebook.StatusOK {
		return
	}
	if status == notebook.StatusError && opts.AllowErrors && xerr == nil && ctx.Err() == nil {
		if r.rec.Failure == nil {
			fail(r.rec, status, i+1, r.ids[i], e.EName, e.EValue)
		}
		return
	}
	fail(r.rec, status, i+1, r.ids[i], e.EName, e.EValue)
	r.rec.Failure.Stopped = true
	r.stop = &CellError{Name: opts.Name, Cell: i + 1, ID: r.ids[i], Status: status, EName: e.EName, EValue: e.EValue}
}

// crashed reports whether the engine ended during the cell and left an
// error output saying why (see Engine).
func crashed(xerr error, outs []notebook.Output) bool {
	if xerr == nil || errors.Is(xerr, interp.ErrStuck) || len(outs) == 0 {
		return false
	}
	last := outs[len(outs)-1]
	return last.Type == notebook.Error && last.EName != interp.ENameInterrupted
}

func fail(rec *notebook.Run, status string, cell int, id, ename, evalue string) {
	rec.Status = status
	rec.Failure = &notebook.Failure{Cell: cell, CellID: id, EName: ename, EValue: evalue}
}

// stopReason explains why a cell was stopped.
func stopReason(ctx context.Context, cellTimedOut bool, limit time.Duration, xerr error) (ename, evalue string) {
	switch {
	case xerr != nil && errors.Is(xerr, interp.ErrStuck):
		return ENameStuck, "the cell did not stop when interrupted: it is blocked inside compiled code (a channel receive, a long sleep); the run cannot go on"
	case xerr != nil:
		return ENameEngineError, xerr.Error()
	case cellTimedOut:
		return ENameTimeout, fmt.Sprintf("the cell did not finish within %s and was stopped", limit)
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return ENameRunTimeout, "the run reached its time limit; this cell was stopped and the rest were not run"
	}
	return ENameCanceled, "the run was interrupted; this cell was stopped and the rest were not run"
}

// replaceInterrupted swaps the engine's "Interrupted" error for one that
// says why the cell was stopped (or adds it when there is none).
func replaceInterrupted(outs []notebook.Output, ename, evalue string) []notebook.Output {
	o := notebook.Output{Type: notebook.Error, EName: ename, EValue: evalue, Traceback: []string{ename + ": " + evalue}}
	for i := range outs {
		if outs[i].Type == notebook.Error && outs[i].EName == interp.ENameInterrupted {
			return append(append(outs[:i:i], outs[i+1:]...), o)
		}
	}
	return append(outs, o)
}

// convert gives the engine's outputs what the notebook stores: binary
// data base64-encoded (as the kernel sends it to Jupyter), the execution
// count on results, a traceback (possibly empty) on errors; the transient
// dict is for front ends only.
func convert(in []notebook.Output, count int) []notebook.Output {
	out := make([]notebook.Output, 0, len(in))
	for _, o := range in {
		o.Transient = nil
		if o.Data != nil {
			data := make(map[string]any, len(o.Data))
			for mime, v := range o.Data {
				if b, ok := v.([]byte); ok {
					v = base64.StdEncoding.EncodeToString(b)
				}
				data[mime] = v
			}
			o.Data = data
			meta := map[string]any{}
			for k, v := range o.Metadata {
				meta[k] = v
			}
			o.Metadata = meta
		}
		if o.Type == notebook.ExecuteResult {
			c := count
			o.ExecutionCount = &c
		}
		if o.Type == notebook.Error && o.Traceback == nil {
			o.Traceback = []string{}
		}
		out = append(out, o)
	}
	return out
}

// prepare copies nb with outputs cleared and the parameters injected.
func prepare(nb *notebook.Notebook, params []Param, given []notebook.Parameter) *notebook.Notebook {
	out := &notebook.Notebook{Metadata: map[string]any{}, NBFormat: 4, NBFormatMinor: 5}
	for k, v := range nb.Metadata {
		if k != notebook.MetadataKey {
			out.Metadata[k] = v
		}
	}
	for _, c := range nb.Cells {
		if len(given) > 0 && c.HasTag(notebook.TagInjectedParameters) {
			continue
		}
		if c.Type == notebook.Code {
			c.Outputs = nil
			c.ExecutionCount = nil
		}
		out.Cells = append(out.Cells, c)
	}
	if len(given) == 0 {
		return out
	}
	at := out.Find(notebook.TagParameters) + 1
	inj := notebook.Cell{
		ID:       notebook.TagInjectedParameters,
		Type:     notebook.Code,
		Source:   injectedSource(params, given),
		Metadata: map[string]any{"tags": []any{notebook.TagInjectedParameters}},
	}
	out.Cells = append(out.Cells[:at], append([]notebook.Cell{inj}, out.Cells[at:]...)...)
	return out
}
