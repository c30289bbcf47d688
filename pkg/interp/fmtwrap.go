package interp

import (
	"fmt"
	"go/ast"
	"go/token"
	"io"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/cosmos72/gomacro/fast"
	xr "github.com/cosmos72/gomacro/xreflect"
)

// Compiled code sees a value of a type declared in a cell as a value of its
// underlying type: fmt would neither call its String or Error method nor
// print its name for %T. The calls of fmt's and log's print functions are
// rewritten so each operand goes through the __hb_fmt builtin, which knows
// the operand's type at compile time:
//
//	fmt.Printf("%v %T\n", x, x)  →  fmt.Printf("%v %s\n", __hb_fmt(x, "v"), __hb_fmt(x, "T"))
//
// An operand of a cell-declared type with a String or Error method is
// wrapped in a fmt.Formatter that calls the method for the verbs fmt calls it
// for (v s x X q), and %#v shows the type's name. A %T operand becomes its
// type's name (of the dynamic type for other types, as fmt does). Operands
// nested in slices, maps or structs are printed as before.
const fmtBuiltin = "__hb_fmt"

// printFuncs maps the print functions of fmt and log to the index of their
// format argument (-1: none) and of their first operand.
var printFuncs = map[string][2]int{
	"fmt.Print": {-1, 0}, "fmt.Println": {-1, 0}, "fmt.Printf": {0, 1},
	"fmt.Sprint": {-1, 0}, "fmt.Sprintln": {-1, 0}, "fmt.Sprintf": {0, 1},
	"fmt.Fprint": {-1, 1}, "fmt.Fprintln": {-1, 1}, "fmt.Fprintf": {1, 2},
	"fmt.Errorf": {0, 1}, "fmt.Append": {-1, 1}, "fmt.Appendln": {-1, 1}, "fmt.Appendf": {1, 2},
	"log.Print": {-1, 0}, "log.Println": {-1, 0}, "log.Printf": {0, 1},
	"log.Fatal": {-1, 0}, "log.Fatalln": {-1, 0}, "log.Fatalf": {0, 1},
	"log.Panic": {-1, 0}, "log.Panicln": {-1, 0}, "log.Panicf": {0, 1},
}

// rewritePrintCall rewrites the operands of a call of a print function.
// A lone call operand, `fmt.Println(f())`, may stand for several results and
// stays as it is unless single says it has one result, or a format gives
// it a verb.
func rewritePrintCall(call *ast.CallExpr, single func(*ast.CallExpr) bool) {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || call.Ellipsis.IsValid() {
		return
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok {
		return
	}
	idx, ok := printFuncs[pkg.Name+"."+sel.Sel.Name]
	if !ok || len(call.Args) <= idx[1] {
		return
	}
	ops := call.Args[idx[1]:]
	if lone, isCall := ops[0].(*ast.CallExpr); isCall && len(ops) == 1 && !engineCall(lone) && (single == nil || !single(lone)) &&
		(idx[0] < 0 || verbCount(call.Args[idx[0]]) != 1) {
		return // fmt.Println(f()) may print several results
	}
	verbs := make([]string, len(ops))
	for i := range verbs {
		verbs[i] = "v"
	}
	if idx[0] >= 0 {
		lit, ok := call.Args[idx[0]].(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			for i := range verbs {
				verbs[i] = "?"
			}
		} else if format, err := strconv.Unquote(lit.Value); err == nil {
			vs, newFormat, ok := formatVerbs(format, len(ops))
			if !ok {
				for i := range verbs {
					verbs[i] = "?"
				}
			} else {
				verbs = vs
				if newFormat != format {
					call.Args[idx[0]] = &ast.BasicLit{ValuePos: lit.ValuePos, Kind: token.STRING, Value: strconv.Quote(newFormat)}
				}
			}
		}
	}
	for i, op := range ops {
		if verbs[i] == "" {
			continue
		}
		ops[i] = &ast.CallExpr{Fun: &ast.Ident{NamePos: op.Pos(), Name: fmtBuiltin}, Lparen: op.Pos(),
			Args: []ast.Expr{op, &ast.BasicLit{ValuePos: op.Pos(), Kind: token.STRING, Value: strconv.Quote(verbs[i])}}, Rparen: op.End()}
	}
}

// engineCall reports whether call is of one of the engine's builtins that
// wrap one value (anybox.go, reslice.go).
func engineCall(call *ast.CallExpr) bool {
	id, ok := call.Fun.(*ast.Ident)
	if !ok {
		return false
	}
	switch id.Name {
	case boxBuiltin, convBuiltin, argBuiltin, ptrArgBuiltin, keyBuiltin, assertBuiltin, sliceBuiltin:
		return true
	}
	return false
}

// verbCount counts the verbs of a literal format string; -1 if it is not a
// literal.
func verbCount(format ast.Expr) int {
	lit, ok := format.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return -1
	}
	s, err := strconv.Unquote(lit.Value)
	if err != nil {
		return -1
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			continue
		}
		if i+1 < len(s) && s[i+1] == '%' {
			i++
			continue
		}
		n++
	}
	return n
}

// formatVerbs reads a format string: the verb of each of n operands ("T",
// "#v", "w", another letter; "" when none uses it) and the format with %T
// replaced by %s. It gives up (ok false) on explicit argument indexes and on
// operands used by * widths.
func formatVerbs(format string, n int) (verbs []string, out string, ok bool) {
	verbs = make([]string, n)
	var b strings.Builder
	arg := 0
	for i := 0; i < len(format); i++ {
		ch := format[i]
		b.WriteByte(ch)
		if ch != '%' {
			continue
		}
		i++
		sharp := false
		for ; i < len(format) && strings.IndexByte("+-# 0", format[i]) >= 0; i++ {
			sharp = sharp || format[i] == '#'
			b.WriteByte(format[i])
		}
		for ; i < len(format) && (format[i] >= '0' && format[i] <= '9' || format[i] == '.'); i++ {
			b.WriteByte(format[i])
		}
		if i >= len(format) {
			return nil, "", false
		}
		switch format[i] {
		case '*', '[':
			return nil, "", false
		case '%':
			b.WriteByte('%')
			continue
		}
		if arg >= n {
			return nil, "", false
		}
		verb := string(format[i])
		if sharp && verb == "v" {
			verb = "#v"
		}
		verbs[arg] = verb
		arg++
		if format[i] == 'T' {
			b.WriteByte('s')
		} else {
			b.WriteByte(format[i])
		}
	}
	return verbs, b.String(), true
}

// cellType reports whether t is a named type declared in a cell, which
// compiled code sees as its underlying type.
func cellType(t xr.Type) bool {
	if t == nil || !t.Named() {
		return false
	}
	rt := t.ReflectType()
	return rt.Name() != t.Name() || rt.PkgPath() != t.PkgPath()
}

// compileFmt compiles __hb_fmt(x, verb).
func compileFmt(c *fast.Comp, node *ast.CallExpr, stringer xr.Type) *fast.Call {
	verbLit, _ := node.Args[1].(*ast.BasicLit)
	verb, _ := strconv.Unquote(verbLit.Value)
	x, t := typedOperand(c, node.Args[0])
	anyT := c.TypeOfInterface()
	named := cellType(t) || t != nil && t.Kind() == reflect.Ptr && cellType(t.Elem())
	if verb == "T" {
		if named || t == nil || t.Kind() != reflect.Interface {
			name := "<nil>"
			if t != nil {
				name = goTypeName(t)
			}
			return funcCall(c, []xr.Type{t}, []xr.Type{anyT}, []*fast.Expr{x}, func([]reflect.Value) []reflect.Value {
				return []reflect.Value{reflect.ValueOf(&name).Elem().Convert(reflect.TypeOf((*any)(nil)).Elem())}
			})
		}
		return funcCall(c, []xr.Type{t}, []xr.Type{anyT}, []*fast.Expr{x}, func(vs []reflect.Value) []reflect.Value {
			name := "<nil>"
			if v := vs[0]; !v.IsNil() {
				name = dynamicTypeName(v.Elem())
			}
			return []reflect.Value{reflect.ValueOf(&name).Elem().Convert(reflect.TypeOf((*any)(nil)).Elem())}
		})
	}
	if _, n := errorMethod(t); verb == "w" && named && n == 1 {
		// %w wraps the error: fmt gets a compiled error that calls the
		// cell's Error method, which errors.As in a cell can match
		// (compiledcalls.go)
		if conv, ok := converter(c, t, c.TypeOf((*error)(nil)).Elem()); ok && conv != nil {
			return funcCall(c, []xr.Type{t}, []xr.Type{anyT}, []*fast.Expr{x}, func(vs []reflect.Value) []reflect.Value {
				return []reflect.Value{toAny(conv(xr.MakeValue(vs[0])).ReflectValue())}
			})
		}
	}
	if verb == "w" || verb == "" {
		return funcCall(c, []xr.Type{t}, []xr.Type{anyT}, []*fast.Expr{x}, func(vs []reflect.Value) []reflect.Value {
			return []reflect.Value{toAny(vs[0])}
		})
	}
	if f := operand(c, t, stringer, 0); f != nil {
		return funcCall(c, []xr.Type{t}, []xr.Type{anyT}, []*fast.Expr{x}, func(vs []reflect.Value) []reflect.Value {
			return []reflect.Value{toAny(reflect.ValueOf(f(vs[0])))}
		})
	}
	return funcCall(c, []xr.Type{t}, []xr.Type{anyT}, []*fast.Expr{x}, func(vs []reflect.Value) []reflect.Value {
		return []reflect.Value{toAny(vs[0])}
	})
}

// errorMethod looks up t's Error method.
func errorMethod(t xr.Type) (xr.Method, int) {
	if t == nil {
		return xr.Method{}, 0
	}
	return t.MethodByName("Error", "")
}

// typedOperand compiles an operand of a builtin; an untyped constant
// takes its default type, as when passed as `any`.
func typedOperand(c *fast.Comp, node ast.Expr) (*fast.Expr, xr.Type) {
	x := c.Expr1(node, nil)
	t := x.Type
	if x.Untyped() {
		t = x.DefaultType()
		x.ConstTo(t)
	}
	return x, t
}

// hasMethods reports whether fmt would call a method of a value of the
// cell-declared type t (or pointer to one).
func hasMethods(t xr.Type) bool {
	if !cellType(t) && !(t.Kind() == reflect.Ptr && cellType(t.Elem())) {
		return false
	}
	_, e := t.MethodByName("Error", "")
	_, s := t.MethodByName("String", "")
	return e == 1 || s == 1
}

// operand returns what fmt should get for a value of type t so that it
// prints as in a compiled program, or nil when the value itself will do: a
// cell-declared type is wrapped (wrapper), and slices, arrays, maps and
// structs holding values with methods are rebuilt around wrapped elements.
// Structs with unexported fields and maps with keys fmt sorts in ways not
// reproduced here are left alone, as are values nested deeper than 8.
func operand(c *fast.Comp, t, stringer xr.Type, depth int) func(reflect.Value) any {
	if t == nil || depth > 8 {
		return nil
	}
	if hasMethods(t) {
		w := wrapper(c, t, stringer)
		return func(v reflect.Value) any { return w(v) }
	}
	if depth == 0 && (cellType(t) || t.Kind() == reflect.Ptr && cellType(t.Elem())) {
		// For %#v, which shows the type's name; a struct whose fields
		// need wrapping is rebuilt instead.
		if f := operand(c, t, stringer, 1); f != nil {
			return f
		}
		w := wrapper(c, t, stringer)
		return func(v reflect.Value) any { return w(v) }
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		ef := operand(c, t.Elem(), stringer, depth+1)
		if ef == nil {
			return nil
		}
		return func(v reflect.Value) any {
			if v.Kind() == reflect.Slice && v.IsNil() {
				return v.Interface()
			}
			l := fmtList{open: "[", close: "]"}
			for i := range v.Len() {
				l.elems = append(l.elems, ef(v.Index(i)))
			}
			return l
		}
	case reflect.Map:
		kf, vf := operand(c, t.Key(), stringer, depth+1), operand(c, t.Elem(), stringer, depth+1)
		k := t.Key().Kind()
		if kf != nil || vf == nil || !(k == reflect.String || isIntKind(k)) {
			return nil
		}
		return func(v reflect.Value) any {
			if v.IsNil() {
				return v.Interface()
			}
			keys := v.MapKeys()
			sort.Slice(keys, func(i, j int) bool {
				switch {
				case keys[i].Kind() == reflect.String:
					return keys[i].String() < keys[j].String()
				case keys[i].CanInt():
					return keys[i].Int() < keys[j].Int()
				}
				return keys[i].Uint() < keys[j].Uint()
			})
			l := fmtList{open: "map[", close: "]"}
			for _, key := range keys {
				l.elems = append(l.elems, fmtPair{key.Interface(), vf(v.MapIndex(key))})
			}
			return l
		}
	case reflect.Struct:
		n := t.NumField()
		fs := make([]func(reflect.Value) any, n)
		wrapped := false
		for i := range n {
			f := t.Field(i)
			if !token.IsExported(f.Name) || f.Anonymous {
				return nil
			}
			fs[i] = operand(c, f.Type, stringer, depth+1)
			wrapped = wrapped || fs[i] != nil
		}
		if !wrapped {
			return nil
		}
		return func(v reflect.Value) any {
			l := fmtList{open: "{", close: "}"}
			for i := range n {
				fv := v.Field(i)
				var e any
				if fs[i] != nil {
					e = fs[i](fv)
				} else {
					e = fv.Interface()
				}
				l.elems = append(l.elems, fmtField{t.Field(i).Name, e})
			}
			return l
		}
	}
	return nil
}

// fmtList formats elements as fmt formats a slice, a map or a struct: each
// with the operand's verb, between open and close.
type fmtList struct {
	open, close string
	elems       []any
}

func (l fmtList) Format(s fmt.State, verb rune) {
	format := fmt.FormatString(s, verb)
	io.WriteString(s, l.open)
	for i, e := range l.elems {
		if i > 0 {
			io.WriteString(s, " ")
		}
		switch e := e.(type) {
		case fmtPair:
			fmt.Fprintf(s, format, e.key)
			io.WriteString(s, ":")
			fmt.Fprintf(s, format, e.val)
		case fmtField:
			if s.Flag('+') {
				io.WriteString(s, e.name+":")
			}
			fmt.Fprintf(s, format, e.val)
		default:
			fmt.Fprintf(s, format, e)
		}
	}
	io.WriteString(s, l.close)
}

type fmtPair struct{ key, val any }

type fmtField struct {
	name string
	val  any
}

// wrapper returns the function that wraps a value of the cell-declared type
// t for fmt: with its Error or String method when it has one (converted to
// the interface by gomacro, which makes a proxy that calls the cell's
// method), and its type's name.
func wrapper(c *fast.Comp, t, stringer xr.Type) func(reflect.Value) fmtValue {
	var iface xr.Type
	if _, n := t.MethodByName("Error", ""); n == 1 {
		iface = c.TypeOf((*error)(nil)).Elem()
	} else if _, n := t.MethodByName("String", ""); n == 1 {
		iface = stringer
	}
	typ := goTypeName(t)
	var conv func(xr.Value) xr.Value
	ok := false
	if iface != nil {
		conv, ok = methodConverter(c, t, iface)
	}
	return func(v reflect.Value) fmtValue {
		f := fmtValue{v: v.Interface(), typ: typ}
		if !ok || conv == nil {
			return f
		}
		pv := conv(xr.MakeValue(v)).ReflectValue()
		if pv.Kind() == reflect.Interface {
			pv = pv.Elem()
		}
		if pv.IsValid() {
			switch m := pv.Interface().(type) {
			case error:
				f.err = m
			case fmt.Stringer:
				f.str = m
			}
		}
		return f
	}
}

// converter is gomacro's conversion of t to iface (through a proxy that
// calls the cell's methods); ok is false when t's method set lacks the
// method (String on a pointer receiver, the operand a value).
func converter(c *fast.Comp, t, iface xr.Type) (conv func(xr.Value) xr.Value, ok bool) {
	defer func() {
		if recover() != nil {
			conv, ok = nil, false
		}
	}()
	return c.Converter(t, iface), true
}

// methodConverter is converter for calling the methods only (printing,
// marshalling): a pointer to a cell-declared type with value methods goes
// through pointerProxy (gomacro's proxy of the pointer calls them with the
// pointer: "reflect: Call using *struct as type struct"), and a nil one
// converts to nil (fmt prints <nil>).
func methodConverter(c *fast.Comp, t, iface xr.Type) (conv func(xr.Value) xr.Value, ok bool) {
	if pp := pointerProxy(c, t, iface); pp != nil {
		zero := xr.Zero(iface)
		return func(v xr.Value) xr.Value {
			if v.IsNil() {
				return zero
			}
			return pp(v)
		}, true
	}
	return converter(c, t, iface)
}

// dynamicTypeName is the name %T prints for the value in an interface: a
// gomacro proxy or a box (anybox.go) stands for its cell-declared type.
func dynamicTypeName(v reflect.Value) string {
	if _, t := extract(v, false); t != nil {
		return goTypeName(t)
	}
	return v.Type().String()
}

// goTypeName is a type's name as Go prints it: an instance of a generic
// type reads main.Stack[int], not gomacro's main.Stack#[int].
func goTypeName(t xr.Type) string {
	return strings.ReplaceAll(t.String(), "#[", "[")
}

func toAny(v reflect.Value) reflect.Value {
	out := reflect.New(reflect.TypeOf((*any)(nil)).Elem()).Elem()
	if v.IsValid() {
		out.Set(v)
	}
	return out
}

// fmtValue formats a value of a cell-declared type as fmt would format it
// in a compiled program.
type fmtValue struct {
	v   any          // the value as compiled code holds it
	str fmt.Stringer // its String method, if it has one
	err error        // its Error method, if it has one
	typ string       // its type's name
}

func (f fmtValue) Format(s fmt.State, verb rune) {
	format := fmt.FormatString(s, verb)
	if verb == 'v' && s.Flag('#') {
		out := fmt.Sprintf(format, f.v)
		if rt := reflect.TypeOf(f.v); rt != nil && strings.HasPrefix(out, rt.String()) {
			out = f.typ + out[len(rt.String()):]
		}
		io.WriteString(s, out)
		return
	}
	switch verb {
	case 'v', 's', 'x', 'X', 'q':
		if f.err != nil {
			fmt.Fprintf(s, format, f.err.Error())
			return
		}
		if f.str != nil {
			fmt.Fprintf(s, format, f.str.String())
			return
		}
	}
	fmt.Fprintf(s, format, f.v)
}
