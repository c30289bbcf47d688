package interp

import (
	"go/ast"
	"math"
	"reflect"
	"sort"

	"github.com/cosmos72/gomacro/fast"
	xr "github.com/cosmos72/gomacro/xreflect"
)

// The most used functions of the generic packages slices, maps and cmp are
// builtins of the engine: a call `slices.Sort(xs)` is rewritten to
// `__hb_slices_Sort(xs)` (rewriteGenericStd), whose compile function checks
// the arguments' types as Go's type inference would and works through
// reflect. Other functions of these packages are a compile error naming
// them.

// genericStd lists the functions provided, by package, with their argument
// counts.
var genericStd = map[string]map[string][2]int{
	"slices": {
		"Sort": {1, 1}, "SortFunc": {2, 2}, "SortStableFunc": {2, 2}, "IsSorted": {1, 1},
		"Contains": {2, 2}, "ContainsFunc": {2, 2}, "Index": {2, 2}, "IndexFunc": {2, 2},
		"Reverse": {1, 1}, "Max": {1, 1}, "Min": {1, 1}, "Equal": {2, 2},
		"Sorted": {1, 1}, "Collect": {1, 1}, "Values": {1, 1},
	},
	"maps": {"Keys": {1, 1}, "Values": {1, 1}, "Clone": {1, 1}},
	"cmp":  {"Compare": {2, 2}, "Less": {2, 2}},
}

func genericStdName(pkg, name string) string { return "__hb_" + pkg + "_" + name }

// rewriteGenericStd renames a call of a provided generic function; a call
// of another one of these packages' functions is left for gomacro, whose
// error the engine explains.
func rewriteGenericStd(call *ast.CallExpr) {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok {
		return
	}
	if _, ok := genericStd[pkg.Name][sel.Sel.Name]; ok {
		call.Fun = &ast.Ident{NamePos: sel.Pos(), Name: genericStdName(pkg.Name, sel.Sel.Name)}
	}
}

func (e *Engine) declareGenericStd() {
	for pkg, funcs := range genericStd {
		for name, n := range funcs {
			compile := genericCompilers[pkg+"."+name]
			e.ir.DeclBuiltin(genericStdName(pkg, name), fast.Builtin{Compile: func(c *fast.Comp, sym fast.Symbol, node *ast.CallExpr) *fast.Call {
				args := make([]*fast.Expr, len(node.Args))
				for i, a := range node.Args {
					args[i] = c.Expr1(a, nil)
				}
				return compile(c, node, args)
			}, ArgMin: uint16(n[0]), ArgMax: uint16(n[1])})
		}
	}
}

type genericCompiler func(c *fast.Comp, node *ast.CallExpr, args []*fast.Expr) *fast.Call

// ordered reports whether values of kind k can be compared with <.
func ordered(k reflect.Kind) bool {
	return isIntKind(k) || k == reflect.Float32 || k == reflect.Float64 || k == reflect.String
}

// compareValues is cmp.Compare on two values of one ordered kind: a NaN is
// less than any other float and equal to a NaN.
func compareValues(a, b reflect.Value) int {
	switch k := a.Kind(); {
	case k >= reflect.Int && k <= reflect.Int64:
		return cmp3(a.Int() < b.Int(), a.Int() > b.Int())
	case isIntKind(k):
		return cmp3(a.Uint() < b.Uint(), a.Uint() > b.Uint())
	case k == reflect.String:
		return cmp3(a.String() < b.String(), a.String() > b.String())
	default:
		x, y := a.Float(), b.Float()
		xn, yn := math.IsNaN(x), math.IsNaN(y)
		switch {
		case xn && yn:
			return 0
		case xn:
			return -1
		case yn:
			return 1
		}
		return cmp3(x < y, x > y)
	}
}

func cmp3(less, greater bool) int {
	switch {
	case less:
		return -1
	case greater:
		return 1
	}
	return 0
}

func untypedTo(args []*fast.Expr, t xr.Type) {
	for _, a := range args {
		if a.Untyped() {
			a.ConstTo(t)
		}
	}
}

func defaultType(a *fast.Expr) xr.Type {
	if a.Untyped() {
		t := a.DefaultType()
		a.ConstTo(t)
		return t
	}
	return a.Type
}

// sliceArg checks that args[0] is a slice (of an ordered type if ord).
func sliceArg(c *fast.Comp, node *ast.CallExpr, args []*fast.Expr, ord bool) xr.Type {
	t := args[0].Type
	if t == nil || t.Kind() != reflect.Slice {
		c.Errorf("invalid argument: %v (%v) is not a slice", node.Args[0], t)
	}
	if ord && !ordered(t.Elem().Kind()) {
		c.Errorf("invalid argument: the elements of %v (%v) are not ordered (integers, floats or strings)", node.Args[0], t)
	}
	return t
}

func seqOf(c *fast.Comp, elem xr.Type) xr.Type {
	return c.Universe.FuncOf([]xr.Type{c.Universe.FuncOf([]xr.Type{elem}, []xr.Type{c.TypeOf(true)}, false)}, nil, false)
}

// seqArg checks that args[0] is a function shaped like iter.Seq[E] and
// returns E.
func seqArg(c *fast.Comp, node *ast.CallExpr, args []*fast.Expr) xr.Type {
	t := args[0].Type
	if t == nil || t.Kind() != reflect.Func || t.NumIn() != 1 || t.NumOut() != 0 || t.In(0).Kind() != reflect.Func ||
		t.In(0).NumIn() != 1 || t.In(0).NumOut() != 1 || t.In(0).Out(0).Kind() != reflect.Bool {
		c.Errorf("invalid argument: %v (%v) is not an iter.Seq (func(yield func(E) bool))", node.Args[0], t)
	}
	return t.In(0).In(0)
}

// collect calls the sequence seq and gathers what it yields into a slice
// of type st.
func collect(seq reflect.Value, st reflect.Type) reflect.Value {
	out := reflect.MakeSlice(st, 0, 8)
	yield := reflect.MakeFunc(seq.Type().In(0), func(a []reflect.Value) []reflect.Value {
		out = reflect.Append(out, a[0])
		return []reflect.Value{reflect.ValueOf(true)}
	})
	seq.Call([]reflect.Value{yield})
	return out
}

// sequence makes an iter.Seq of type st yielding n values from at.
func sequence(st reflect.Type, n func() int, at func(int) reflect.Value) reflect.Value {
	return reflect.MakeFunc(st, func(a []reflect.Value) []reflect.Value {
		yield := a[0]
		for i := range n() {
			if !yield.Call([]reflect.Value{at(i)})[0].Bool() {
				break
			}
		}
		return nil
	})
}

func sortValues(s reflect.Value, less func(i, j int) bool, stable bool) {
	if stable {
		sort.SliceStable(s.Interface(), less)
	} else {
		sort.Slice(s.Interface(), less)
	}
}

var intT = reflect.TypeOf(0)

var genericCompilers = map[string]genericCompiler{
	"slices.Sort": func(c *fast.Comp, node *ast.CallExpr, args []*fast.Expr) *fast.Call {
		t := sliceArg(c, node, args, true)
		return funcCall(c, []xr.Type{t}, []xr.Type{}, args, func(v []reflect.Value) []reflect.Value {
			s := v[0]
			sortValues(s, func(i, j int) bool { return compareValues(s.Index(i), s.Index(j)) < 0 }, false)
			return nil
		})
	},
	"slices.IsSorted": func(c *fast.Comp, node *ast.CallExpr, args []*fast.Expr) *fast.Call {
		t := sliceArg(c, node, args, true)
		return funcCall(c, []xr.Type{t}, []xr.Type{c.TypeOf(true)}, args, func(v []reflect.Value) []reflect.Value {
			s := v[0]
			for i := 1; i < s.Len(); i++ {
				if compareValues(s.Index(i), s.Index(i-1)) < 0 {
					return []reflect.Value{reflect.ValueOf(false)}
				}
			}
			return []reflect.Value{reflect.ValueOf(true)}
		})
	},
	"slices.SortFunc":       sortFunc(false),
	"slices.SortStableFunc": sortFunc(true),
	"slices.Contains": func(c *fast.Comp, node *ast.CallExpr, args []*fast.Expr) *fast.Call {
		return indexCall(c, node, args, true)
	},
	"slices.Index": func(c *fast.Comp, node *ast.CallExpr, args []*fast.Expr) *fast.Call {
		return indexCall(c, node, args, false)
	},
	"slices.ContainsFunc": func(c *fast.Comp, node *ast.CallExpr, args []*fast.Expr) *fast.Call {
		return indexFuncCall(c, node, args, true)
	},
	"slices.IndexFunc": func(c *fast.Comp, node *ast.CallExpr, args []*fast.Expr) *fast.Call {
		return indexFuncCall(c, node, args, false)
	},
	"slices.Reverse": func(c *fast.Comp, node *ast.CallExpr, args []*fast.Expr) *fast.Call {
		t := sliceArg(c, node, args, false)
		return funcCall(c, []xr.Type{t}, []xr.Type{}, args, func(v []reflect.Value) []reflect.Value {
			s := v[0]
			swap := reflect.Swapper(s.Interface())
			for i, j := 0, s.Len()-1; i < j; i, j = i+1, j-1 {
				swap(i, j)
			}
			return nil
		})
	},
	"slices.Max": func(c *fast.Comp, node *ast.CallExpr, args []*fast.Expr) *fast.Call {
		return minMaxCall(c, node, args, 1)
	},
	"slices.Min": func(c *fast.Comp, node *ast.CallExpr, args []*fast.Expr) *fast.Call {
		return minMaxCall(c, node, args, -1)
	},
	"slices.Equal": func(c *fast.Comp, node *ast.CallExpr, args []*fast.Expr) *fast.Call {
		t := sliceArg(c, node, args, false)
		if args[1].Type == nil {
			args[1].ConstTo(t)
		} else if !args[1].Type.IdenticalTo(t) {
			c.Errorf("invalid argument: %v (%v) and %v (%v) are different slice types", node.Args[0], t, node.Args[1], args[1].Type)
		}
		if !t.Elem().Comparable() {
			c.Errorf("invalid argument: the elements of %v (%v) are not comparable", node.Args[0], t)
		}
		return funcCall(c, []xr.Type{t, t}, []xr.Type{c.TypeOf(true)}, args, func(v []reflect.Value) []reflect.Value {
			a, b := v[0], v[1]
			eq := a.Len() == b.Len()
			for i := 0; eq && i < a.Len(); i++ {
				eq = a.Index(i).Equal(b.Index(i))
			}
			return []reflect.Value{reflect.ValueOf(eq)}
		})
	},
	"slices.Sorted": func(c *fast.Comp, node *ast.CallExpr, args []*fast.Expr) *fast.Call {
		e := seqArg(c, node, args)
		if !ordered(e.Kind()) {
			c.Errorf("invalid argument: %v yields %v, which is not ordered", node.Args[0], e)
		}
		st := c.Universe.SliceOf(e)
		return funcCall(c, []xr.Type{args[0].Type}, []xr.Type{st}, args, func(v []reflect.Value) []reflect.Value {
			s := collect(v[0], st.ReflectType())
			sortValues(s, func(i, j int) bool { return compareValues(s.Index(i), s.Index(j)) < 0 }, false)
			return []reflect.Value{s}
		})
	},
	"slices.Collect": func(c *fast.Comp, node *ast.CallExpr, args []*fast.Expr) *fast.Call {
		st := c.Universe.SliceOf(seqArg(c, node, args))
		return funcCall(c, []xr.Type{args[0].Type}, []xr.Type{st}, args, func(v []reflect.Value) []reflect.Value {
			s := collect(v[0], st.ReflectType())
			if s.Len() == 0 {
				s = reflect.Zero(st.ReflectType()) // Collect of nothing is nil
			}
			return []reflect.Value{s}
		})
	},
	"slices.Values": func(c *fast.Comp, node *ast.CallExpr, args []*fast.Expr) *fast.Call {
		t := sliceArg(c, node, args, false)
		seq := seqOf(c, t.Elem())
		return funcCall(c, []xr.Type{t}, []xr.Type{seq}, args, func(v []reflect.Value) []reflect.Value {
			s := v[0]
			return []reflect.Value{sequence(seq.ReflectType(), s.Len, s.Index)}
		})
	},
	"maps.Keys":   mapSeq(true),
	"maps.Values": mapSeq(false),
	"maps.Clone": func(c *fast.Comp, node *ast.CallExpr, args []*fast.Expr) *fast.Call {
		t := args[0].Type
		if t == nil || t.Kind() != reflect.Map {
			c.Errorf("invalid argument: %v (%v) is not a map", node.Args[0], t)
		}
		return funcCall(c, []xr.Type{t}, []xr.Type{t}, args, func(v []reflect.Value) []reflect.Value {
			m := v[0]
			if m.IsNil() {
				return []reflect.Value{m}
			}
			out := reflect.MakeMapWithSize(m.Type(), m.Len())
			for it := m.MapRange(); it.Next(); {
				out.SetMapIndex(it.Key(), it.Value())
			}
			return []reflect.Value{out}
		})
	},
	"cmp.Compare": func(c *fast.Comp, node *ast.CallExpr, args []*fast.Expr) *fast.Call {
		t := cmpArgs(c, node, args)
		return funcCall(c, []xr.Type{t, t}, []xr.Type{c.TypeOf(0)}, args, func(v []reflect.Value) []reflect.Value {
			return []reflect.Value{reflect.ValueOf(compareValues(v[0], v[1]))}
		})
	},
	"cmp.Less": func(c *fast.Comp, node *ast.CallExpr, args []*fast.Expr) *fast.Call {
		t := cmpArgs(c, node, args)
		return funcCall(c, []xr.Type{t, t}, []xr.Type{c.TypeOf(true)}, args, func(v []reflect.Value) []reflect.Value {
			return []reflect.Value{reflect.ValueOf(compareValues(v[0], v[1]) < 0)}
		})
	},
}

func cmpArgs(c *fast.Comp, node *ast.CallExpr, args []*fast.Expr) xr.Type {
	var t xr.Type
	for _, a := range args {
		if !a.Untyped() {
			t = a.Type
			break
		}
	}
	if t == nil {
		t = defaultType(args[0])
	}
	untypedTo(args, t)
	for i, a := range args {
		if !a.Type.IdenticalTo(t) {
			c.Errorf("invalid argument: mismatched types %v and %v (%v)", t, a.Type, node.Args[i])
		}
	}
	if !ordered(t.Kind()) {
		c.Errorf("invalid argument: %v is not ordered (integers, floats or strings)", t)
	}
	return t
}

func sortFunc(stable bool) genericCompiler {
	return func(c *fast.Comp, node *ast.CallExpr, args []*fast.Expr) *fast.Call {
		t := sliceArg(c, node, args, false)
		ft := args[1].Type
		if ft == nil || ft.Kind() != reflect.Func || ft.NumIn() != 2 || ft.NumOut() != 1 || ft.Out(0).Kind() != reflect.Int ||
			!ft.In(0).IdenticalTo(t.Elem()) || !ft.In(1).IdenticalTo(t.Elem()) {
			c.Errorf("invalid argument: %v (%v) is not a func(a, b %v) int", node.Args[1], ft, t.Elem())
		}
		return funcCall(c, []xr.Type{t, ft}, []xr.Type{}, args, func(v []reflect.Value) []reflect.Value {
			s, f := v[0], v[1]
			sortValues(s, func(i, j int) bool {
				return f.Call([]reflect.Value{s.Index(i), s.Index(j)})[0].Int() < 0
			}, stable)
			return nil
		})
	}
}

func indexCall(c *fast.Comp, node *ast.CallExpr, args []*fast.Expr, contains bool) *fast.Call {
	t := sliceArg(c, node, args, false)
	if args[1].Untyped() || args[1].Type == nil {
		args[1].ConstTo(t.Elem())
	} else if !args[1].Type.AssignableTo(t.Elem()) {
		c.Errorf("invalid argument: %v (%v) is not a %v", node.Args[1], args[1].Type, t.Elem())
	} else if e := t.Elem(); e.Kind() == reflect.Interface && e.NumMethod() == 0 && mentionsCell(args[1].Type, 0) {
		// the elements hold boxes (anybox.go): so must the value
		args[1] = c.Expr1(builtinCall(boxBuiltin, node.Args[1], node.Args[1]), nil)
	}
	if !t.Elem().Comparable() {
		c.Errorf("invalid argument: the elements of %v (%v) are not comparable", node.Args[0], t)
	}
	out := c.TypeOf(0)
	if contains {
		out = c.TypeOf(true)
	}
	return funcCall(c, []xr.Type{t, t.Elem()}, []xr.Type{out}, args, func(v []reflect.Value) []reflect.Value {
		s, x := v[0], v[1]
		i := -1
		for j := range s.Len() {
			if s.Index(j).Equal(x) {
				i = j
				break
			}
		}
		if contains {
			return []reflect.Value{reflect.ValueOf(i >= 0)}
		}
		return []reflect.Value{reflect.ValueOf(i)}
	})
}

func indexFuncCall(c *fast.Comp, node *ast.CallExpr, args []*fast.Expr, contains bool) *fast.Call {
	t := sliceArg(c, node, args, false)
	ft := args[1].Type
	if ft == nil || ft.Kind() != reflect.Func || ft.NumIn() != 1 || ft.NumOut() != 1 || ft.Out(0).Kind() != reflect.Bool || !ft.In(0).IdenticalTo(t.Elem()) {
		c.Errorf("invalid argument: %v (%v) is not a func(%v) bool", node.Args[1], ft, t.Elem())
	}
	out := c.TypeOf(0)
	if contains {
		out = c.TypeOf(true)
	}
	return funcCall(c, []xr.Type{t, ft}, []xr.Type{out}, args, func(v []reflect.Value) []reflect.Value {
		s, f := v[0], v[1]
		i := -1
		for j := range s.Len() {
			if f.Call([]reflect.Value{s.Index(j)})[0].Bool() {
				i = j
				break
			}
		}
		if contains {
			return []reflect.Value{reflect.ValueOf(i >= 0)}
		}
		return []reflect.Value{reflect.ValueOf(i).Convert(intT)}
	})
}

func minMaxCall(c *fast.Comp, node *ast.CallExpr, args []*fast.Expr, sign int) *fast.Call {
	t := sliceArg(c, node, args, true)
	name := map[int]string{1: "slices.Max", -1: "slices.Min"}[sign]
	return funcCall(c, []xr.Type{t}, []xr.Type{t.Elem()}, args, func(v []reflect.Value) []reflect.Value {
		s := v[0]
		if s.Len() == 0 {
			panic(name + ": empty list")
		}
		best := s.Index(0)
		if (best.Kind() == reflect.Float32 || best.Kind() == reflect.Float64) && math.IsNaN(best.Float()) {
			return []reflect.Value{best}
		}
		for i := 1; i < s.Len(); i++ {
			x := s.Index(i)
			if x.Kind() == reflect.Float32 || x.Kind() == reflect.Float64 {
				if math.IsNaN(x.Float()) {
					return []reflect.Value{x}
				}
			}
			if compareValues(x, best)*sign > 0 {
				best = x
			}
		}
		return []reflect.Value{best}
	})
}

func mapSeq(keys bool) genericCompiler {
	return func(c *fast.Comp, node *ast.CallExpr, args []*fast.Expr) *fast.Call {
		t := args[0].Type
		if t == nil || t.Kind() != reflect.Map {
			c.Errorf("invalid argument: %v (%v) is not a map", node.Args[0], t)
		}
		elem := t.Elem()
		if keys {
			elem = t.Key()
		}
		seq := seqOf(c, elem)
		return funcCall(c, []xr.Type{t}, []xr.Type{seq}, args, func(v []reflect.Value) []reflect.Value {
			m := v[0]
			return []reflect.Value{reflect.MakeFunc(seq.ReflectType(), func(a []reflect.Value) []reflect.Value {
				yield := a[0]
				for it := m.MapRange(); it.Next(); {
					x := it.Value()
					if keys {
						x = it.Key()
					}
					if !yield.Call([]reflect.Value{x})[0].Bool() {
						break
					}
				}
				return nil
			})}
		})
	}
}
