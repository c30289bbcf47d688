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
