package interp

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"reflect"
	"strconv"
	"sync"
	"weak"

	gr "github.com/cosmos72/gomacro/base/reflect"
	"github.com/cosmos72/gomacro/fast"
	"github.com/cosmos72/gomacro/imports"
	xr "github.com/cosmos72/gomacro/xreflect"
)

// gomacro stores a value of a cell-declared type in an empty interface (any)
// as a plain value of its underlying type: `var x any = Kelvin(3)` held a
// float64, so x.(float64) was true, a type switch took `case float64`, and
// fmt printed 3 instead of Kelvin's String. The engine stores such a value
// in a box instead: a gomacro proxy (a pointer to a struct whose field
// Object is an xr.InterfaceHeader holding the value and its interpreted
// type), so gomacro's type switches, assertions and comparisons recover
// the type as they do for its own proxies of non-empty interfaces. The box
// is a compiled fmt.Formatter and json.Marshaler (and fmt.Stringer or error
// when the type has String or Error) whose methods print and marshal the
// value as a compiled program would, so compiled code that takes the `any`
// gets what it would get from the real type.
//
// Where the conversions happen is decided in two steps. The syntax, before
// gomacro compiles the cell, marks the places where an empty interface may
// receive a value (anygate.go): a conversion any(x), a var declared any, a
// composite literal of []any or map[K]any, an assignment or append to a
// variable or field declared with an empty interface in its type, an
// argument of a cell function whose parameter is any, a return from a
// function whose result is any. Each gets a builtin whose compile function
// sees the types gomacro inferred and boxes only a value of a cell-declared
// type (or a type built from one, []Kelvin) going into an empty interface;
// elsewhere it is a direct call that hands the value on. Type assertions
// go through builtins that look into boxes (x.(float64) is false for a
// boxed Kelvin, x.(fmt.Stringer) true when Kelvin has String), and so do
// type switches with a case of a cell-declared type or of several types.
//
// The same places fix two conversions gomacro gets wrong: a constant of a
// cell-declared type going into an interface (converted once, through a
// proxy) and a pointer to one going into a compiled interface whose
// methods it has by value (pointerProxy).
//
// Values that reach an empty interface in compiled code (an argument of a
// compiled function, context.WithValue, a compiled struct's field) are not
// boxed: compiled code sees them as their underlying type, as before, and
// an assertion on such a value back in a cell succeeds for the cell type
// and its underlying type alike.
const (
	boxBuiltin     = "__hb_box"     // __hb_box(x): x stored in an empty interface
	convBuiltin    = "__hb_conv"    // __hb_conv(dst, x): x assigned to dst
	argBuiltin     = "__hb_arg"     // __hb_arg(f, i, x): x passed as f's argument i
	ptrArgBuiltin  = "__hb_ptrarg"  // __hb_ptrarg(f, i, p): p passed as argument i of a function not declared in a cell
	assertBuiltin  = "__hb_assert"  // __hb_assert(x, T): x.(T)
	assert2Builtin = "__hb_assert2" // __hb_assert2(x, T): x.(T) with comma-ok
	isBuiltin      = "__hb_is"      // __hb_is(x, T) != 0: whether x.(T) holds
	keyBuiltin     = "__hb_key"     // __hb_key(m, k): k as a key of the map m
	cellBoxPath    = "huntbook/interp/cellbox"
)

// The boxes. gomacro checks that a proxy has the field Object, then one
// function field per method, in the order of the methods' names.
type (
	boxedValue interface {
		Format(fmt.State, rune)
		MarshalJSON() ([]byte, error)
	}
	cellValueBox struct {
		Object       any
		Format_      func(any, fmt.State, rune)
		MarshalJSON_ func(any) ([]byte, error)
	}
	boxedStringer interface {
		Format(fmt.State, rune)
		MarshalJSON() ([]byte, error)
		String() string
	}
	cellStringerBox struct {
		Object       any
		Format_      func(any, fmt.State, rune)
		MarshalJSON_ func(any) ([]byte, error)
		String_      func(any) string
	}
	boxedError interface {
		Error() string
		Format(fmt.State, rune)
		MarshalJSON() ([]byte, error)
	}
	cellErrorBox struct {
		Object       any
		Error_       func(any) string
		Format_      func(any, fmt.State, rune)
		MarshalJSON_ func(any) ([]byte, error)
	}
)

func (b *cellValueBox) Format(s fmt.State, verb rune)    { b.Format_(b.Object, s, verb) }
func (b *cellValueBox) MarshalJSON() ([]byte, error)     { return b.MarshalJSON_(b.Object) }
func (b *cellStringerBox) Format(s fmt.State, verb rune) { b.Format_(b.Object, s, verb) }
func (b *cellStringerBox) MarshalJSON() ([]byte, error)  { return b.MarshalJSON_(b.Object) }
func (b *cellStringerBox) String() string                { return b.String_(b.Object) }
func (b *cellErrorBox) Error() string                    { return b.Error_(b.Object) }
func (b *cellErrorBox) Format(s fmt.State, verb rune)    { b.Format_(b.Object, s, verb) }
func (b *cellErrorBox) MarshalJSON() ([]byte, error)     { return b.MarshalJSON_(b.Object) }

// registerBoxes adds the boxes to gomacro's registry as the proxies of a
// package of their own; importing it makes gomacro know them.
func registerBoxes() {
	imports.Packages[cellBoxPath] = imports.Package{Name: "cellbox",
		Types: map[string]reflect.Type{
			"Value":    reflect.TypeFor[boxedValue](),
			"Stringer": reflect.TypeFor[boxedStringer](),
			"Error":    reflect.TypeFor[boxedError](),
		},
		Proxies: map[string]reflect.Type{
			"Value":    reflect.TypeFor[cellValueBox](),
			"Stringer": reflect.TypeFor[cellStringerBox](),
			"Error":    reflect.TypeFor[cellErrorBox](),
		}}
}

// importBoxes makes gomacro know the boxes, before the first cell that
// declares a type compiles (engines whose cells declare none never pay for
// it). gomacro knows a compiled interface's proxy once its package is
// imported: json also needs encoding.TextMarshaler's when the cell imports
// only encoding/json.
func (e *Engine) importBoxes() {
	if e.boxesKnown {
		return
	}
	e.boxesKnown = true
	e.ir.ImportPackage("__hb_cellbox", cellBoxPath)
	e.ir.ImportPackage("__hb_encoding", "encoding")
}

func (e *Engine) declareBoxes() {
	boxerOf := e.boxerOf
	ir := e.ir
	ir.DeclBuiltin(boxBuiltin, fast.Builtin{Compile: func(c *fast.Comp, sym fast.Symbol, node *ast.CallExpr) *fast.Call {
		x, t := typedOperand(c, node.Args[0])
		return boxCall(c, x, t, boxerOf)
	}, ArgMin: 1, ArgMax: 1})
	ir.DeclBuiltin(convBuiltin, fast.Builtin{Compile: func(c *fast.Comp, sym fast.Symbol, node *ast.CallExpr) *fast.Call {
		return compileConv(c, typeOf(c, node.Args[0]), node.Args[1], boxerOf)
	}, ArgMin: 2, ArgMax: 2})
	ir.DeclBuiltin(argBuiltin, fast.Builtin{Compile: func(c *fast.Comp, sym fast.Symbol, node *ast.CallExpr) *fast.Call {
		return compileConv(c, paramType(c, node.Args[0], node.Args[1]), node.Args[2], boxerOf)
	}, ArgMin: 3, ArgMax: 3})
	ir.DeclBuiltin(ptrArgBuiltin, fast.Builtin{Compile: func(c *fast.Comp, sym fast.Symbol, node *ast.CallExpr) *fast.Call {
		// compiled code taking any gets the pointer itself, unboxed
		dst := paramType(c, node.Args[0], node.Args[1])
		if dst != nil && dst.Kind() == reflect.Interface && dst.NumMethod() == 0 {
			dst = nil
		}
		return compileConv(c, dst, node.Args[2], boxerOf)
	}, ArgMin: 3, ArgMax: 3})
	ir.DeclBuiltin(keyBuiltin, fast.Builtin{Compile: func(c *fast.Comp, sym fast.Symbol, node *ast.CallExpr) *fast.Call {
		var key xr.Type
		if mt := typeOf(c, node.Args[0]); mt != nil && mt.Kind() == reflect.Map {
			key = mt.Key()
		}
		return compileConv(c, key, node.Args[1], boxerOf)
	}, ArgMin: 2, ArgMax: 2})
	ir.DeclBuiltin(assertBuiltin, fast.Builtin{Compile: func(c *fast.Comp, sym fast.Symbol, node *ast.CallExpr) *fast.Call {
		return compileAssert(c, node, false, false)
	}, ArgMin: 2, ArgMax: 2})
	ir.DeclBuiltin(assert2Builtin, fast.Builtin{Compile: func(c *fast.Comp, sym fast.Symbol, node *ast.CallExpr) *fast.Call {
		return compileAssert(c, node, true, false)
	}, ArgMin: 2, ArgMax: 2})
	ir.DeclBuiltin(isBuiltin, fast.Builtin{Compile: func(c *fast.Comp, sym fast.Symbol, node *ast.CallExpr) *fast.Call {
		return compileAssert(c, node, false, true)
	}, ArgMin: 2, ArgMax: 2})
}

// boxerOf is the boxer of t, made once per engine (also while cells run,
// for types found in interfaces).
func (e *Engine) boxerOf(c *fast.Comp, t xr.Type) *boxer {
	return e.boxers.get(t, func() *boxer { return newBoxer(c, t) })
}

// typeOf is the type of the expression x (compiled and dropped), or nil
// when it does not compile.
func typeOf(c *fast.Comp, x ast.Expr) (t xr.Type) {
	defer func() {
		if recover() != nil {
			t = nil
		}
	}()
	return c.Expr1(x, nil).Type
}

// paramType is the type of argument i of a call of f.
func paramType(c *fast.Comp, f, index ast.Expr) xr.Type {
	ft := typeOf(c, f)
	lit, _ := index.(*ast.BasicLit)
	if ft == nil || ft.Kind() != reflect.Func || lit == nil {
		return nil
	}
	i, err := strconv.Atoi(lit.Value)
	if err != nil {
		return nil
	}
	n := ft.NumIn()
	switch {
	case ft.IsVariadic() && i >= n-1:
		return ft.In(n - 1).Elem()
	case i < n:
		return ft.In(i)
	}
	return nil
}

// compileConv compiles x going into a place of type dst: boxed when dst is
// an empty interface, handed on as it is otherwise (an untyped constant
// takes dst's type, as the assignment would give it).
func compileConv(c *fast.Comp, dst xr.Type, node ast.Expr, boxerOf func(*fast.Comp, xr.Type) *boxer) *fast.Call {
	if dst != nil && dst.Kind() == reflect.Interface && dst.NumMethod() == 0 {
		x, t := typedOperand(c, node)
		return boxCall(c, x, t, boxerOf)
	}
	x := c.Expr1(node, nil)
	if x.Const() && !x.Untyped() && dst != nil && dst.Kind() == reflect.Interface && cellType(x.Type) {
		// gomacro converts a constant to an interface with reflect, which
		// cannot give it the methods of a cell-declared type: convert it
		// once here, through a proxy
		if conv, ok := converter(c, x.Type, dst); ok && conv != nil {
			v := conv(xr.ValueOf(x.Value).Convert(x.Type.ReflectType()))
			return direct(c, x, dst, func(xr.Value) xr.Value { return v })
		}
	}
	if conv := pointerProxy(c, x.Type, dst); conv != nil {
		return direct(c, x, dst, conv)
	}
	if dst != nil && dst.Kind() == reflect.Interface && x.Type != nil && x.Type.Kind() != reflect.Interface && !x.Untyped() {
		// converted here: gomacro's append does not convert its
		// arguments to an interface element type
		if conv, ok := converter(c, x.Type, dst); ok && conv != nil {
			return direct(c, x, dst, conv)
		}
	}
	if x.Untyped() {
		t := dst
		if t == nil {
			t = x.DefaultType()
		}
		x.ConstTo(t)
	}
	return handOn(c, x)
}

// handOn is a call that gives x back: gomacro makes a direct call of a
// builtin returning an xr.Value, which the expressions of the basic kinds
// cannot take, so those get a compiled identity function.
func handOn(c *fast.Comp, x *fast.Expr) *fast.Call {
	if t := x.Type; t != nil && gr.IsOptimizedKind(t.Kind()) {
		return funcCall(c, []xr.Type{t}, []xr.Type{t}, []*fast.Expr{x}, func(vs []reflect.Value) []reflect.Value { return vs })
	}
	return direct(c, x, x.Type, func(v xr.Value) xr.Value { return v })
}

// pointerProxy converts a pointer to a cell-declared type to the compiled
// interface iface when some of the methods iface needs have value
// receivers: gomacro's proxy calls those with the pointer ("reflect: Call
// using *struct as type struct"). This proxy holds the pointer, as Go's
// interface value would, and calls a value method on what the pointer
// points to when it is called; the other methods are gomacro's. nil when
// gomacro's own conversion is right.
func pointerProxy(c *fast.Comp, t, iface xr.Type) func(xr.Value) xr.Value {
	if t == nil || iface == nil || t.Kind() != reflect.Ptr || !cellType(t.Elem()) || iface.Kind() != reflect.Interface ||
		iface.NumMethod() == 0 || xr.IsEmulatedInterface(iface) || !t.Implements(iface) {
		return nil
	}
	rtout := iface.ReflectType()
	var value []int // iface's methods with value receivers, by the proxy's method index
	for i := range rtout.NumMethod() {
		m, n := t.Elem().MethodByName(rtout.Method(i).Name, "")
		if n == 1 && m.Type != nil && m.Type.NumIn() > 0 && m.Type.In(0).Kind() != reflect.Ptr {
			value = append(value, i)
		}
	}
	if len(value) == 0 {
		return nil
	}
	ptrConv, ok := converter(c, t, iface)
	if !ok || ptrConv == nil {
		return nil
	}
	elemConv, ok := converter(c, t.Elem(), iface)
	if !ok || elemConv == nil {
		return nil
	}
	defer func() { recover() }() // no proxy: gomacro's conversion stays
	rtproxy := c.InterfaceProxy(iface)
	// the value methods, made once: each reads the pointer from the
	// proxy's Object when it is called
	methods := make([]reflect.Value, len(value))
	for k, i := range value {
		name := rtout.Method(i).Name
		methods[k] = reflect.MakeFunc(rtproxy.Field(i+1).Type, func(args []reflect.Value) []reflect.Value {
			ptr := args[0].Interface().(xr.InterfaceHeader).Value().ReflectValue()
			m := elemConv(xr.MakeValue(ptr.Elem())).ReflectValue()
			if m.Kind() == reflect.Interface {
				m = m.Elem()
			}
			return m.MethodByName(name).Call(args[1:])
		})
	}
	return func(v xr.Value) xr.Value {
		if v.IsNil() {
			return ptrConv(v)
		}
		p := reflect.New(rtproxy)
		gp := ptrConv(v).ReflectValue()
		if gp.Kind() == reflect.Interface {
			gp = gp.Elem()
		}
		p.Elem().Set(gp.Elem()) // gomacro's: Object and the pointer methods
		for k, i := range value {
			p.Elem().Field(i + 1).Set(methods[k])
		}
		out := reflect.New(rtout).Elem()
		out.Set(p)
		return xr.MakeValue(out)
	}
}

// direct is a call of fn on x that gomacro makes directly (a builtin of
// type func(xr.Value) xr.Value), with a result of type out.
func direct(c *fast.Comp, x *fast.Expr, out xr.Type, fn func(xr.Value) xr.Value) *fast.Call {
	return &fast.Call{Fun: &fast.Expr{Lit: fast.Lit{Type: c.Universe.FuncOf([]xr.Type{x.Type}, []xr.Type{out}, false), Value: fn}},
		Args: []*fast.Expr{x}, OutTypes: []xr.Type{out}}
}

var anyType = reflect.TypeFor[any]()

// boxCall compiles storing x, of static type t, in an empty interface.
func boxCall(c *fast.Comp, x *fast.Expr, t xr.Type, boxerOf func(*fast.Comp, xr.Type) *boxer) *fast.Call {
	anyT := c.TypeOfInterface()
	switch {
	case t == nil:
		return direct(c, x, anyT, func(v xr.Value) xr.Value { return xr.MakeValue(toAny(v.ReflectValue())) })
	case t.Kind() == reflect.Interface && t.NumMethod() == 0:
		return direct(c, x, anyT, func(v xr.Value) xr.Value { return v })
	case t.Kind() == reflect.Interface:
		// a non-empty interface may hold a gomacro proxy, which gomacro's
		// own conversion to any would unwrap
		emulated := xr.IsEmulatedInterface(t)
		return direct(c, x, anyT, func(v xr.Value) xr.Value {
			val, xt := extract(v.ReflectValue(), emulated)
			if xt != nil && mentionsCell(xt, 0) {
				return xr.MakeValue(boxerOf(c, xt).box(val))
			}
			return xr.MakeValue(toAny(val))
		})
	case mentionsCell(t, 0):
		b := boxerOf(c, t)
		return direct(c, x, anyT, func(v xr.Value) xr.Value { return xr.MakeValue(b.box(v.ReflectValue())) })
	}
	return direct(c, x, anyT, func(v xr.Value) xr.Value { return xr.MakeValue(toAny(v.ReflectValue())) })
}

// extract is the value an interface value holds, and its interpreted type
// when it is a box, a gomacro proxy or an emulated interface.
func extract(v reflect.Value, emulated bool) (reflect.Value, xr.Type) {
	if emulated {
		if !v.IsValid() || v.IsNil() {
			return reflect.Value{}, nil
		}
		val, t := xr.FromEmulatedInterface(xr.MakeValue(v))
		return val.ReflectValue(), t
	}
	if v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	if v.Kind() == reflect.Ptr && !v.IsNil() && v.Elem().Kind() == reflect.Struct && v.Elem().NumField() > 0 &&
		v.Elem().Type().Field(0).Name == "Object" {
		if h, ok := v.Elem().Field(0).Interface().(xr.InterfaceHeader); ok {
			return h.Value().ReflectValue(), h.Type()
		}
	}
	return v, nil
}

// mentionsCell reports whether t is, or is built from, a cell-declared
// type: compiled code would see a different type.
func mentionsCell(t xr.Type, depth int) bool {
	if t == nil || depth > 8 {
		return false
	}
	if cellType(t) {
		return true
	}
	if t.Named() {
		return false
	}
	switch t.Kind() {
	case reflect.Ptr, reflect.Slice, reflect.Array, reflect.Chan:
		return mentionsCell(t.Elem(), depth+1)
	case reflect.Map:
		return mentionsCell(t.Key(), depth+1) || mentionsCell(t.Elem(), depth+1)
	case reflect.Struct:
		for i := range t.NumField() {
			if mentionsCell(t.Field(i).Type, depth+1) {
				return true
			}
		}
	}
	return false
}

// typeCache keeps a value per interpreted type; safe for goroutines of
// cells. (xr.Type is a func type, no map key.)
type typeCache[V any] struct {
	mu sync.Mutex
	m  map[reflect.Type][]typeEntry[V]
}

type typeEntry[V any] struct {
	t xr.Type
	v V
}

func (tc *typeCache[V]) get(t xr.Type, make func() V) V {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	rt := t.ReflectType()
	for _, e := range tc.m[rt] {
		if e.t.IdenticalTo(t) {
			return e.v
		}
	}
	v := make()
	if tc.m == nil {
		tc.m = map[reflect.Type][]typeEntry[V]{}
	}
	tc.m[rt] = append(tc.m[rt], typeEntry[V]{t, v})
	return v
}

// boxer boxes values of one type.
type boxer struct {
	t      xr.Type
	kind   int // 0: value, 1: with String, 2: with Error
	format func(any, fmt.State, rune)
	json   func(any) ([]byte, error)
	text   func(any) string // String or Error

	mu       sync.Mutex
	interned map[any]weakBox
	sweepAt  int // table size at which collected boxes are dropped
}

func headerValue(obj any) reflect.Value {
	return obj.(xr.InterfaceHeader).Value().ReflectValue()
}

// newBoxer compiles what a box of t does: fmt as in fmtwrap.go, json as
// json.Marshal of the value would in a compiled program.
func newBoxer(c *fast.Comp, t xr.Type) *boxer {
	stringer := c.TypeOf((*fmt.Stringer)(nil)).Elem()
	b := &boxer{t: t}
	f := operand(c, t, stringer, 0)
	b.format = func(obj any, s fmt.State, verb rune) {
		v := headerValue(obj)
		var x any
		if f != nil {
			x = f(v)
		} else if v.IsValid() {
			x = v.Interface()
		}
		fmt.Fprintf(s, fmt.FormatString(s, verb), x)
	}
	b.json = jsonOf(c, t)
	var iface xr.Type
	if _, n := t.MethodByName("Error", ""); n == 1 {
		iface, b.kind = c.TypeOf((*error)(nil)).Elem(), 2
	} else if _, n := t.MethodByName("String", ""); n == 1 {
		iface, b.kind = stringer, 1
	}
	if iface != nil {
		conv, ok := methodConverter(c, t, iface)
		if !ok || conv == nil {
			b.kind = 0
		} else {
			b.text = func(obj any) string {
				pv := conv(xr.MakeValue(headerValue(obj))).ReflectValue()
				if pv.Kind() == reflect.Interface {
					pv = pv.Elem()
				}
				switch m := pv.Interface().(type) {
				case error:
					return m.Error()
				case fmt.Stringer:
					return m.String()
				}
				return ""
			}
		}
	}
	return b
}

// jsonOf is what json.Marshal gives for a value of t: the cell's
// MarshalJSON or MarshalText, or the value's encoding.
func jsonOf(c *fast.Comp, t xr.Type) func(any) ([]byte, error) {
	if iface := marshalMethod(c, t); iface != nil {
		if conv, ok := methodConverter(c, t, iface); ok && conv != nil {
			return func(obj any) ([]byte, error) {
				return json.Marshal(conv(xr.MakeValue(headerValue(obj))).ReflectValue().Interface())
			}
		}
	}
	if n := nestedMarshaler(c, t, 0, map[string]bool{}); n != "" {
		return func(any) ([]byte, error) {
			return nil, fmt.Errorf("json cannot call the MarshalJSON or MarshalText method of %s inside %s: compiled code sees a cell-declared type as its underlying type", n, goTypeName(t))
		}
	}
	return func(obj any) ([]byte, error) {
		v := headerValue(obj)
		if !v.IsValid() {
			return []byte("null"), nil
		}
		return json.Marshal(v.Interface())
	}
}

// box stores v, of the boxer's type, in an empty interface. Equal
// comparable values get the same box: a box is a pointer, and Go's maps
// keyed by any and compiled == compare what they hold (gomacro's == looks
// into boxes itself). The table holds its boxes weakly.
func (b *boxer) box(v reflect.Value) reflect.Value {
	out := reflect.New(anyType).Elem()
	var key any
	if v.IsValid() && v.Comparable() {
		key = v.Interface()
		b.mu.Lock()
		var p any
		if get := b.interned[key]; get != nil {
			p = get()
		}
		b.mu.Unlock()
		if p != nil {
			out.Set(reflect.ValueOf(p))
			return out
		}
	}
	h := xr.MakeInterfaceHeader(xr.MakeValue(v), b.t)
	var p any
	switch b.kind {
	case 1:
		p = intern(b, key, &cellStringerBox{Object: h, Format_: b.format, MarshalJSON_: b.json, String_: b.text})
	case 2:
		p = intern(b, key, &cellErrorBox{Object: h, Error_: b.text, Format_: b.format, MarshalJSON_: b.json})
	default:
		p = intern(b, key, &cellValueBox{Object: h, Format_: b.format, MarshalJSON_: b.json})
	}
	out.Set(reflect.ValueOf(p))
	return out
}

// weakBox gives a box while something else holds it, nil after.
type weakBox func() any

// intern keeps box p of the comparable value key (nil: none) in b's table
// until the box is collected.
func intern[T any](b *boxer, key any, p *T) *T {
	if key == nil {
		return p
	}
	w := weak.Make(p)
	get := func() any {
		if q := w.Value(); q != nil {
			return q
		}
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.interned == nil {
		b.interned = map[any]weakBox{}
	}
	b.interned[key] = get
	if len(b.interned) > b.sweepAt {
		// drop the collected boxes once the table has doubled
		for k, get := range b.interned {
			if get() == nil {
				delete(b.interned, k)
			}
		}
		b.sweepAt = 2*len(b.interned) + 1024
	}
	return p
}

// assertionError is the panic of a failed x.(T), worded as Go's.
type assertionError struct{ msg string }

func (e *assertionError) Error() string { return e.msg }
func (*assertionError) RuntimeError()   {}

// compileAssert compiles __hb_assert(x, T) and __hb_assert2(x, T): x.(T)
// that looks into boxes and proxies for the value's interpreted type.
func compileAssert(c *fast.Comp, node *ast.CallExpr, commaOK, test bool) *fast.Call {
	x := c.Expr1(node.Args[0], nil)
	tin := x.Type
	tout := c.Type(node.Args[1])
	if tin == nil || tin.Kind() != reflect.Interface {
		c.Errorf("invalid operation: %v (of type %v) is not an interface", node.Args[0], tin)
	}
	if tout.Kind() != reflect.Interface && !tout.Implements(tin) {
		c.Errorf("impossible type assertion: %v\n\t%v does not implement %v", node.Args[0], goTypeName(tout), ifaceName(tin))
	}
	emulated := xr.IsEmulatedInterface(tin)
	rtout := tout.ReflectType()
	var convs typeCache[func(xr.Value) xr.Value]
	convOf := func(t xr.Type) func(xr.Value) xr.Value {
		return convs.get(t, func() func(xr.Value) xr.Value {
			conv, _ := converter(c, t, tout)
			return conv
		})
	}
	assert := func(v reflect.Value) (reflect.Value, bool, string) {
		val, xt := extract(v, emulated)
		if !val.IsValid() {
			return reflect.Zero(rtout), false, "nil"
		}
		dyn := val.Type().String()
		if xt != nil {
			dyn = goTypeName(xt)
		}
		switch {
		case tout.Kind() != reflect.Interface:
			// a plain value is of the type compiled code sees: a value of
			// a cell-declared type that compiled code stored is of the
			// underlying type
			if xt != nil && !xt.IdenticalTo(tout) || xt == nil && (val.Type() != rtout || cellType(tout)) {
				return reflect.Zero(rtout), false, dyn
			}
			if val.Type() != rtout {
				val = val.Convert(rtout)
			}
			return val, true, dyn
		case tout.NumMethod() == 0:
			out := reflect.New(rtout).Elem()
			out.Set(v)
			return out, true, dyn
		}
		if xt == nil {
			if !xr.IsEmulatedInterface(tout) {
				if !val.Type().Implements(rtout) {
					return reflect.Zero(rtout), false, dyn
				}
				out := reflect.New(rtout).Elem()
				out.Set(val)
				return out, true, dyn
			}
			xt = c.Universe.FromReflectType(val.Type())
		}
		if !xt.IdenticalTo(tout) && !xt.Implements(tout) {
			return reflect.Zero(rtout), false, dyn
		}
		conv := convOf(xt)
		if conv == nil {
			return reflect.Zero(rtout), false, dyn
		}
		return conv(xr.MakeValue(val)).ReflectValue(), true, dyn
	}
	boolT := c.TypeOf(true)
	if test {
		// an int (1: holds), which gomacro calls directly as it calls len
		intT := c.TypeOf(0)
		is := func(v xr.Value) int {
			if _, ok, _ := assert(v.ReflectValue()); ok {
				return 1
			}
			return 0
		}
		return &fast.Call{Fun: &fast.Expr{Lit: fast.Lit{Type: c.Universe.FuncOf([]xr.Type{tin}, []xr.Type{intT}, false), Value: is}},
			Args: []*fast.Expr{x}, OutTypes: []xr.Type{intT}}
	}
	if commaOK {
		return funcCall(c, []xr.Type{tin}, []xr.Type{tout, boolT}, []*fast.Expr{x}, func(vs []reflect.Value) []reflect.Value {
			out, ok, _ := assert(vs[0])
			return []reflect.Value{out, reflect.ValueOf(ok)}
		})
	}
	fail := func(dyn string, xt xr.Type) {
		msg := fmt.Sprintf("interface conversion: %s is %s, not %s", ifaceName(tin), dyn, goTypeName(tout))
		if tout.Kind() == reflect.Interface && dyn != "nil" {
			msg = fmt.Sprintf("interface conversion: %s is not %s: missing method", dyn, goTypeName(tout))
			if m := missingMethod(c, xt, tout); m != "" {
				msg += " " + m
			}
		}
		panic(&assertionError{msg})
	}
	if gr.IsOptimizedKind(tout.Kind()) {
		return funcCall(c, []xr.Type{tin}, []xr.Type{tout}, []*fast.Expr{x}, func(vs []reflect.Value) []reflect.Value {
			out, ok, dyn := assert(vs[0])
			if !ok {
				_, xt := extract(vs[0], emulated)
				fail(dyn, xt)
			}
			return []reflect.Value{out}
		})
	}
	return direct(c, x, tout, func(v xr.Value) xr.Value {
		out, ok, dyn := assert(v.ReflectValue())
		if !ok {
			_, xt := extract(v.ReflectValue(), emulated)
			fail(dyn, xt)
		}
		return xr.MakeValue(out)
	})
}

// missingMethod names a method of iface that t (nil: unknown) lacks.
func missingMethod(c *fast.Comp, t, iface xr.Type) string {
	if t != nil {
		if m := xr.MissingMethod(t, iface); m != nil {
			return m.Name
		}
	}
	if iface.NumMethod() > 0 {
		return iface.Method(0).Name
	}
	return ""
}

// ifaceName is an interface type's name as Go's messages print it.
func ifaceName(t xr.Type) string {
	if t.Kind() == reflect.Interface && t.NumMethod() == 0 && !t.Named() {
		return "interface {}"
	}
	return goTypeName(t)
}
