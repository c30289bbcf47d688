package interp

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"runtime"
	"strings"
	"testing"

	xr "github.com/cosmos72/gomacro/xreflect"
)

// TestAnyGatePlacesBuiltins checks where the syntax puts the boxing
// builtins: nowhere before a cell declares a type, only at empty-interface
// places after.
func TestAnyGatePlacesBuiltins(t *testing.T) {
	lowered := func(g *anyGate, src string) string {
		t.Helper()
		f, err := parser.ParseFile(token.NewFileSet(), "cell.go", "package main\n"+src, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g.collect(d)
		}
		n := 0
		l := lowerer{n: &n, gate: g}
		var b strings.Builder
		for _, d := range f.Decls {
			ast.Inspect(l.lowerCell(d), func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok && strings.HasPrefix(id.Name, "__hb_") && id.Name != sliceBuiltin && id.Name != rangeBuiltin {
					b.WriteString(id.Name + " ")
				}
				return true
			})
		}
		return strings.TrimSpace(b.String())
	}
	g := newAnyGate()
	code := `func f(x any, n int) any { var y any = x; m := map[string]any{"a": n}; m["b"] = y; s := 0; s = n; _ = x.(int); return m }`
	if got := lowered(g, code); got != "" {
		t.Errorf("without a declared type: builtins %q, want none", got)
	}
	g = newAnyGate()
	want := "__hb_box __hb_box __hb_conv __hb_assert __hb_box"
	if got := lowered(g, "type K int\n"+code); got != want {
		t.Errorf("with a declared type: builtins %q, want %q", got, want)
	}
	// a constant goes through a builtin only where an interface takes it,
	// a pointer wherever a typed place does
	g = newAnyGate()
	consts := `type L int
const Hi L = 1
func f(l L) {}
func g(s fmt.Stringer) {}
func h() { f(Hi); var l L = Hi; l = Hi; g(Hi); var s fmt.Stringer = Hi; s = Hi; p := &l; f(*p); g(p); _, _ = l, s }`
	if got, want := lowered(g, consts), "__hb_arg __hb_conv __hb_conv __hb_arg"; got != want {
		t.Errorf("constants and pointers: builtins %q, want %q", got, want)
	}
}

// TestBoxTableDropsCollectedBoxes checks that the table of interned boxes
// holds them weakly: boxes nothing refers to any more leave it.
func TestBoxTableDropsCollectedBoxes(t *testing.T) {
	e := newEngine(t)
	run(t, e, "type K int")
	var b *boxer
	e.do(func() {
		c := e.ir.Comp
		k := c.Types["K"]
		b = newBoxer(c, k)
	})
	keep := b.box(reflect.ValueOf(7))
	for i := range 5000 {
		b.box(reflect.ValueOf(i + 100))
	}
	runtime.GC()
	runtime.GC()
	b.mu.Lock()
	before := len(b.interned)
	b.sweepAt = before // the next new box sweeps
	b.mu.Unlock()
	b.box(reflect.ValueOf(1))
	b.mu.Lock()
	n := len(b.interned)
	b.mu.Unlock()
	if n > 3 || before <= n {
		t.Errorf("table holds %d boxes before the sweep and %d after a collection, want the dead ones dropped, the two live ones kept", before, n)
	}
	again := b.box(reflect.ValueOf(7))
	if keep.Interface() != again.Interface() {
		t.Error("a live key's box was not reused")
	}
	if h, ok := keep.Elem().Elem().Field(0).Interface().(xr.InterfaceHeader); !ok || h.Value().ReflectValue().Int() != 7 {
		t.Errorf("box holds %v, want 7", keep)
	}
}
