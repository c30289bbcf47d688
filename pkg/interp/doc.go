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
//     type's name (fmtwrap.go); %w hands fmt a compiled error that calls
//     the cell's Error method. json.Marshal and json.MarshalIndent get a
//     compiled json.Marshaler (or encoding.TextMarshaler) that calls the
//     cell's method, and errors.As with a cell-declared target walks the
//     error tree itself (compiledcalls.go). Other compiled code that takes
//     `any` still sees the underlying type;
//
//   - a value of a cell-declared type stored in an empty interface by a
//     cell is boxed (anybox.go): gomacro would hold it as its underlying
//     value, so `x.(float64)` held and fmt printed it without its methods.
//     The box is a gomacro proxy, whose interpreted type gomacro's type
//     switches, assertions and == recover, and a compiled fmt.Formatter and
//     json.Marshaler (fmt.Stringer, error) that prints and marshals it as
//     the real type. The syntax marks where an empty interface may receive
//     a value (anygate.go); a builtin there boxes only what its types say
//     needs it. Assertions and type switches naming cell-declared types go
//     through builtins that look into boxes;
//
//   - gomacro gives a slice of a value of a named slice type (`ids[1:]`)
//     the unnamed type []E; every slice expression goes through a builtin
//     that gives it x's type, as Go does (reslice.go);
//
//   - iter.Seq[V] and iter.Seq2[K, V] are spelled as the function types
//     they are defined as, which gomacro parses;
//
//   - gomacro's own bugs found by the corpus are worked around: a top-level
//     `x := v` used in a later top-level loop becomes `var x = v` (the loop
//     body could not see x), a top-level labeled loop is put in a block, a
//     top-level `var s Shape = Square{2}` in a cell that declares methods
//     becomes a declaration and an assignment (gomacro compiled it before
//     the methods), a constant of a cell-declared type going into an
//     interface is converted through a proxy (gomacro's reflect conversion
//     of constants failed), and a pointer to a cell-declared type going
//     into a compiled interface whose methods it has by value gets a proxy
//     that calls them on what it points to (gomacro's called them with the
//     pointer).
//
// # Generics
//
// Type parameters run on gomacro's own generics, which instantiate a
// generic function or type for each list of type arguments (reified, like
// C++ templates) and infer type arguments from argument types at call
// sites. generics.go spells Go's syntax the way gomacro's parser wants it
// (`func Map#[T, U]`, `Stack#[int]`) and makes up for what gomacro lacks:
//
//   - constraints are dropped from type parameter lists and type terms
//     (`~int | ~float64`) from interfaces: gomacro's parser knows no type
//     sets. A program Go accepts runs the same; one Go rejects for an
//     unsatisfied constraint fails only where the instance's body uses what
//     the type argument lacks;
//   - methods of generic types: gomacro cannot declare a method whose
//     receiver has type parameters, but it can declare one on an instance.
//     The methods are kept aside (their lines left blank, so error
//     positions hold) and written out for every instance with concrete
//     type arguments that a cell names, directly or through an explicit
//     instantiation of a generic function (`NewStack[int]()`) or another
//     generic type's fields; a method declared in a later cell reaches the
//     instances made before;
//   - variadic calls: gomacro does not infer from `...T`, so a variadic
//     generic function gets twins taking a slice, or nothing, and
//     `Sum(1, 2, 3)` calls the slice twin with the arguments packed by a
//     generic helper;
//   - gomacro's generics are a process-wide switch with two flavours. Only
//     "contracts are interfaces" parses `func Map#[T]`, but compiling with
//     it gives every slice, map, channel and number type methods of its
//     own and wipes a cell's methods of such types; "C++ templates"
//     compiles, instantiates and infers the same declarations without
//     that. A cell that uses type parameters is parsed with the first and
//     compiled with the second; cells run with generics off (engine.go).
//
// Not inferred: type arguments that Go infers from constraints (`func
// Last[S ~[]E, E any](s S) E` called as Last(ids)): the error names the
// function and says to write the type arguments. An instance made only
// inside another generic function, through inference, has no methods
// unless a cell names it. This design was chosen against a go/types front
// end that type-checks each cell and monomorphises generics: cells keep
// state across calls, which go/types would need re-declared from gomacro's
// types for every cell, and export data for every importable package at
// run time (several MB, no go tool to produce it). Measured: a cell with a
// generic declaration and call compiles and runs in 0.3–0.5 ms; the engine
// starts as fast as before (generics cost nothing until a cell uses them).
//
// The generic functions of the standard library: the most used ones of
// slices, maps and cmp (generic_std.go: Sort, SortFunc, Contains, Index,
// Sorted, Collect, Keys, Values, Compare …) are builtins whose compile
// function checks the arguments as Go's inference would and works through
// reflect on any element type; the others of slices, maps, cmp and sync
// (Compact, Insert, Delete, Concat, BinarySearch, Chunk, Backward, All,
// maps.Collect, maps.Equal, cmp.Or, sync.OnceValue, sync.OnceValues …)
// are written in Go for cells (genericlib.cell) and declared, as generics,
// before the first cell that calls one (about 10 ms, once per engine).
// Where Go returns the argument's slice type S ~[]E, so do they (S is a
// type parameter of its own). iter.Pull and iter.Pull2 are a clear error.
//
// Also not there, with a positioned compile error: defer and goto inside
// the body of a range over a function; defer at a cell's top level
// (gomacro runs it at once). A value of a cell-declared type that reaches
// an empty interface inside compiled code (context.WithValue,
// sync.Map.Store) is not boxed and comes back as its underlying type.
// Measured on the corpus (120 cells, the README's table): 117 print what
// Go prints, 3 fail with the errors above, none differs silently, none
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
