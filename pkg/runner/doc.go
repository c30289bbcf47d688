// Package runner executes a notebook's Go cells headless, with the engine
// the Jupyter kernel uses (package interp), and returns the executed
// notebook: what `huntbook run` does, and papermill does for Python.
//
// Parameters work as in papermill. The cell tagged "parameters" declares
// names, types and defaults in Go; Params reads them with go/parser:
//
//	var top int = 15                  top int
//	var technique = "T1003.001"       technique string
//	const ratio = 0.5                 ratio float64 (a constant: re-declared, not assigned)
//	since := 24 * time.Hour           since time.Duration
//	var ids = []string{"a", "b"}      ids []string
//	var n = f()                       error: cannot tell the type; declare it (var n int = f())
//
// ReadParamFile reads a -f file (a YAML mapping, at most ParamFileMax
// bytes) into values. Bind converts values given as text (-p name=value)
// or YAML (-f file) to
// those types; an unknown name or a value that does not convert is an
// error wrapping ErrParams that lists the notebook's parameters. Run then
// inserts a cell tagged "injected-parameters" after the parameters cell
// that re-declares the given names with typed literals.
//
// Run executes the code cells in order in a fresh engine and records each
// cell's outputs, execution count, status and duration. The engine is
// Options.NewEngine's: an in-process interp.Engine by default; the command
// line runs it in a supervised child process (package engine), so that a
// cell that ends its process (os.Exit, a panic in a goroutine, a stack
// overflow, running out of the engine's memory, runtime.Goexit) becomes an error cell named EngineCrashed with the cause, and
// Run returns the partial notebook as for any failing cell.
//
// A per-cell timeout and the context (a whole-run deadline, an interrupt)
// stop a cell by interrupting it, which stops interpreted code within
// milliseconds. A cell blocked inside compiled code cannot be stopped
// that way: after the engine's grace period Run records the cell as timed
// out (EngineStuck) and returns; a supervised engine's process is killed,
// an in-process engine's goroutine stays blocked until the process exits.
//
// The run record (notebook.Run: huntbook version, notebook sha256,
// parameters, start and end, per-cell status and durations, the failure)
// is stored in the executed notebook's metadata. Reading and writing files,
// rendering HTML and choosing output names are left to packages notebook,
// report and cli.
package runner
