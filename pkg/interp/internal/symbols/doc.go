// Package symbols holds the generated gomacro symbol tables (x_*.go) of the
// packages notebook cells can import without a plugin: Gota, gonum/plot and
// huntbook's notebook-facing packages, and their documentation (x_docs.go).
// Package interp merges the tables into gomacro's registry when the first
// engine starts: a process that runs no cell never builds them (x_index.go
// lists them as data). gensyms writes the tables. Do not edit the x_*.go files:
// run `go generate ./pkg/interp`.
package symbols

import "reflect"

// Package is one package's table, shaped like gomacro's imports.PackageUnderlying.
type Package = struct {
	Name     string
	Binds    map[string]reflect.Value
	Types    map[string]reflect.Type
	Proxies  map[string]reflect.Type
	Untypeds map[string]string
	Wrappers map[string][]string
}

// Doc is one exported symbol's documentation: its declaration (a function's
// signature, a type's definition cut at 30 lines) and its doc comment as
// go/doc reads it, to be formatted with go/doc/comment.
type Doc struct {
	Decl, Text string
}

// Docs (x_docs.go) maps "importpath" (the package), "importpath.Name" and
// "importpath.Type.Method" to their documentation.
