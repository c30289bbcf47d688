// Package interp is huntbook's Go cell engine: it runs notebook cells with the
// gomacro interpreter and returns what each cell showed, in order, as
// nbformat-shaped outputs (stream, display_data, execute_result, error).
//
// Cells can import the standard library, Gota (dataframe, series), gonum/plot
// (plot, plotter, plotutil, vg, vg/draw, vg/vgsvg, vg/vgimg, font, text) and
// huntbook's notebook-facing packages with no plugin, no go tool and no
// network: their symbol tables are generated (go generate) and compiled in.
// As in gophernotes, the package display (package huntbook/pkg/display) is
// imported in every cell and Display(display.Data) error is predeclared.
//
// Rendering rules for a cell whose last statement is an expression:
//   - no value, or only nil values: no result;
//   - a display.Data: shown as it is;
//   - a value with Render, SimpleRender, HTML, SVG, PNG, JPEG, PDF, Markdown,
//     Latex, JSON or JavaScript methods (also on types declared in cells), or
//     an image.Image: one MIME entry per method, plus text/plain;
//   - anything else: text/plain only, fmt's %v cut at display.MaxText runes;
//   - several values (f() returning (v, err)): if exactly one is non-nil it is
//     rendered alone, otherwise they are printed side by side.
//
// Standard output and error of the cell (fmt.Print… from cell and compiled
// code) are captured in order with display calls. Output written through
// handles saved before the cell (the log package's default logger, println)
// is not captured, and a goroutine that outlives its cell writes into the
// next cell's output.
//
// A compile error or panic becomes an error output and the engine keeps its
// state. Interrupt (or cancelling Execute's context) stops interpreted code —
// even `for {}` — within milliseconds and keeps all variables. Code blocked
// inside compiled code (a channel receive, a long time.Sleep) cannot be
// stopped in-process: after Options.InterruptGrace Execute returns ErrStuck
// and the Engine is unusable; its owner must start a new process (the
// Jupyter kernel re-executes itself and tells the user the variables are
// gone).
//
// gomacro keeps per-goroutine state, so an Engine runs every cell on one
// goroutine of its own. Capturing output swaps os.Stdout and os.Stderr, so
// only one Engine per process should run cells at a time (Execute enforces
// it). New points go/build.Default.GOROOT at a missing folder so gomacro
// reads package information from its tables instead of running `go list`
// for every import (0.7 s → 8 ms for a typical notebook).
//
// Complete and Inspect serve the kernel's complete and inspect requests.
// Inspect shows a symbol's type, a variable's value and, for the packages
// with generated tables, the symbol's declaration and doc comment: go
// generate reads them with go/doc into internal/symbols/x_docs.go, so no
// source or go tool is needed at run time.
//
// The Jupyter wire protocol is package kernel's job; notebook files are
// package notebook's.
package interp
