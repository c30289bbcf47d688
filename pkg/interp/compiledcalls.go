package interp

import (
	"encoding"
	"encoding/json"
	"errors"
	"go/ast"
	"reflect"

	"github.com/cosmos72/gomacro/fast"
	xr "github.com/cosmos72/gomacro/xreflect"
)

// Compiled code that takes `any` sees a value of a cell-declared type as its
// underlying type (doc.go), so encoding/json would not call the type's
// MarshalJSON or MarshalText, and errors.As could not target the type. The
// calls that matter most go through builtins that know the operand's type
// at compile time:
//
//	json.Marshal(x), json.MarshalIndent(x, …)  →  json.Marshal(__hb_json(x)) …
//	errors.As(err, &target)                     →  __hb_errors_As(err, &target)
//
// __hb_json hands json a compiled json.Marshaler (or encoding.TextMarshaler)
// that calls the cell's method; a cell-declared type with such a method
// nested inside the operand (a field, an element) is a compile error naming
// it, as json could not call it. __hb_errors_As walks the error tree itself
// and matches the cell-declared type of each error.
const (
	jsonBuiltin     = "__hb_json"
	errorsAsBuiltin = "__hb_errors_As"
)

// rewriteCompiledCall rewrites the calls above.
func rewriteCompiledCall(call *ast.CallExpr) {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok || len(call.Args) == 0 || call.Ellipsis.IsValid() {
		return
	}
	switch pkg.Name + "." + sel.Sel.Name {
	case "json.Marshal", "json.MarshalIndent":
		call.Args[0] = &ast.CallExpr{Fun: &ast.Ident{NamePos: call.Args[0].Pos(), Name: jsonBuiltin}, Lparen: call.Args[0].Pos(),
			Args: []ast.Expr{call.Args[0]}, Rparen: call.Args[0].End()}
	case "errors.As":
		if len(call.Args) == 2 {
			call.Fun = &ast.Ident{NamePos: sel.Pos(), Name: errorsAsBuiltin}
		}
	}
}

func (e *Engine) declareCompiledCalls() {
	e.ir.DeclBuiltin(jsonBuiltin, fast.Builtin{Compile: compileJSON, ArgMin: 1, ArgMax: 1})
	e.ir.DeclBuiltin(errorsAsBuiltin, fast.Builtin{Compile: compileErrorsAs, ArgMin: 2, ArgMax: 2})
}

// marshalMethod returns the compiled interface through which json would
// call a method of t: json.Marshaler, encoding.TextMarshaler, or nil.
func marshalMethod(c *fast.Comp, t xr.Type) xr.Type {
	if t == nil || !cellType(t) && !(t.Kind() == reflect.Ptr && cellType(t.Elem())) {
		return nil
	}
	if _, n := t.MethodByName("MarshalJSON", ""); n == 1 {
		return c.TypeOf((*json.Marshaler)(nil)).Elem()
	}
	if _, n := t.MethodByName("MarshalText", ""); n == 1 {
		return c.TypeOf((*encoding.TextMarshaler)(nil)).Elem()
	}
	return nil
}

// nestedMarshaler finds, inside t, a cell-declared type with a method json
// would call, and names it; "" if none.
func nestedMarshaler(c *fast.Comp, t xr.Type, depth int, seen map[string]bool) string {
	if t == nil || depth > 8 || seen[t.String()] {
		return ""
	}
	seen[t.String()] = true
	if depth > 0 && marshalMethod(c, t) != nil {
		return goTypeName(t)
	}
	switch t.Kind() {
	case reflect.Ptr, reflect.Slice, reflect.Array:
		return nestedMarshaler(c, t.Elem(), depth+1, seen)
	case reflect.Map:
		if n := nestedMarshaler(c, t.Key(), depth+1, seen); n != "" {
			return n
		}
		return nestedMarshaler(c, t.Elem(), depth+1, seen)
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if n := nestedMarshaler(c, t.Field(i).Type, depth+1, seen); n != "" {
				return n
			}
		}
	}
	return ""
}

// compileJSON compiles __hb_json(x).
func compileJSON(c *fast.Comp, sym fast.Symbol, node *ast.CallExpr) *fast.Call {
	x, t := typedOperand(c, node.Args[0])
	anyT := c.TypeOfInterface()
	if iface := marshalMethod(c, t); iface != nil {
		if conv, ok := methodConverter(c, t, iface); ok && conv != nil {
			return funcCall(c, []xr.Type{t}, []xr.Type{anyT}, []*fast.Expr{x}, func(vs []reflect.Value) []reflect.Value {
				return []reflect.Value{toAny(conv(xr.MakeValue(vs[0])).ReflectValue())}
			})
		}
	}
	if n := nestedMarshaler(c, t, 0, map[string]bool{}); n != "" {
		c.Errorf("json cannot call the MarshalJSON or MarshalText method of %s inside %s: compiled code sees a cell-declared type as its underlying type; marshal the %s values yourself, or declare the method on the outer type", n, goTypeName(t), n)
	}
	return funcCall(c, []xr.Type{t}, []xr.Type{anyT}, []*fast.Expr{x}, func(vs []reflect.Value) []reflect.Value {
		return []reflect.Value{toAny(vs[0])}
	})
}

// compileErrorsAs compiles __hb_errors_As(err, target): errors.As itself
// unless target points to a cell-declared type.
func compileErrorsAs(c *fast.Comp, sym fast.Symbol, node *ast.CallExpr) *fast.Call {
	errT := c.TypeOf((*error)(nil)).Elem()
	boolT := c.TypeOf(true)
	err := c.Expr1(node.Args[0], nil)
	target := c.Expr1(node.Args[1], nil)
	tt := target.Type
	if err.Untyped() { // nil
		err.ConstTo(errT)
	}
	cellTarget := tt != nil && tt.Kind() == reflect.Ptr && cellType(tt.Elem())
	if cellTarget {
		_, n := tt.Elem().MethodByName("Error", "")
		cellTarget = n == 1
	}
	if !cellTarget {
		// errors.As itself, which also panics as in Go on a target that
		// is no pointer to an error or interface type
		return funcCall(c, []xr.Type{errT, tt}, []xr.Type{boolT}, []*fast.Expr{err, target}, func(vs []reflect.Value) []reflect.Value {
			var e error
			if !vs[0].IsNil() {
				e = vs[0].Interface().(error)
			}
			return []reflect.Value{reflect.ValueOf(errors.As(e, vs[1].Interface()))}
		})
	}
	want := tt.Elem()
	return funcCall(c, []xr.Type{errT, tt}, []xr.Type{boolT}, []*fast.Expr{err, target}, func(vs []reflect.Value) []reflect.Value {
		if vs[0].IsNil() || vs[1].IsNil() {
			return []reflect.Value{reflect.ValueOf(false)}
		}
		found := asCellError(vs[0].Interface().(error), want, vs[1].Elem())
		return []reflect.Value{reflect.ValueOf(found)}
	})
}

// asCellError walks err's tree, depth first as errors.As does, for an error
// whose cell-declared type is want, and stores it in dst.
func asCellError(err error, want xr.Type, dst reflect.Value) bool {
	for err != nil {
		if v, ok := cellValue(reflect.ValueOf(err), want); ok {
			dst.Set(v)
			return true
		}
		switch u := err.(type) {
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				if asCellError(e, want, dst) {
					return true
				}
			}
			return false
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		default:
			return false
		}
	}
	return false
}

// cellValue returns the value v holds when it is a gomacro proxy or a box
// (anybox.go) for a value of the cell-declared type want.
func cellValue(v reflect.Value, want xr.Type) (reflect.Value, bool) {
	obj, t := extract(v, false)
	if t == nil || !t.IdenticalTo(want) || !obj.IsValid() || !obj.Type().AssignableTo(want.ReflectType()) {
		return reflect.Value{}, false
	}
	return obj, true
}
