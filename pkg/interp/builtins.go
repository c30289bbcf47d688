package interp

import (
	"fmt"
	"go/ast"
	"go/token"
	"math"
	"reflect"

	"github.com/cosmos72/gomacro/fast"
	xr "github.com/cosmos72/gomacro/xreflect"
)

// declareBuiltins adds what gomacro lacks of Go 1.21–1.26's builtins (min,
// max, clear, new(expr)) and the __hb_range builtin that compiles range
// statements with Go 1.22+ semantics.
func (e *Engine) declareBuiltins() {
	ir := e.ir
	n := 0
	l := lowerer{n: &n, single: e.generics.singleResult, gate: e.gate}
	e.lower = l
	ir.DeclBuiltin(rangeBuiltin, fast.Builtin{Compile: func(c *fast.Comp, sym fast.Symbol, node *ast.CallExpr) *fast.Call {
		return compileRange(c, node, l)
	}, ArgMin: 1, ArgMax: 1})
	ir.DeclBuiltin("min", fast.Builtin{Compile: func(c *fast.Comp, sym fast.Symbol, node *ast.CallExpr) *fast.Call {
		return compileMinMax(c, node, "min")
	}, ArgMin: 1, ArgMax: 0xffff})
	ir.DeclBuiltin("max", fast.Builtin{Compile: func(c *fast.Comp, sym fast.Symbol, node *ast.CallExpr) *fast.Call {
		return compileMinMax(c, node, "max")
	}, ArgMin: 1, ArgMax: 0xffff})
	stringer := ir.Comp.TypeOf((*fmt.Stringer)(nil)).Elem()
	ir.DeclBuiltin(fmtBuiltin, fast.Builtin{Compile: func(c *fast.Comp, sym fast.Symbol, node *ast.CallExpr) *fast.Call {
		return compileFmt(c, node, stringer)
	}, ArgMin: 2, ArgMax: 2})
	e.declareGenericStd()
	e.declareCompiledCalls()
	e.declareBoxes()
	ir.DeclBuiltin(sliceBuiltin, fast.Builtin{Compile: compileSlice, ArgMin: 1, ArgMax: 1})
	ir.DeclBuiltin("clear", fast.Builtin{Compile: compileClear, ArgMin: 1, ArgMax: 1})
	ir.DeclBuiltin("copy", fast.Builtin{Compile: compileCopy, ArgMin: 2, ArgMax: 2})
	if sym := ir.Comp.TryResolve("new"); sym != nil {
		if orig, ok := sym.Value.(fast.Builtin); ok {
			ir.DeclBuiltin("new", fast.Builtin{Compile: func(c *fast.Comp, s fast.Symbol, node *ast.CallExpr) *fast.Call {
				return compileNew(c, s, node, orig)
			}, ArgMin: 1, ArgMax: 1})
		}
	}
}

// nopCall is what __hb_range returns after compiling the loop in place.
func nopCall(c *fast.Comp) *fast.Call {
	return funcCall(c, nil, []xr.Type{}, nil, func([]reflect.Value) []reflect.Value { return nil })
}

// funcCall is a call of impl, made a function of type func(in…) out… with
// reflect.MakeFunc, on args. The function is not a constant expression, so
// gomacro compiles an ordinary call with typed results instead of going
// through its table of builtin calling conventions.
func funcCall(c *fast.Comp, in []xr.Type, out []xr.Type, args []*fast.Expr, impl func([]reflect.Value) []reflect.Value) *fast.Call {
	t := c.Universe.FuncOf(in, out, false)
	fn := xr.MakeValue(reflect.MakeFunc(t.ReflectType(), impl))
	return &fast.Call{Fun: &fast.Expr{Lit: fast.Lit{Type: t}, Fun: func(*fast.Env) xr.Value { return fn }}, Args: args, OutTypes: out}
}

func isIntKind(k reflect.Kind) bool {
	return k >= reflect.Int && k <= reflect.Uintptr
}

// compileRange compiles the range statement inside a __hb_range wrapper.
func compileRange(c *fast.Comp, node *ast.CallExpr, l lowerer) *fast.Call {
	lit, ok := isRangeWrapper(node)
	if !ok || len(lit.Body.List) != 1 {
		c.Errorf("%s is reserved for the engine", rangeBuiltin)
	}
	stmt := lit.Body.List[0]
	var label *ast.Ident
	rs, ok := stmt.(*ast.RangeStmt)
	if ls, isLabeled := stmt.(*ast.LabeledStmt); isLabeled {
		label = ls.Label
		rs, ok = ls.Stmt.(*ast.RangeStmt)
	}
	if !ok {
		c.Errorf("%s is reserved for the engine", rangeBuiltin)
	}
	c.Pos = rs.X.Pos()
	x := c.Expr1(rs.X, nil)
	t := x.Type
	if x.Untyped() {
		t = x.DefaultType()
	}
	if t == nil {
		c.Errorf("cannot range over %v", rs.X)
	}
	switch {
	case isIntKind(t.Kind()):
		c.Stmt(l.rangeInt(rs, label, x.Untyped()))
	case t.Kind() == reflect.Func:
		c.Stmt(l.rangeFunc(c, rs, label, t, lit.Type.Results))
	default:
		c.Stmt(l.rangeCopy(rs, stmt))
	}
	return nopCall(c)
}

func blank(x ast.Expr) bool {
	id, ok := x.(*ast.Ident)
	return x == nil || ok && id.Name == "_"
}

// rangeCopy gives range loops over slices, arrays, strings, maps and
// channels Go 1.22's per-iteration variables: gomacro declares them once per
// loop and uses the key as the hidden counter, so `&v`, closures and `i++`
// in the body would see or steer the loop. The body starts with
// `k, v := k, v`, or for `k, v = range x` the loop declares fresh variables
// and the body assigns them to k, v.
func (l lowerer) rangeCopy(rs *ast.RangeStmt, stmt ast.Stmt) ast.Stmt {
	var vars []ast.Expr
	for _, x := range []ast.Expr{rs.Key, rs.Value} {
		if !blank(x) {
			vars = append(vars, x)
		}
	}
	if len(vars) == 0 || rs.Body == nil {
		return stmt
	}
	switch rs.Tok {
	case token.DEFINE:
		var names []string
		for _, v := range vars {
			names = append(names, v.(*ast.Ident).Name)
		}
		if !mayKeepRefs(rs.Body, names, true) {
			return stmt
		}
		var lhs, rhs []ast.Expr
		for _, n := range names {
			lhs = append(lhs, ast.NewIdent(n))
			rhs = append(rhs, ast.NewIdent(n))
		}
		rs.Body.List = append([]ast.Stmt{&ast.AssignStmt{Lhs: lhs, Tok: token.DEFINE, Rhs: rhs}}, rs.Body.List...)
	case token.ASSIGN:
		var lhs, rhs []ast.Expr
		fresh := func(x ast.Expr) ast.Expr {
			if blank(x) {
				return x
			}
			id := ast.NewIdent(l.fresh("k"))
			lhs = append(lhs, x)
			rhs = append(rhs, ast.NewIdent(id.Name))
			return id
		}
		rs.Key = fresh(rs.Key)
		if rs.Value != nil {
			rs.Value = fresh(rs.Value)
		}
		rs.Tok = token.DEFINE
		rs.Body.List = append([]ast.Stmt{&ast.AssignStmt{Lhs: lhs, Tok: token.ASSIGN, Rhs: rhs}}, rs.Body.List...)
	}
	return stmt
}

// rangeInt lowers `L: for i := range n { body }` (Go 1.22) to
//
//	{ _hb_n := n; L: for _hb_i := _hb_n - _hb_n; _hb_i < _hb_n; _hb_i++ { i := _hb_i; body } }
//
// n is evaluated once, the body's changes to i do not steer the loop and each
// iteration has its own i. An untyped constant n assigned to an existing
// variable takes that variable's type.
func (l lowerer) rangeInt(rs *ast.RangeStmt, label *ast.Ident, untyped bool) ast.Stmt {
	if rs.Value != nil && !blank(rs.Value) {
		return &ast.BadStmt{From: rs.Value.Pos(), To: rs.Value.End()} // reported below
	}
	nName, iName := l.fresh("n"), l.fresh("i")
	var first []ast.Stmt
	if rs.Tok == token.ASSIGN && untyped && !blank(rs.Key) {
		// var _hb_n = k; _hb_n = n: the constant takes k's type.
		first = []ast.Stmt{
			&ast.DeclStmt{Decl: &ast.GenDecl{Tok: token.VAR, Specs: []ast.Spec{&ast.ValueSpec{Names: []*ast.Ident{ast.NewIdent(nName)}, Values: []ast.Expr{rs.Key}}}}},
			&ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(nName)}, Tok: token.ASSIGN, Rhs: []ast.Expr{rs.X}},
		}
	} else {
		first = []ast.Stmt{&ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(nName)}, Tok: token.DEFINE, Rhs: []ast.Expr{rs.X}}}
	}
	body := rs.Body
	if body == nil {
		body = &ast.BlockStmt{}
	}
	if !blank(rs.Key) {
		body.List = append([]ast.Stmt{&ast.AssignStmt{Lhs: []ast.Expr{rs.Key}, Tok: rs.Tok, Rhs: []ast.Expr{ast.NewIdent(iName)}}}, body.List...)
	}
	var loop ast.Stmt = &ast.ForStmt{
		For:  rs.For,
		Init: &ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(iName)}, Tok: token.DEFINE, Rhs: []ast.Expr{&ast.BinaryExpr{X: ast.NewIdent(nName), Op: token.SUB, Y: ast.NewIdent(nName)}}},
		Cond: &ast.BinaryExpr{X: ast.NewIdent(iName), Op: token.LSS, Y: ast.NewIdent(nName)},
		Post: &ast.IncDecStmt{X: ast.NewIdent(iName), Tok: token.INC},
		Body: body,
	}
	if label != nil {
		loop = &ast.LabeledStmt{Label: label, Stmt: loop}
	}
	return &ast.BlockStmt{List: append(first, loop)}
}

// compileMinMax compiles min and max (Go 1.21) for ordered types: all
// arguments are converted to the first typed argument's type (untyped
// constants alone take their default type, float64 if any is a float).
// Floats follow Go: a NaN argument gives NaN, and min(-0.0, 0.0) is -0.0.
func compileMinMax(c *fast.Comp, node *ast.CallExpr, name string) *fast.Call {
	args := make([]*fast.Expr, len(node.Args))
	var t xr.Type
	float := false
	for i, a := range node.Args {
		args[i] = c.Expr1(a, nil)
		if args[i].Untyped() {
			if k := args[i].DefaultType().Kind(); k == reflect.Float64 {
				float = true
			}
		} else if t == nil {
			t = args[i].Type
		}
	}
	if t == nil {
		t = args[0].DefaultType()
		if float {
			t = c.TypeOf(0.0)
		}
	}
	k := t.Kind()
	if !isIntKind(k) && k != reflect.Float32 && k != reflect.Float64 && k != reflect.String {
		c.Errorf("invalid argument: %s(%v) needs ordered values (integers, floats or strings), not %v", name, node.Args[0], t)
	}
	in := make([]xr.Type, len(args))
	for i, a := range args {
		if a.Untyped() {
			a.ConstTo(t)
		} else if !a.Type.IdenticalTo(t) {
			c.Errorf("invalid argument: mismatched types %v and %v in %s(%v, …)", t, a.Type, name, node.Args[0])
		}
		in[i] = t
	}
	less := func(a, b reflect.Value) bool {
		switch {
		case k >= reflect.Int && k <= reflect.Int64:
			return a.Int() < b.Int()
		case isIntKind(k):
			return a.Uint() < b.Uint()
		case k == reflect.String:
			return a.String() < b.String()
		}
		return false
	}
	return funcCall(c, in, []xr.Type{t}, args, func(vs []reflect.Value) []reflect.Value {
		best := vs[0]
		if k == reflect.Float32 || k == reflect.Float64 {
			f := best.Float()
			for _, v := range vs[1:] {
				if name == "min" {
					f = math.Min(f, v.Float())
				} else {
					f = math.Max(f, v.Float())
				}
			}
			out := reflect.New(best.Type()).Elem()
			out.SetFloat(f)
			return []reflect.Value{out}
		}
		for _, v := range vs[1:] {
			if name == "min" && less(v, best) || name == "max" && less(best, v) {
				best = v
			}
		}
		return []reflect.Value{best}
	})
}

// compileClear compiles clear (Go 1.21): a map loses all its entries, a
// slice's elements are set to their zero value.
func compileClear(c *fast.Comp, sym fast.Symbol, node *ast.CallExpr) *fast.Call {
	arg := c.Expr1(node.Args[0], nil)
	if arg.Type == nil || arg.Type.Kind() != reflect.Map && arg.Type.Kind() != reflect.Slice {
		c.Errorf("invalid argument: clear(%v) needs a map or a slice, not %v", node.Args[0], arg.Type)
	}
	return funcCall(c, []xr.Type{arg.Type}, []xr.Type{}, []*fast.Expr{arg}, func(vs []reflect.Value) []reflect.Value {
		vs[0].Clear()
		return nil
	})
}

// compileCopy compiles copy: gomacro's own returns its count in a form the
// rest of its compiler does not expect (`n := copy(a, b)` panics).
func compileCopy(c *fast.Comp, sym fast.Symbol, node *ast.CallExpr) *fast.Call {
	dst, src := c.Expr1(node.Args[0], nil), c.Expr1(node.Args[1], nil)
	if src.Untyped() {
		src.ConstTo(src.DefaultType())
	}
	if dst.Type == nil || dst.Type.Kind() != reflect.Slice {
		c.Errorf("invalid argument: copy expects slice arguments; found %v (%v)", node.Args[0], dst.Type)
	}
	switch {
	case src.Type != nil && src.Type.Kind() == reflect.String && dst.Type.Elem().Kind() == reflect.Uint8:
	case src.Type == nil || src.Type.Kind() != reflect.Slice || !src.Type.Elem().IdenticalTo(dst.Type.Elem()):
		c.Errorf("invalid argument: arguments to copy %v (%v) and %v (%v) have different element types", node.Args[0], dst.Type, node.Args[1], src.Type)
	}
	return funcCall(c, []xr.Type{dst.Type, src.Type}, []xr.Type{c.TypeOf(0)}, []*fast.Expr{dst, src}, func(vs []reflect.Value) []reflect.Value {
		return []reflect.Value{reflect.ValueOf(reflect.Copy(vs[0], vs[1]))}
	})
}

// compileNew compiles new(T) as before and new(expr) (Go 1.26): a pointer
// to a new variable holding expr's value (an untyped constant takes its
// default type).
func compileNew(c *fast.Comp, sym fast.Symbol, node *ast.CallExpr, orig fast.Builtin) *fast.Call {
	e, t := c.Expr1OrType(node.Args[0])
	if e == nil {
		_ = t
		return orig.Compile(c, sym, node)
	}
	vt := e.Type
	if e.Untyped() {
		vt = e.DefaultType()
		e.ConstTo(vt)
	}
	pt := c.Universe.PtrTo(vt)
	return funcCall(c, []xr.Type{vt}, []xr.Type{pt}, []*fast.Expr{e}, func(vs []reflect.Value) []reflect.Value {
		p := reflect.New(vs[0].Type())
		p.Elem().Set(vs[0])
		return []reflect.Value{p}
	})
}

// math.Min and math.Max have Go's min/max semantics for NaN and ±0.
var _ = math.Min
