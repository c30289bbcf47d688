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
// Bind converts values given as text (-p name=value) or YAML (-f file) to
// those types; an unknown name or a value that does not convert is an
// error wrapping ErrParams that lists the notebook's parameters. Run then
// inserts a cell tagged "injected-parameters" after the parameters cell
// that re-declares the given names with typed literals.
//
// Run executes the code cells in order in a fresh interp.Engine and records
// each cell's outputs, execution count, status and duration. A per-cell
// timeout and the context (a whole-run deadline, an interrupt) stop a cell
// by interrupting it, which stops interpreted code within milliseconds.
// A cell blocked inside compiled code cannot be stopped in-process
// (see package interp): Run gives up on it after the engine's grace
// period, records the cell as timed out and returns; the engine's goroutine
// stays blocked until the process exits, so a caller that runs many
// notebooks should give each its own process (the command line does).
//
// The run record (notebook.Run: huntbook version, notebook sha256,
// parameters, start and end, per-cell status and durations, the failure)
// is stored in the executed notebook's metadata. Reading and writing files,
// rendering HTML and choosing output names are left to packages notebook,
// report and cli.
package runner
