package interp

import (
	"strings"
	"testing"
)

// FuzzRewriteIterTypes checks that the iter.Seq rewrite never panics and
// leaves code without "iter.Seq" unchanged.
func FuzzRewriteIterTypes(f *testing.F) {
	for _, s := range []string{"func f() iter.Seq[int] { return nil }", "iter.Seq2[string, []int]", "iter.Seq[", "x := 1", "iter.Seq[map[string][]int]]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, code string) {
		out := rewriteIterTypes(code)
		if !strings.Contains(code, "iter.Seq") && out != code {
			t.Fatalf("changed %q into %q", code, out)
		}
	})
}

// FuzzFormatVerbs checks that reading a format string never panics and
// that a format without %T comes back unchanged.
func FuzzFormatVerbs(f *testing.F) {
	for _, s := range []string{"%v %T\n", "%[1]d", "%*d", "100%%", "%#v %+v %-4.2f %", "%T%T%T"} {
		f.Add(s, 2)
	}
	f.Fuzz(func(t *testing.T, format string, n int) {
		if n < 0 || n > 16 {
			return
		}
		verbs, out, ok := formatVerbs(format, n)
		if !ok {
			return
		}
		if len(verbs) != n {
			t.Fatalf("%d verbs for %d operands", len(verbs), n)
		}
		if !strings.Contains(format, "T") && out != format {
			t.Fatalf("changed %q into %q", format, out)
		}
	})
}

// FuzzCheckGenerics checks that the type-parameter finder never panics.
func FuzzCheckGenerics(f *testing.F) {
	for _, s := range []string{"func Map[T any](x T) T { return x }", "type A [3]int", "type S[T any] struct{}", "func", "type X["} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, code string) {
		_ = checkGenerics(code)
	})
}
