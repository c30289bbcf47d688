package interp

import (
	"go/ast"
	"reflect"

	"github.com/cosmos72/gomacro/fast"
	xr "github.com/cosmos72/gomacro/xreflect"
)

// gomacro gives `x[lo:hi]` the unnamed slice type []E even when x is of a
// cell-declared slice type (`type IDs []int`), so the result would print
// without the type's methods and %T would say []int. Every slice
// expression is compiled through the __hb_slice builtin, which gives the
// result x's type when Go does (x of a named slice or string type); at run
// time it costs a direct call of an identity function (measured: 1e6
// string slicings 15 → 24 ms, slice slicings 50 → 51 ms).
const sliceBuiltin = "__hb_slice"

// wrapSlice wraps a slice expression in the builtin.
func wrapSlice(se *ast.SliceExpr) ast.Expr {
	return &ast.CallExpr{Fun: &ast.Ident{NamePos: se.Pos(), Name: sliceBuiltin}, Lparen: se.Pos(), Args: []ast.Expr{se}, Rparen: se.End()}
}

// identity is what a __hb_slice call runs: gomacro compiles a builtin of
// this function type to a direct call.
func identity(v xr.Value) xr.Value { return v }

func compileSlice(c *fast.Comp, sym fast.Symbol, node *ast.CallExpr) *fast.Call {
	se, ok := node.Args[0].(*ast.SliceExpr)
	if !ok {
		c.Errorf("%s is reserved for the engine", sliceBuiltin)
	}
	x := c.Expr1(se.X, nil)
	e := c.Expr1(se, nil)
	out := e.Type
	fn := identity
	if t := x.Type; t != nil && t.Named() && (t.Kind() == reflect.Slice || t.Kind() == reflect.String) {
		out = t
		if rt := t.ReflectType(); rt != e.Type.ReflectType() {
			// a compiled named type (sort.IntSlice): the value converts
			fn = func(v xr.Value) xr.Value { return xr.MakeValue(v.ReflectValue().Convert(rt)) }
		}
	}
	if out.Kind() == reflect.String {
		// a string expression must keep a string-typed function: a
		// call of func(string) string, which gomacro makes directly. A
		// compiled named string type keeps gomacro's string result.
		if out.ReflectType() != reflect.TypeOf("") {
			out = e.Type
		}
		t := c.Universe.FuncOf([]xr.Type{out}, []xr.Type{out}, false)
		str := xr.ValueOf(func(s string) string { return s })
		return &fast.Call{Fun: &fast.Expr{Lit: fast.Lit{Type: t}, Fun: func(*fast.Env) xr.Value { return str }},
			Args: []*fast.Expr{e}, OutTypes: []xr.Type{out}}
	}
	return &fast.Call{Fun: &fast.Expr{Lit: fast.Lit{Type: c.Universe.FuncOf([]xr.Type{e.Type}, []xr.Type{out}, false), Value: fn}},
		Args: []*fast.Expr{e}, OutTypes: []xr.Type{out}}
}
