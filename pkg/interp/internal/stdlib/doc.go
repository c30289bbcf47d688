// Package stdlib holds the generated gomacro symbol tables (x_*.go) of the
// standard library of the Go toolchain huntbook is built with: every exported
// non-generic constant, variable, function and type of every importable
// standard package. gomacro's own tables predate Go 1.20 (no errors.Join,
// strings.CutPrefix, log/slog); package interp replaces them with these
// when the first engine starts (x_index.go lists them as data:
// a process that runs no cell never builds them). Do not edit the x_*.go files: run
// `go generate ./pkg/interp`; TestStdlibFresh fails when they are stale.
//
// Generic functions and types (slices.Sort, maps.Keys, sync.OnceValue, …)
// have no table entry: a compiled generic has no single reflect.Value.
package stdlib

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
