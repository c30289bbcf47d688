package interp

import (
	"context"
	"testing"
)

func BenchmarkTrivialCell(b *testing.B) {
	e, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	for i := 0; i < b.N; i++ {
		if _, err := e.Execute(context.Background(), "1"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNew is an engine's start: gomacro, the display package and the
// builtins the lowering adds.
func BenchmarkNew(b *testing.B) {
	for i := 0; i < b.N; i++ {
		e, err := New(Options{})
		if err != nil {
			b.Fatal(err)
		}
		e.Close()
	}
}

// BenchmarkLoopCell is a cell whose loops the lowering rewrites (a closure
// per iteration) and one it leaves alone.
func BenchmarkLoopCell(b *testing.B) {
	e, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	const cell = `s := 0
var fs []func() int
for i := 0; i < 100; i++ { fs = append(fs, func() int { return i }) }
for _, f := range fs { s += f() }
for i := 0; i < 1000; i++ { s += i }
s`
	for i := 0; i < b.N; i++ {
		if _, err := e.Execute(context.Background(), cell); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBoxCell is a cell that stores values of a cell-declared type in
// an empty interface (each boxed, anybox.go: 1,000 new values, then the
// same 10 again and again) and type-switches on them with a case of the
// cell's type (through __hb_is).
func BenchmarkBoxCell(b *testing.B) {
	e, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	if _, err := e.Execute(context.Background(), `type Kelvin float64
func kind(x any) int {
	switch x.(type) {
	case Kelvin:
		return 1
	case float64:
		return 2
	}
	return 0
}`); err != nil {
		b.Fatal(err)
	}
	const cell = `var v any
n := 0
for i := 0; i < 1000; i++ { v = Kelvin(i); n += kind(v) }
for i := 0; i < 1000; i++ { v = Kelvin(i % 10); n += kind(v) }
n`
	for i := 0; i < b.N; i++ {
		if _, err := e.Execute(context.Background(), cell); err != nil {
			b.Fatal(err)
		}
	}
}
