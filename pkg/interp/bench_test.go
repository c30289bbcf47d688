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
