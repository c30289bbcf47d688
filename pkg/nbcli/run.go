package nbcli

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/huntbook/huntbook/pkg/cli"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/huntbook/huntbook/internal/atomicfile"
	"github.com/huntbook/huntbook/internal/progress"
	"github.com/huntbook/huntbook/pkg/engine"
	"github.com/huntbook/huntbook/pkg/nbpage"
	"github.com/huntbook/huntbook/pkg/notebook"
	"github.com/huntbook/huntbook/pkg/runner"
)

func init() { cli.Register(newRun) }

// runNow is the clock placeholders and run records read; tests replace it.
var runNow = time.Now

// childEnv marks a huntbook process started by `huntbook run` for one of
// several notebooks.
const childEnv = "HUNTBOOK_RUN_CHILD"

type runFlags struct {
	output, executed string
	noInput          bool
	params           []string
	paramFile        string
	listParams       bool
	cellTimeout      time.Duration
	timeout          time.Duration
	allowErrors      bool
	jobs             int
	retries          int
	quiet            bool
	overwrite        bool
	sign             bool
	progress         bool // hidden: a parent asks its child for progress lines
	engineMemory     string
	displayLimit     string
	displayCap       int64 // displayLimit, or $HUNTBOOK_DISPLAY_LIMIT, as the engine takes it
	inProcess        bool  // hidden: run the engine in this process (for measuring)

	ops opsFlags // run_ops.go: --on-failure, --on-change, --index, --compare-last
}

func newRun(s cli.IO) *cobra.Command {
	var f runFlags
	cmd := &cobra.Command{
		Use:   "run NOTEBOOK.ipynb [NOTEBOOK.ipynb ...]",
		Short: "Run Go notebooks headless and write HTML reports and executed notebooks",
		Long: `Run notebooks' Go cells with the engine of huntbook's Jupyter kernel (no
Jupyter, Python or go tool needed) and write:

  -o FILE          one self-contained HTML report: table of contents, rendered
                   markdown, outputs as Jupyter shows them, the run's provenance
                   (notebook sha256, parameters, huntbook version, start, end,
                   per-cell durations); it loads nothing from anywhere
  --executed FILE  the executed notebook (nbformat 4.5), to open in Jupyter;
                   with --sign it opens trusted for you (as 'jupyter trust' does)

Parameters work as in papermill: the cell tagged "parameters" declares Go
variables or constants with their defaults; -p NAME=VALUE and -f FILE.yaml
set them (converted to the declared types; -p wins over -f), in a cell tagged
"injected-parameters" inserted after it. --list-params shows them. A list
parameter takes -p NAME=a,b,c or a YAML list.

Output names may hold placeholders, filled in per run:
  {notebook}     the notebook's file name without .ipynb
  {date} {time}  the run's start, local time: 2006-01-02 and 150405
  {param:NAME}   the value given for parameter NAME (or its default)
Folders are created. Files are written atomically (a temporary file, then
renamed into place) and never replace a file that exists, such as another
run's: the name then gets a suffix (report-2.html) and huntbook says so.
--overwrite replaces the file instead (still atomically).

When a cell fails or times out, the run stops, the report and executed
notebook are still written (partial, the error at the top and on the cell),
and huntbook exits non-zero naming the cell. --allow-errors runs past failing
cells (and still exits 3). A cell is stopped after --cell-timeout, the whole
run after --timeout (0: no limit). Ctrl-C stops the run the same way.
--retries N runs the notebook again, up to N times, after a timeout or an
engine crash (not after a cell's own error), each attempt with its own
--timeout; the run record lists every attempt.

Next to the report (or the executed notebook) huntbook writes the run record
as JSON, report.html → report.run.json: notebook, sha256, parameters,
version, start, end, per-cell status and duration, the failure, the attempts,
the exit status and the files written.

Cells run in a Go engine process of their own, which huntbook supervises:
a cell that ends it (os.Exit, a panic in a goroutine, a stack overflow,
running out of --engine-memory, runtime.Goexit) becomes an
error cell naming the cause (EngineCrashed), and the partial outputs are
written as for any failing cell. The engine's working directory is shared by
the notebook's cells (as in Jupyter); output names are fixed before any cell
runs, so a cell's os.Chdir does not move them. Each cell's display outputs
are capped at 16 MiB, its stream text at 4 MiB, and the display outputs of
all cells together at --display-limit (256 MiB unless $HUNTBOOK_DISPLAY_LIMIT
says otherwise; 0: no cap): past it displays are dropped and the cell where
that happened says so, so a report stays as large as the cap at most.

Several notebooks run in separate huntbook processes (each with its own
interpreter, so one notebook cannot disturb another), -j at a time. A
progress line per cell goes to standard error when it is a terminal (not in CI);
--quiet silences progress and notices.

Exit status:
  0    every cell ran
  1    bad input (an unreadable notebook, bad parameters) or an output that
       could not be written
  2    usage
  3    a cell raised an error (also with --allow-errors)
  4    a cell or the run timed out, or a cell could not be stopped
  5    the engine crashed (EngineCrashed)
  130  interrupted (SIGINT); 143 terminated (SIGTERM)
With several notebooks, the first of 1, 5, 4, 3, 130, 143 that any had.`,
		Example: `  huntbook run notebooks/attack_techniques_to_events.ipynb -o report.html
  huntbook run nb.ipynb -p technique=T1055 -p top=10 -o 'reports/{notebook}-{param:technique}-{date}.html'
  huntbook run nb.ipynb -f params.yaml --no-input -o report.html --executed out.ipynb
  huntbook run nb.ipynb --list-params
  huntbook run -j 2 notebooks/*.ipynb -o 'reports/{date}/{notebook}.html'`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runNotebooks(cmd.Context(), cmd, s, f, args)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.output, "output", "o", "", "write the HTML report to `FILE` (placeholders allowed)")
	fl.StringVar(&f.executed, "executed", "", "write the executed notebook to `FILE` (placeholders allowed)")
	fl.BoolVar(&f.noInput, "no-input", false, "hide code in the report (report mode)")
	fl.StringArrayVarP(&f.params, "param", "p", nil, "set a parameter: `NAME=VALUE` (repeat)")
	fl.StringVarP(&f.paramFile, "param-file", "f", "", "set parameters from a YAML `FILE` of name: value")
	fl.BoolVar(&f.listParams, "list-params", false, "list the notebooks' parameters and exit")
	fl.DurationVar(&f.cellTimeout, "cell-timeout", 10*time.Minute, "stop a cell that runs longer (0: no limit)")
	fl.DurationVar(&f.timeout, "timeout", 0, "stop a notebook's run that lasts longer (0: no limit)")
	fl.BoolVar(&f.allowErrors, "allow-errors", false, "run the remaining cells after a cell fails")
	fl.IntVarP(&f.jobs, "jobs", "j", 1, "run up to `N` notebooks at once")
	fl.IntVar(&f.retries, "retries", 0, "run a notebook again up to `N` times after a timeout or an engine crash")
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "print errors only")
	fl.BoolVar(&f.overwrite, "overwrite", false, "replace output files that exist instead of adding a suffix")
	fl.StringVar(&f.engineMemory, "engine-memory", defaultEngineMemory, "memory limit of the Go engine the cells run in (K, M, G suffixes; 0: none)")
	fl.StringVar(&f.displayLimit, "display-limit", defaultDisplayLimit, displayLimitUsage)
	fl.BoolVar(&f.sign, "sign", false, "sign the executed notebook for this user so Jupyter opens it trusted")
	fl.BoolVar(&f.progress, "progress", false, "print progress lines even when standard error is not a terminal")
	_ = fl.MarkHidden("progress")
	fl.BoolVar(&f.inProcess, "in-process", false, "run the engine in this process, unsupervised (for measuring)")
	_ = fl.MarkHidden("in-process")
	f.ops.register(fl)
	return cmd
}

func runNotebooks(ctx context.Context, cmd *cobra.Command, s cli.IO, f runFlags, args []string) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if f.listParams {
		return listParams(s, args)
	}
	if f.sign && f.executed == "" {
		return cli.Usagef("run: --sign signs the executed notebook: give --executed out.ipynb too")
	}
	if f.output == "" && f.executed == "" {
		return cli.Usagef("run: nothing to write: give -o report.html, --executed out.ipynb, or both")
	}
	for _, p := range []string{f.output, f.executed} {
		if err := checkPattern(p); err != nil {
			return err
		}
		if p != "" && len(args) > 1 && !strings.Contains(p, "{notebook}") {
			return cli.Usagef("run: %q would name every notebook's output the same: add {notebook} to it", p)
		}
	}
	if f.jobs < 1 {
		return cli.Usagef("run: -j must be at least 1")
	}
	if f.retries < 0 {
		return cli.Usagef("run: --retries cannot be negative")
	}
	if f.cellTimeout < 0 || f.timeout < 0 {
		return cli.Usagef("run: timeouts cannot be negative (0 means no limit)")
	}
	if _, err := parseBytes(f.engineMemory); err != nil {
		return cli.Usagef("run: --engine-memory: %v", err)
	}
	var err error
	if f.displayCap, err = displayLimit(s, cmd.Flags(), f.displayLimit); err != nil {
		return cli.Usagef("run: %v", err)
	}
	values, err := paramValues(f)
	if err != nil {
		return err
	}
	if len(args) == 1 {
		return runOne(ctx, s, f, values, args[0])
	}
	return runChildren(ctx, cmd, s, f, args)
}

// paramValues reads -f then -p, so that -p wins.
func paramValues(f runFlags) ([]runner.Value, error) {
	var vals []runner.Value
	if f.paramFile != "" {
		var err error
		if vals, err = runner.ReadParamFile(f.paramFile); err != nil {
			return nil, err
		}
	}
	for _, p := range f.params {
		name, value, ok := strings.Cut(p, "=")
		if !ok || strings.TrimSpace(name) == "" {
			return nil, cli.Usagef("run: -p %q: write -p NAME=VALUE", p)
		}
		vals = append(vals, runner.Value{Name: strings.TrimSpace(name), Text: value, From: "-p"})
	}
	return vals, nil
}

func listParams(s cli.IO, args []string) error {
	tw := tabwriter.NewWriter(s.Out, 0, 4, 2, ' ', 0)
	for i, path := range args {
		nb, err := notebook.ReadFile(path)
		if err != nil {
			return err
		}
		ps, err := runner.Params(nb, path)
		if err != nil {
			return err
		}
		if len(args) > 1 {
			if i > 0 {
				fmt.Fprintln(tw)
			}
			fmt.Fprintf(tw, "%s:\n", path)
		}
		if nb.Find(notebook.TagParameters) < 0 {
			fmt.Fprintf(tw, "no parameters (no cell is tagged %q)\n", notebook.TagParameters)
			continue
		}
		fmt.Fprintln(tw, "NAME\tTYPE\tDEFAULT")
		for _, p := range ps {
			def := p.Default
			if p.Const {
				def += " (const)"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\n", p.Name, p.Type, def)
		}
	}
	return tw.Flush()
}

// runOne runs one notebook, its cells in a supervised engine process,
// and writes its outputs.
func runOne(ctx context.Context, s cli.IO, f runFlags, values []runner.Value, path string) error {
	// Output names are fixed before any cell runs: nothing a cell does
	// (os.Chdir in an in-process engine) may move where they land.
	for _, p := range []*string{&f.output, &f.executed} {
		if *p == "" {
			continue
		}
		abs, err := filepath.Abs(*p)
		if err != nil {
			return fmt.Errorf("run: %s: %w", *p, err)
		}
		*p = abs
	}
	src, err := notebook.ReadSource(path)
	if err != nil {
		return err
	}
	nb, err := notebook.Parse(src, path)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(src)
	showProgress := !f.quiet && (f.progress || progress.Enabled(s.Err, false, s.Env))
	name := filepath.Base(path)
	opts := runner.Options{
		Name: path, SHA256: hex.EncodeToString(sum[:]), Version: cli.Version, Values: values,
		CellTimeout: f.cellTimeout, AllowErrors: f.allowErrors, Now: runNow,
	}
	if !f.inProcess {
		memory, _ := parseBytes(f.engineMemory)
		opts.NewEngine = func(on func(notebook.Output)) (runner.Engine, error) {
			return startEngine(memory, f.displayCap, s.Err, on)
		}
	}
	if showProgress {
		opts.Progress = func(e runner.Event) {
			if !e.Done {
				return
			}
			line := fmt.Sprintf("%s: [%d/%d] cell %d %s (%s)", name, e.Index, e.Total, e.Cell, e.Status, e.Duration.Round(time.Millisecond))
			if e.Err != nil {
				line += ": " + e.Err.EName + ": " + firstLine(e.Err.EValue)
			}
			fmt.Fprintln(s.Err, line)
		}
	}
	out, rec, runErr := runAttempts(ctx, s, f, nb, opts, path)
	if out == nil { // bad parameters: nothing ran, nothing is written
		return runErr
	}
	code := runStatus(rec)
	changes := f.ops.prepare(s, out, rec, f.output, f.executed)

	fill := placeholders{notebook: strings.TrimSuffix(name, filepath.Ext(name)), start: rec.Start, values: values, nb: nb}
	// Write every output that can be written; a failed one does not stop
	// the others, and the run is kept somewhere when none could be.
	var wrote, failed []string
	finals := map[string]string{}
	for _, o := range []struct {
		what, pattern string
		write         func(io.Writer) error
	}{
		{"report", f.output, func(w io.Writer) error {
			return nbpage.Write(w, out, nbpage.Options{NoInput: f.noInput, TrustOutputs: true, Changes: changes})
		}},
		{"executed", f.executed, out.Write},
	} {
		if o.pattern == "" {
			continue
		}
		p, err := fill.expand(o.pattern)
		if err != nil {
			return err
		}
		final, err := writeOutput(p, f.overwrite, o.write)
		if err != nil {
			failed = append(failed, err.Error())
			continue
		}
		finals[o.what] = final
		wrote = append(wrote, noteName(p, final, f.overwrite))
	}
	if exe, ok := finals["executed"]; ok && f.sign {
		if err := signExecuted(exe); err != nil {
			failed = append(failed, err.Error())
		}
	}
	if len(failed) > 0 && len(wrote) == 0 {
		if saved, err := saveAside(name, out.Write); err == nil {
			finals["executed"] = saved
			wrote = append(wrote, saved+" (the executed notebook, kept because nothing asked for could be written)")
		}
	}
	if len(failed) > 0 && code == cli.ExitOK {
		code = cli.ExitFailure
	}
	if len(finals) > 0 {
		if p, err := writeRecord(rec, code, finals); err != nil {
			failed = append(failed, err.Error())
		} else {
			wrote = append(wrote, p)
			defer f.ops.after(ctx, s, f.quiet, rec, code, finals, p)
		}
	}
	if !f.quiet {
		what := strings.Join(wrote, " and ")
		if what == "" {
			what = "nothing"
		}
		fmt.Fprintf(s.Err, "huntbook: %s: %s in %s; wrote %s\n", path, rec.Status, rec.Duration().Round(time.Millisecond), what)
	}
	if len(failed) > 0 {
		return runFailed{cli.ExitFailure, fmt.Errorf("run: %s: the run ended %s but not every output was written: %s", path, rec.Status, strings.Join(failed, "; "))}
	}
	var ce *runner.CellError
	if errors.As(runErr, &ce) {
		hint := "fix the cell, or pass --allow-errors to run past failing cells"
		switch ce.EName {
		case runner.ENameTimeout:
			hint = "raise --cell-timeout if the cell needs longer"
		case runner.ENameRunTimeout:
			hint = "raise --timeout if the notebook needs longer"
		case runner.ENameStuck:
			hint = "the cell waits inside compiled code (a channel, a sleep); change it so it returns"
		case runner.ENameCanceled:
			hint = "run it again to finish"
		case engine.ENameCrashed:
			hint = "change the cell so it does not end its process, or raise --engine-memory if it ran out of memory"
		}
		if f.allowErrors && ce.Status == notebook.StatusError {
			hint = "see the report"
		}
		return runFailed{code, fmt.Errorf("run: %s: cell %d failed: %s: %s\n(the outputs written hold the partial run; %s)", path, ce.Cell, ce.EName, firstLine(ce.EValue), hint)}
	}
	if runErr != nil {
		return runFailed{code, runErr}
	}
	if rec.Failure != nil { // --allow-errors: the run finished but a cell failed
		return runFailed{code, fmt.Errorf("run: %s: cell %d failed: %s: %s (later cells ran: --allow-errors)", path, rec.Failure.Cell, rec.Failure.EName, firstLine(rec.Failure.EValue))}
	}
	return nil
}

// Exit statuses of huntbook run, besides cli.ExitOK, cli.ExitFailure (bad input, an
// output that could not be written), cli.ExitUsage, cli.ExitInterrupted and
// cli.ExitTerminated.
const (
	ExitCellError     = 3 // a cell raised an error
	ExitTimeout       = 4 // a cell or the run timed out, or a cell could not be stopped
	ExitEngineCrashed = 5 // the engine crashed (EngineCrashed)
)

// runFailed is an error with huntbook run's exit status.
type runFailed struct {
	code int
	err  error
}

func (e runFailed) Error() string   { return e.err.Error() }
func (e runFailed) Unwrap() error   { return e.err }
func (e runFailed) ExitStatus() int { return e.code }

// runStatus is the exit status a run record calls for.
func runStatus(rec *notebook.Run) int {
	if rec.Failure == nil {
		return cli.ExitOK
	}
	switch rec.Failure.EName {
	case engine.ENameCrashed:
		return ExitEngineCrashed
	case runner.ENameTimeout, runner.ENameRunTimeout, runner.ENameStuck:
		return ExitTimeout
	case runner.ENameCanceled:
		return cli.ExitInterrupted
	case runner.ENameEngineError:
		return cli.ExitFailure
	}
	return ExitCellError
}

// runAttempts runs the notebook, again after a timeout or an engine crash
// while --retries allows, each attempt with its own --timeout. With
// --retries, the run record lists every attempt.
func runAttempts(ctx context.Context, s cli.IO, f runFlags, nb *notebook.Notebook, opts runner.Options, path string) (*notebook.Notebook, *notebook.Run, error) {
	var attempts []notebook.Attempt
	for n := 1; ; n++ {
		actx, cancel := ctx, context.CancelFunc(func() {})
		if f.timeout > 0 {
			actx, cancel = context.WithTimeout(ctx, f.timeout)
		}
		out, runErr := runner.Run(actx, nb, opts)
		cancel()
		if out == nil {
			return nil, nil, runErr
		}
		rec, err := out.Run()
		if err != nil {
			return nil, nil, err
		}
		if f.retries > 0 {
			attempts = append(attempts, notebook.Attempt{Attempt: n, Start: rec.Start, End: rec.End, Status: rec.Status, Failure: rec.Failure})
			rec.Attempts = attempts
			if err := out.SetRun(rec); err != nil {
				return nil, nil, err
			}
		}
		code := runStatus(rec)
		if (code != ExitTimeout && code != ExitEngineCrashed) || n > f.retries || ctx.Err() != nil {
			return out, rec, runErr
		}
		if !f.quiet {
			fmt.Fprintf(s.Err, "huntbook: %s: attempt %d of %d: cell %d %s: %s; trying again\n",
				path, n, f.retries+1, rec.Failure.Cell, rec.Failure.EName, firstLine(rec.Failure.EValue))
		}
	}
}

// runRecord is the JSON file written next to a run's outputs: the run
// record of the executed notebook's metadata, the exit status and the
// files written.
type runRecord struct {
	*notebook.Run
	ExitStatus int               `json:"exit_status"`
	Outputs    map[string]string `json:"outputs"` // "report", "executed" → the file written
}

// writeRecord writes the run record next to the report (or the executed
// notebook): report.html → report.run.json.
func writeRecord(rec *notebook.Run, code int, finals map[string]string) (string, error) {
	next := finals["report"]
	if next == "" {
		next = finals["executed"]
	}
	p := strings.TrimSuffix(next, filepath.Ext(next)) + ".run.json"
	name, _, err := atomicfile.CreateFree(p, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(runRecord{Run: rec, ExitStatus: code, Outputs: finals})
	})
	if err != nil {
		return "", fmt.Errorf("run: cannot write the run record %s: %w", p, err)
	}
	return name, nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}

func noteName(wanted, final string, overwrite bool) string {
	if final == wanted || overwrite {
		return final
	}
	return fmt.Sprintf("%s (%s exists; --overwrite replaces it)", final, wanted)
}

// placeholders fills output names.
type placeholders struct {
	notebook string
	start    time.Time
	values   []runner.Value
	nb       *notebook.Notebook
}

var placeholder = regexp.MustCompile(`\{[^{}]*\}`)

// checkPattern rejects unknown placeholders before anything runs.
func checkPattern(p string) error {
	for _, m := range placeholder.FindAllString(p, -1) {
		switch {
		case m == "{notebook}", m == "{date}", m == "{time}":
		case strings.HasPrefix(m, "{param:") && len(m) > len("{param:}"):
		default:
			return cli.Usagef("run: %q: unknown placeholder %s; use {notebook}, {date}, {time} or {param:NAME}", p, m)
		}
	}
	return nil
}

func (ph placeholders) expand(p string) (string, error) {
	var err error
	out := placeholder.ReplaceAllStringFunc(p, func(m string) string {
		local := ph.start.Local()
		switch m {
		case "{notebook}":
			return ph.notebook
		case "{date}":
			return local.Format("2006-01-02")
		case "{time}":
			return local.Format("150405")
		}
		name := strings.TrimSuffix(strings.TrimPrefix(m, "{param:"), "}")
		v, ok := ph.param(name)
		if !ok && err == nil {
			err = fmt.Errorf("run: %q: parameter %s has no value to put in the file name: set it with -p %s=VALUE", p, name, name)
		}
		return fileSafe(v)
	})
	return out, err
}

// param returns the value given for name, or its default when that is a
// plain literal.
func (ph placeholders) param(name string) (string, bool) {
	for i := len(ph.values) - 1; i >= 0; i-- {
		if v := ph.values[i]; v.Name == name {
			if v.IsList {
				return strings.Join(v.List, ","), true
			}
			return v.Text, true
		}
	}
	ps, _ := runner.Params(ph.nb, "")
	for _, p := range ps {
		if p.Name != name {
			continue
		}
		if s, err := strconv.Unquote(p.Default); err == nil {
			return s, true
		}
		if p.Default != "" && !strings.ContainsAny(p.Default, "(){}[] *") {
			return p.Default, true
		}
	}
	return "", false
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._+=,@-]+`)

// fileSafe keeps a value from adding folders or odd characters to a name.
func fileSafe(s string) string {
	s = unsafeName.ReplaceAllString(s, "_")
	if s == "" || s == "." || s == ".." {
		return "_"
	}
	return s
}

// writeOutput writes a file atomically under path, creating its folder.
// Unless overwrite is set it never replaces a file that exists: the name
// gets a suffix (-2, -3, …) instead. It returns the name written.
func writeOutput(path string, overwrite bool, write func(io.Writer) error) (string, error) {
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return "", fmt.Errorf("run: cannot write %s: %w", path, err)
		}
	}
	if overwrite {
		_, err := atomicfile.Write(path, write)
		return path, err
	}
	name, _, err := atomicfile.CreateFree(path, write)
	if errors.Is(err, fs.ErrExist) {
		return "", fmt.Errorf("run: %w; pass --overwrite or clean up", err)
	}
	if err != nil {
		return "", fmt.Errorf("run: cannot write %s: %w", path, err)
	}
	return name, nil
}

// saveAside writes the executed notebook into the temporary folder, so a
// run whose outputs could not be written is not lost. It returns the name.
func saveAside(name string, write func(io.Writer) error) (string, error) {
	base := strings.TrimSuffix(name, filepath.Ext(name))
	if len(base) > 100 {
		base = base[:100]
	}
	p := filepath.Join(os.TempDir(), fmt.Sprintf("huntbook-run-%s-%s.ipynb", fileSafe(base), runNow().Format("20060102-150405")))
	final, _, err := atomicfile.CreateFree(p, write)
	return final, err
}

// runChildren runs each notebook in its own huntbook process, jobs at a time.
func runChildren(ctx context.Context, cmd *cobra.Command, s cli.IO, f runFlags, paths []string) error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("run: cannot find the huntbook binary to run notebooks in: %w", err)
	}
	var flags []string
	cmd.Flags().Visit(func(fl *pflag.Flag) {
		switch fl.Name {
		case "jobs", "progress":
			return
		}
		if sv, ok := fl.Value.(pflag.SliceValue); ok {
			for _, v := range sv.GetSlice() {
				flags = append(flags, "--"+fl.Name+"="+v)
			}
			return
		}
		flags = append(flags, "--"+fl.Name+"="+fl.Value.String())
	})
	if progress.Enabled(s.Err, f.quiet, s.Env) {
		flags = append(flags, "--progress")
	}
	var (
		mu     sync.Mutex // serialises lines on s.Err
		failed []string
		codes  []int
		wg     sync.WaitGroup
		slots  = make(chan struct{}, f.jobs)
	)
	for _, path := range paths {
		wg.Add(1)
		slots <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			c := exec.CommandContext(ctx, exe, append([]string{"run", path}, flags...)...)
			c.Env = append(os.Environ(), childEnv+"=1")
			c.Stdout = s.Out
			c.WaitDelay = 10 * time.Second
			pr, pw := io.Pipe()
			c.Stderr = pw
			done := make(chan struct{})
			go func() {
				defer close(done)
				sc := bufio.NewScanner(pr)
				sc.Buffer(make([]byte, 64<<10), 1<<20)
				for sc.Scan() {
					mu.Lock()
					fmt.Fprintln(s.Err, sc.Text())
					mu.Unlock()
				}
				io.Copy(io.Discard, pr)
			}()
			err := c.Run()
			pw.Close()
			<-done
			if err != nil {
				code := cli.ExitFailure
				var ee *exec.ExitError
				if errors.As(err, &ee) && ee.ExitCode() > 0 {
					code = ee.ExitCode()
				}
				mu.Lock()
				failed = append(failed, path)
				codes = append(codes, code)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(failed) > 0 {
		sort.Strings(failed)
		return runFailed{worstStatus(codes), fmt.Errorf("run: %d of %d notebooks failed: %s", len(failed), len(paths), strings.Join(failed, ", "))}
	}
	return nil
}

// worstStatus picks the exit status of several runs: bad input first, then
// an engine crash, a timeout, a cell error, an interrupt.
func worstStatus(codes []int) int {
	for _, want := range []int{cli.ExitFailure, ExitEngineCrashed, ExitTimeout, ExitCellError, cli.ExitInterrupted, cli.ExitTerminated} {
		if slices.Contains(codes, want) {
			return want
		}
	}
	if len(codes) > 0 {
		return codes[0]
	}
	return cli.ExitOK
}
