package interp

import (
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
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

// FuzzRewriteGenerics checks that spelling a cell's generics in gomacro's
// syntax never panics, leaves cells without brackets as they are, and keeps
// every line of the cell where it was (errors point at the cell's lines).
func FuzzRewriteGenerics(f *testing.F) {
	for _, s := range []string{
		"func Map[T any](x T) T { return x }", "type A [3]int", "type S[T any] struct{}", "func", "type X[",
		"type Stack[T any] struct{ items []T }\nfunc (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }\nvar s Stack[int]\ns.Push(1)",
		"type Set[T comparable] map[T]struct{}\nfunc (s Set[T]) Add(v T) { s[v] = struct{}{} }\nx := Set[string]{}",
		"func Sum[T ~int | ~float64](xs ...T) T { var t T; return t }\nSum(1, 2, 3)\nSum(xs...)",
		"type Number interface { ~int | ~float64; String() string }",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, code string) {
		g := newGenerics()
		s := g.spell(code)
		if !strings.Contains(code, "[") && (s.code != code || s.prelude != "") {
			t.Fatalf("changed a cell without generics: %q → %q", code, s.code)
		}
		lines := strings.Count(code, "\n")
		if n := strings.Count(s.code, "\n"); n < lines {
			t.Fatalf("lost lines: %d → %d in %q", lines, n, s.code)
		}
		s.commit()
		_ = g.spell(code) // a later cell sees the registry
	})
}

// FuzzAnyGate checks that placing the boxing builtins (anygate.go) never
// panics on a cell Go can parse, places none before a cell declares a type,
// and leaves a tree that go/printer can print.
func FuzzAnyGate(f *testing.F) {
	for _, s := range []string{
		"var x any = K(1)\nm := map[string]any{\"a\": x}\nm[\"b\"] = K(2)",
		"func f(v ...any) any { return v[0] }\nf(K(1), 2)",
		"switch v := x.(type) { case K, int: _ = v; case nil: default: }",
		"L: switch x.(type) { case K: break L }",
		"type S struct{ V any; N int }\ns := S{K(1), 2}\ns.V = K(3)\nch := make(chan any, 1)\nch <- s.V",
		"seen := map[any]int{K(1): 1}\nseen[K(1)]++\n_, ok := seen[x].(int)",
		"xs := [][]any{{K(1)}, {&K{}}}\nxs = append(xs, nil)",
	} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, code string, typed bool) {
		src := "package p\nfunc _() {\n" + code + "\n}\n"
		if typed {
			src += "type K int\n"
		}
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, "cell.go", src, 0)
		if err != nil {
			return
		}
		g := newAnyGate()
		for _, d := range file.Decls {
			g.collect(d)
		}
		n := 0
		l := lowerer{n: &n, gate: g}
		for i, d := range file.Decls {
			file.Decls[i] = l.lowerCell(d).(ast.Decl)
		}
		var b strings.Builder
		if err := printer.Fprint(&b, fset, file); err != nil {
			t.Fatalf("lowered tree does not print: %v", err)
		}
		if !g.types && strings.Contains(b.String(), "__hb_box") {
			t.Fatalf("boxed without a declared type:\n%s", b.String())
		}
	})
}
