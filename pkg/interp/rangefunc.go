package interp

import (
	"go/ast"
	"go/token"
	"reflect"
	"strconv"

	"github.com/cosmos72/gomacro/fast"
	xr "github.com/cosmos72/gomacro/xreflect"
	"golang.org/x/tools/go/ast/astutil"
)

// rangeFuncPanic is Go's message when an iterator calls yield after the loop
// body asked it to stop.
const rangeFuncPanic = "runtime error: range function continued iteration after function for loop body returned false"

func id(name string) *ast.Ident { return ast.NewIdent(name) }

func intLit(n int) *ast.BasicLit {
	return &ast.BasicLit{Kind: token.INT, Value: strconv.Itoa(n)}
}

func assign(lhs ast.Expr, tok token.Token, rhs ast.Expr) *ast.AssignStmt {
	return &ast.AssignStmt{Lhs: []ast.Expr{lhs}, Tok: tok, Rhs: []ast.Expr{rhs}}
}

// rangeFunc lowers a range over a function (Go 1.23 iterators) to a call of
// the function with a yield closure holding the body:
//
//	L: for k, v := range seq { body }
//
// becomes
//
//	{
//		_hb_ctl := 0; _hb_done := false; var _hb_r0 R0 …
//		seq(func(_hb_a1 K, _hb_a2 V) bool {
//			if _hb_done { panic(…) }
//			k, v := _hb_a1, _hb_a2
//			body   // continue [L] → return true; break [L] → _hb_done = true; return false
//			       // return x → _hb_r0 = x; _hb_ctl = 1; _hb_done = true; return false
//			       // break/continue M (an outer loop) → _hb_ctl = 2…; …; return false
//			return true
//		})
//		_hb_done = true
//		if _hb_ctl == 1 { return _hb_r0 … }
//		if _hb_ctl == 2 { break M } …
//	}
//
// results is the enclosing function's result list (the range wrapper's).
// defer and goto in the body would change meaning inside a closure: they
// are compile errors with what to write instead.
func (l lowerer) rangeFunc(c *fast.Comp, rs *ast.RangeStmt, label *ast.Ident, t xr.Type, results *ast.FieldList) ast.Stmt {
	if t.NumIn() != 1 || t.NumOut() != 0 || t.In(0).Kind() != reflect.Func ||
		t.In(0).NumOut() != 1 || t.In(0).Out(0).Kind() != reflect.Bool || t.In(0).NumIn() > 2 {
		c.Errorf("cannot range over %v (variable of type %v): a function to range over must be func(yield func(…) bool) with 0, 1 or 2 yield parameters", rs.X, t)
	}
	y := t.In(0)
	nvars := 0
	if !blank(rs.Key) || rs.Value != nil {
		nvars = 1
	}
	if rs.Value != nil {
		nvars = 2
	}
	if nvars > y.NumIn() {
		c.Errorf("range over %v permits only %d iteration variables", rs.X, y.NumIn())
	}
	checkNoDefer(c, rs.Body)

	ctl, done := l.fresh("ctl"), l.fresh("done")
	params := &ast.FieldList{}
	var args []ast.Expr
	for i := 0; i < y.NumIn(); i++ {
		tn, an := l.fresh("T"), l.fresh("a")
		c.DeclTypeAlias(tn, y.In(i))
		params.List = append(params.List, &ast.Field{Names: []*ast.Ident{id(an)}, Type: id(tn)})
		args = append(args, id(an))
	}

	// Results: named ones are assigned directly, unnamed ones go through _hb_rN.
	var decls []ast.Stmt
	var retVars []ast.Expr
	named := false
	if results != nil {
		for _, f := range results.List {
			if len(f.Names) > 0 {
				named = true
				for _, n := range f.Names {
					retVars = append(retVars, id(n.Name))
				}
				continue
			}
			r := l.fresh("r")
			retVars = append(retVars, id(r))
			decls = append(decls, &ast.DeclStmt{Decl: &ast.GenDecl{Tok: token.VAR, Specs: []ast.Spec{
				&ast.ValueSpec{Names: []*ast.Ident{id(r)}, Type: f.Type}}}})
		}
	}

	// Labels declared inside the body stay where they are.
	inner := map[string]bool{}
	ast.Inspect(rs.Body, func(n ast.Node) bool {
		if ls, ok := n.(*ast.LabeledStmt); ok {
			inner[ls.Label.Name] = true
		}
		return true
	})
	stop := func(code int) []ast.Stmt {
		var s []ast.Stmt
		if code != 0 {
			s = append(s, assign(id(ctl), token.ASSIGN, intLit(code)))
		}
		return append(s, assign(id(done), token.ASSIGN, id("true")), &ast.ReturnStmt{Results: []ast.Expr{id("false")}})
	}
	type jump struct {
		tok   token.Token
		label string
	}
	codes := map[jump]int{}
	var jumps []jump
	ours := func(b *ast.BranchStmt) bool { return b.Label != nil && label != nil && b.Label.Name == label.Name }
	returned := false
	walkJumps(rs.Body, func(b *ast.BranchStmt, loops, breakables int, cur *astutil.Cursor) {
		switch {
		case b.Tok == token.GOTO && !inner[b.Label.Name]:
			c.Pos = b.Pos()
			c.Errorf("goto %s out of the body of a range over a function is not supported in cells: use break or continue with a label", b.Label.Name)
		case b.Tok == token.CONTINUE && (b.Label == nil && loops == 0 || ours(b)):
			cur.Replace(&ast.ReturnStmt{Return: b.Pos(), Results: []ast.Expr{id("true")}})
		case b.Tok == token.BREAK && (b.Label == nil && breakables == 0 || ours(b)):
			cur.Replace(&ast.BlockStmt{List: stop(0)})
		case (b.Tok == token.BREAK || b.Tok == token.CONTINUE) && b.Label != nil && !inner[b.Label.Name]:
			j := jump{b.Tok, b.Label.Name}
			if codes[j] == 0 {
				codes[j] = 2 + len(jumps)
				jumps = append(jumps, j)
			}
			cur.Replace(&ast.BlockStmt{List: stop(codes[j])})
		}
	}, func(r *ast.ReturnStmt, cur *astutil.Cursor) {
		returned = true
		var s []ast.Stmt
		if len(r.Results) > 0 {
			s = append(s, &ast.AssignStmt{Lhs: retVars, Tok: token.ASSIGN, Rhs: r.Results})
		}
		cur.Replace(&ast.BlockStmt{List: append(s, stop(1)...)})
	}, func(wrapper *ast.FuncLit) {
		// A range nested in this body returns from the yield closure.
		wrapper.Type.Results = &ast.FieldList{List: []*ast.Field{{Type: id("bool")}}}
	})

	var body []ast.Stmt
	body = append(body, &ast.IfStmt{Cond: id(done), Body: &ast.BlockStmt{List: []ast.Stmt{
		&ast.ExprStmt{X: &ast.CallExpr{Fun: id("panic"), Args: []ast.Expr{&ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(rangeFuncPanic)}}}}}}})
	var lhs, rhs []ast.Expr
	if !blank(rs.Key) {
		lhs, rhs = append(lhs, rs.Key), append(rhs, args[0])
	}
	if rs.Value != nil && !blank(rs.Value) {
		lhs, rhs = append(lhs, rs.Value), append(rhs, args[1])
	}
	if len(lhs) > 0 {
		body = append(body, &ast.AssignStmt{Lhs: lhs, Tok: rs.Tok, Rhs: rhs})
	}
	if rs.Body != nil {
		body = append(body, rs.Body.List...)
	}
	body = append(body, &ast.ReturnStmt{Results: []ast.Expr{id("true")}})
	yield := &ast.FuncLit{Type: &ast.FuncType{Params: params, Results: &ast.FieldList{List: []*ast.Field{{Type: id("bool")}}}},
		Body: &ast.BlockStmt{List: body}}

	out := []ast.Stmt{assign(id(ctl), token.DEFINE, intLit(0)), assign(id(done), token.DEFINE, id("false"))}
	out = append(out, decls...)
	out = append(out,
		&ast.ExprStmt{X: &ast.CallExpr{Fun: rs.X, Lparen: rs.X.End(), Args: []ast.Expr{yield}}},
		assign(id(done), token.ASSIGN, id("true")))
	if returned {
		ret := &ast.ReturnStmt{}
		if !named {
			ret.Results = retVars
		}
		out = append(out, &ast.IfStmt{Cond: &ast.BinaryExpr{X: id(ctl), Op: token.EQL, Y: intLit(1)}, Body: &ast.BlockStmt{List: []ast.Stmt{ret}}})
	}
	for _, j := range jumps {
		out = append(out, &ast.IfStmt{Cond: &ast.BinaryExpr{X: id(ctl), Op: token.EQL, Y: intLit(codes[j])},
			Body: &ast.BlockStmt{List: []ast.Stmt{&ast.BranchStmt{Tok: j.tok, Label: id(j.label)}}}})
	}
	return &ast.BlockStmt{List: out}
}

// checkNoDefer fails on a defer in body outside function literals: inside
// the yield closure it would run at the end of each iteration, not when the
// enclosing function returns.
func checkNoDefer(c *fast.Comp, body *ast.BlockStmt) {
	if body == nil {
		return
	}
	astutil.Apply(body, func(cur *astutil.Cursor) bool {
		switch n := cur.Node().(type) {
		case *ast.FuncLit:
			if call, ok := cur.Parent().(*ast.CallExpr); ok {
				if _, ok := isRangeWrapper(call); ok {
					return true
				}
			}
			return false
		case *ast.DeferStmt:
			c.Pos = n.Pos()
			c.Errorf("defer in the body of a range over a function is not supported in cells: call a function that defers, or defer before the loop")
		}
		return true
	}, nil)
}
