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
// Standard input: os.Stdin in cells is a reader (not an *os.File) that
// asks the Input of Execute's context (WithInput) for a line whenever the
// last one is used up, after handing on the cell's output so far; fmt.Scan,
// Scanln and Scanf read it too. Without an Input reads see end of file and
// the cell gets NoStdinNote on stderr. An interrupt while a cell waits for
// input ends the cell (Interrupted).
//
// A cell that closes os.Stdout or os.Stderr (or the descriptor under one)
// loses what it writes there afterwards and gets a note; the next cells
// write to a new pipe.
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
// # Go 1.26 in cells
//
// gomacro implements the Go of about 2021. The engine closes the gap
// without forking it, in two places (measured on the corpus in
// testdata/gocells, see TestCorpus):
//
//   - the standard library's symbol tables are regenerated from the
//     toolchain huntbook is built with (internal/stdlib; TestStdlibFresh
//     fails when they are stale), so errors.Join, strings.CutPrefix,
//     log/slog … are there. An import of a package without a table is a
//     compile error naming the importable packages: gomacro would otherwise
//     run `go get`, which needs a toolchain and network and writes to the
//     terminal.
//
//   - the parsed cell is lowered before gomacro compiles it (lower.go) and
//     while it compiles (builtins.go, rangefunc.go), where a builtin's
//     compile function sees the types gomacro inferred:
//
//   - three-clause loops get Go 1.22's per-iteration variables: the body
//     works on a copy of the loop variables that is written back before the
//     post statement, so `for i := 0; i < 3; i++ { fs = append(fs, func()
//     int { return i }) }` gives 0 1 2. Only loops whose body could keep a
//     reference (a function literal, go, defer, &, a method value) are
//     rewritten: the others behave the same either way and stay as fast;
//
//   - every range statement is compiled by the __hb_range builtin: over an
//     integer it becomes a counted loop; over a function (iterators,
//     iter.Seq shapes) a call with a yield closure in which break, continue
//     (with labels, also of outer loops) and return are mapped through a
//     state variable, and an iterator that calls yield after the loop
//     stopped panics as in Go; over anything else the loop variables are
//     copied per iteration (gomacro shares them, and uses the key as its
//     hidden counter, so `i += 10` in the body would steer the loop);
//
//   - min, max, clear and new(expr) are builtins with compile-time type
//     checks (copy too: gomacro's `n := copy(a, b)` panicked);
//
//   - compiled code sees a value of a cell-declared type as its underlying
//     type, so fmt would skip its String and Error methods and %T would
//     name the underlying type. The operands of fmt's and log's print
//     functions go through a builtin that, knowing their types at compile
//     time, wraps such values (also inside slices, arrays, maps with string
//     or integer keys and struct fields) in a fmt.Formatter that calls the
//     methods for the verbs fmt calls them for, and rewrites %T to the
//     type's name (fmtwrap.go). Values handed to other compiled code (a
//     strings.Builder, encoding/json, errors.As) still see the underlying
//     type: errors.As with a cell-declared target panics;
//
//   - iter.Seq[V] and iter.Seq2[K, V] are spelled as the function types
//     they are defined as, which gomacro parses;
//
//   - gomacro's own bugs found by the corpus are worked around: a top-level
//     `x := v` used in a later top-level loop becomes `var x = v` (the loop
//     body could not see x), a top-level labeled loop is put in a block.
//
//   - the most used functions of slices, maps and cmp (generic_std.go:
//     Sort, SortFunc, Contains, Index, Sorted, Collect, Keys, Values,
//     Compare …) are builtins: `slices.Sort(xs)` is renamed to a builtin
//     whose compile function checks the arguments as Go's inference would
//     and works through reflect on any element type.
//
// Not there, with a positioned compile error saying so: type parameters
// (generic functions and types declared in cells), and the other generic
// functions of the standard library (slices.Compact, sync.OnceValue …),
// whose compiled code has no single reflect.Value to call; defer and goto inside
// the body of a range over a function; defer at a cell's top level (gomacro
// runs it at once). The choice against a go/types front
// end that type-checks each cell and monomorphises generics: cells keep
// state across calls (a later cell sees an earlier cell's variables and
// types), which go/types would need re-declared from gomacro's types for
// every cell, and export data for every importable package at run time
// (several MB, no go tool to produce it); the lowering above costs nothing
// at start-up and a compile-time type switch per range statement. Generics
// would need that front end (or gomacro's own `#[T]` generics, which have
// no inference and which its parser, not Go's syntax, drives), so they
// stay a clear error for now. Measured on the corpus (94 cells, the README's
// table): 85 print what Go prints, 7 fail with the error above, 1 panics
// with another message than Go's (errors.As with a cell-declared target), 1
// differs silently (json.Marshal does not call a cell-declared
// MarshalJSON: compiled code taking `any` sees the underlying type), none
// crashes the engine.
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
