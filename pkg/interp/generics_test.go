package interp

import (
	"strings"
	"testing"
)

// Generic declarations live on across cells, like every other declaration:
// a later cell names new instances, adds methods, or declares a generic
// anew, and gets Go's answers.
func TestGenericsAcrossCells(t *testing.T) {
	e := newEngine(t)
	steps := []struct{ code, want string }{
		{`import "fmt"`, ""},
		{"type Stack[T any] struct{ items []T }\nfunc (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }", ""},
		{"var a Stack[int]\na.Push(1)\na.Push(2)\nfmt.Println(a.items)", "[1 2]\n"},
		// a method added later reaches the instances made before it
		{"func (s *Stack[T]) Len() int { return len(s.items) }\nfmt.Println(a.Len())", "2\n"},
		{"b := &Stack[string]{}\nb.Push(\"x\")\nfmt.Println(b.Len(), b.items)", "1 [x]\n"},
		// generic functions of earlier cells, inferred and explicit
		{"func Map[T, U any](xs []T, f func(T) U) []U { var out []U; for _, x := range xs { out = append(out, f(x)) }; return out }", ""},
		{"fmt.Println(Map(a.items, func(i int) string { return fmt.Sprint(i * 10) }))", "[10 20]\n"},
		{"fmt.Println(Map[string, int](b.items, func(s string) int { return len(s) }))", "[1]\n"},
		// a map-based generic type, its methods in the same cell as a use
		{"type Set[T comparable] map[T]struct{}\nfunc (s Set[T]) Add(v T) { s[v] = struct{}{} }\nfunc (s Set[T]) Len() int { return len(s) * 10 }\nset := Set[int]{}\nset.Add(3)\nset.Add(3)\nfmt.Println(set.Len())", "10\n"},
		{"other := Set[string]{}\nother.Add(\"a\")\nfmt.Println(other.Len())", "10\n"},
		// variadic generics, across cells
		{"func Sum[T ~int | ~float64](xs ...T) T { var t T; for _, x := range xs { t += x }; return t }", ""},
		{"nums := []float64{1.5, 2}\nfmt.Println(Sum(1, 2, 3), Sum(nums...), Sum(0.5, 1))", "6 3.5 1.5\n"},
		// redeclared with another body
		{"func Sum[T ~int | ~float64](xs ...T) T { return T(len(xs)) }\nfmt.Println(Sum(7, 8))", "2\n"},
		// %T names instances as Go does
		{"fmt.Printf(\"%T %T\\n\", a, set)", "main.Stack[int] main.Set[int]\n"},
	}
	for i, s := range steps {
		r := run(t, e, s.code)
		got, errText := "", ""
		for _, o := range r.Outputs {
			switch o.Type {
			case Stream:
				got += o.Text
			case Error:
				errText += o.EValue
			}
		}
		if errText != "" || got != s.want {
			t.Errorf("cell %d:\n%s\ngot %q (error %q), want %q", i, s.code, got, errText, s.want)
		}
	}
}

// A generic call whose type arguments cannot be inferred names the
// function and says what to write.
func TestGenericInferenceHint(t *testing.T) {
	e := newEngine(t)
	run(t, e, "func Last[S ~[]E, E any](s S) E { return s[len(s)-1] }")
	r := run(t, e, "Last([]int{1, 2})")
	var msg string
	for _, o := range r.Outputs {
		if o.Type == Error {
			msg = o.EValue
		}
	}
	if !strings.Contains(msg, "cell:1:") || !strings.Contains(msg, "failed to infer E") || !strings.Contains(msg, "Last[T1, T2](…)") {
		t.Fatalf("error %q: want the position, the parameter and the fix", msg)
	}
}
