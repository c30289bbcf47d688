package interp

import (
	"fmt"
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/ast/astutil"
)

// This file is the syntactic half of the lowering of Go 1.22+ constructs
// that gomacro compiles with older semantics (see doc.go): it runs on the
// parsed cell before gomacro compiles it. The half that needs types
// (range over integers and functions) is in builtins.go and runs while
// gomacro compiles, through the __hb_range builtin.

// rangeBuiltin is the builtin every range statement is wrapped in:
// `L: for k, v := range x { … }` becomes `__hb_range(func() R { L: for … })`
// where R is the enclosing function's result list (for return inside a
// range over a function). The builtin's compile function looks at x's type
// and compiles the right lowered form in place.
const rangeBuiltin = "__hb_range"

// lowerer numbers the names it invents so nested loops never clash.
type lowerer struct {
	n *int
	// single reports whether a call has exactly one result, where the
	// syntax tells (a generic function of the cells)
	single func(*ast.CallExpr) bool
	// gate places the builtins that box values of cell-declared types
	// stored in empty interfaces (anybox.go)
	gate *anyGate
}

func (l lowerer) fresh(base string) string {
	*l.n++
	return fmt.Sprintf("_hb_%s%d", base, *l.n)
}

// lowerCell rewrites every statement list under node in place.
func (l lowerer) lowerCell(node ast.Node) ast.Node {
	var funcs []*ast.FuncType // enclosing functions, innermost last
	return astutil.Apply(node, func(c *astutil.Cursor) bool {
		switch n := c.Node().(type) {
		case *ast.FuncDecl:
			funcs = append(funcs, n.Type)
		case *ast.FuncLit:
			funcs = append(funcs, n.Type)
		}
		return true
	}, func(c *astutil.Cursor) bool {
		if r := l.gate.lower(c.Node(), c.Parent(), funcs); r != nil {
			c.Replace(r)
			return true
		}
		switch n := c.Node().(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			funcs = funcs[:len(funcs)-1]
		case *ast.SliceExpr:
			c.Replace(wrapSlice(n))
		case *ast.CallExpr:
			rewritePrintCall(n, l.single)
			rewriteCompiledCall(n)
			rewriteGenericStd(n)
		case *ast.LabeledStmt:
			var out ast.Stmt = n
			switch s := n.Stmt.(type) {
			case *ast.ForStmt:
				out = l.forStmt(s, n)
			case *ast.RangeStmt:
				out = wrapRange(n, funcs)
			}
			c.Replace(topBlock(out, funcs))
		case *ast.ForStmt:
			if _, labeled := c.Parent().(*ast.LabeledStmt); !labeled {
				c.Replace(topBlock(l.forStmt(n, nil), funcs))
			}
		case *ast.RangeStmt:
			if _, labeled := c.Parent().(*ast.LabeledStmt); !labeled {
				c.Replace(wrapRange(n, funcs))
			}
		}
		return true
	})
}

// topBlock puts a labeled statement at the top level of a cell in a block:
// gomacro's ordering of a cell's top-level declarations and statements by
// their dependencies misplaces labeled statements (`s := 0; L: for … { s++ }`
// fails with "undefined identifier: s").
func topBlock(s ast.Stmt, funcs []*ast.FuncType) ast.Stmt {
	if _, ok := s.(*ast.LabeledStmt); ok && len(funcs) == 0 {
		return &ast.BlockStmt{Lbrace: s.Pos(), List: []ast.Stmt{s}, Rbrace: s.End()}
	}
	return s
}

// wrapRange wraps a (labeled) range statement in the __hb_range builtin.
func wrapRange(stmt ast.Stmt, funcs []*ast.FuncType) ast.Stmt {
	ft := &ast.FuncType{Func: stmt.Pos(), Params: &ast.FieldList{}}
	if len(funcs) > 0 {
		ft.Results = funcs[len(funcs)-1].Results
	}
	lit := &ast.FuncLit{Type: ft, Body: &ast.BlockStmt{Lbrace: stmt.Pos(), List: []ast.Stmt{stmt}, Rbrace: stmt.End()}}
	call := &ast.ExprStmt{X: &ast.CallExpr{Fun: &ast.Ident{NamePos: stmt.Pos(), Name: rangeBuiltin}, Lparen: stmt.Pos(), Args: []ast.Expr{lit}, Rparen: stmt.End()}}
	if len(funcs) == 0 {
		// gomacro compiles a top-level expression statement as an
		// expression, dropping the code the builtin compiled; a block is a
		// statement.
		return &ast.BlockStmt{Lbrace: stmt.Pos(), List: []ast.Stmt{call}, Rbrace: stmt.End()}
	}
	return call
}

// isRangeWrapper reports whether lit is the function literal of a
// __hb_range call: its body is a statement of the enclosing function, not a
// closure.
func isRangeWrapper(call *ast.CallExpr) (*ast.FuncLit, bool) {
	id, ok := call.Fun.(*ast.Ident)
	if !ok || id.Name != rangeBuiltin || len(call.Args) != 1 {
		return nil, false
	}
	lit, ok := call.Args[0].(*ast.FuncLit)
	return lit, ok
}

// forStmt gives a three-clause loop that declares variables Go 1.22's
// per-iteration variables:
//
//	L: for i := 0; i < n; i++ { body }
//
// becomes
//
//	L: for i := 0; i < n; i++ {
//		_hb_p1 := &i
//		i := *_hb_p1               // this iteration's i
//		_hb_body2: for _hb_once3 := true; _hb_once3; _hb_once3 = false {
//			body                    // continue [L] → continue _hb_body2; break → break L
//		}
//		*_hb_p1 = i                 // the next iteration starts from this one's value
//	}
//
// so closures, goroutines and pointers taken in the body see their own
// iteration's variable while changes made in the body still steer the loop.
// Loops whose body cannot keep a reference to the variables (no function
// literal, go, defer, & or method value on them) are left alone: the
// results are the same and the loop stays as fast as before.
func (l lowerer) forStmt(f *ast.ForStmt, labeled *ast.LabeledStmt) ast.Stmt {
	var orig ast.Stmt = f
	if labeled != nil {
		orig = labeled
	}
	init, ok := f.Init.(*ast.AssignStmt)
	if !ok || init.Tok != token.DEFINE || f.Body == nil {
		return orig
	}
	var names []string
	for _, lhs := range init.Lhs {
		if id, ok := lhs.(*ast.Ident); ok && id.Name != "_" {
			names = append(names, id.Name)
		}
	}
	if len(names) == 0 || !mayKeepRefs(f.Body, names, false) {
		return orig
	}
	if labeled == nil {
		labeled = &ast.LabeledStmt{Label: ast.NewIdent(l.fresh("loop")), Stmt: f}
	}
	inner := l.fresh("body")
	retarget(f.Body, labeled.Label.Name, inner)

	var ptrs, refs, derefs, vals []ast.Expr
	for _, name := range names {
		p := l.fresh("p")
		ptrs = append(ptrs, ast.NewIdent(p))
		refs = append(refs, &ast.UnaryExpr{Op: token.AND, X: ast.NewIdent(name)})
		derefs = append(derefs, &ast.StarExpr{X: ast.NewIdent(p)})
		vals = append(vals, ast.NewIdent(name))
	}
	var lhs []ast.Expr
	for _, name := range names {
		lhs = append(lhs, ast.NewIdent(name))
	}
	once := l.fresh("once")
	body := &ast.BlockStmt{Lbrace: f.Body.Lbrace, Rbrace: f.Body.Rbrace, List: []ast.Stmt{
		&ast.AssignStmt{Lhs: ptrs, Tok: token.DEFINE, Rhs: refs},
		&ast.AssignStmt{Lhs: lhs, Tok: token.DEFINE, Rhs: derefs},
		&ast.LabeledStmt{Label: ast.NewIdent(inner), Stmt: &ast.ForStmt{
			Init: &ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(once)}, Tok: token.DEFINE, Rhs: []ast.Expr{ast.NewIdent("true")}},
			Cond: ast.NewIdent(once),
			Post: &ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(once)}, Tok: token.ASSIGN, Rhs: []ast.Expr{ast.NewIdent("false")}},
			Body: f.Body,
		}},
		&ast.AssignStmt{Lhs: copyExprs(derefs), Tok: token.ASSIGN, Rhs: vals},
	}}
	f.Body = body
	return labeled
}

func copyExprs(xs []ast.Expr) []ast.Expr {
	out := make([]ast.Expr, len(xs))
	for i, x := range xs {
		s := x.(*ast.StarExpr)
		out[i] = &ast.StarExpr{X: ast.NewIdent(s.X.(*ast.Ident).Name)}
	}
	return out
}

// retarget rewrites, in a loop body moved into an inner one-pass loop
// labeled inner, the jumps that meant the outer loop (labeled outer):
// continue and continue outer become continue inner; a break of the outer
// loop becomes break outer.
func retarget(body *ast.BlockStmt, outer, inner string) {
	walkJumps(body, func(b *ast.BranchStmt, loops, breakables int, _ *astutil.Cursor) {
		switch {
		case b.Tok == token.CONTINUE && (b.Label == nil && loops == 0 || b.Label != nil && b.Label.Name == outer):
			b.Label = &ast.Ident{NamePos: b.TokPos, Name: inner}
		case b.Tok == token.BREAK && b.Label == nil && breakables == 0:
			b.Label = &ast.Ident{NamePos: b.TokPos, Name: outer}
		}
	}, nil, nil)
}

// walkJumps calls branch for every break, continue and goto in body that
// belongs to body's function, with the number of loops and of breakable
// statements (loops, switch, select) between body and the jump, and ret for
// every return statement; both may replace the node through c. Function
// literals are not entered, except the wrappers of range statements, which
// wrap passes to each wrapper's literal.
func walkJumps(body *ast.BlockStmt, branch func(b *ast.BranchStmt, loops, breakables int, c *astutil.Cursor), ret func(r *ast.ReturnStmt, c *astutil.Cursor), wrap func(*ast.FuncLit)) {
	loops, breakables := 0, 0
	astutil.Apply(body, func(c *astutil.Cursor) bool {
		switch n := c.Node().(type) {
		case *ast.FuncLit:
			if call, ok := c.Parent().(*ast.CallExpr); ok {
				if _, ok := isRangeWrapper(call); ok {
					if wrap != nil {
						wrap(n)
					}
					return true
				}
			}
			return false
		case *ast.ForStmt, *ast.RangeStmt:
			loops++
			breakables++
		case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			breakables++
		}
		return true
	}, func(c *astutil.Cursor) bool {
		switch n := c.Node().(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			loops--
			breakables--
		case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			breakables--
		case *ast.BranchStmt:
			if branch != nil {
				branch(n, loops, breakables, c)
			}
		case *ast.ReturnStmt:
			if ret != nil {
				ret(n, c)
			}
		}
		return true
	})
}

// mayKeepRefs reports whether body could keep a reference to one of the
// loop variables names beyond its iteration: a function literal (other than
// a range wrapper), a go or defer statement, an address taken, a method
// value or slice of a variable. With assigns, an assignment to a variable
// counts too (for range loops, whose variables gomacro also uses as the
// hidden iteration counter).
func mayKeepRefs(body *ast.BlockStmt, names []string, assigns bool) bool {
	is := func(x ast.Expr) bool {
		for {
			switch v := x.(type) {
			case *ast.Ident:
				for _, n := range names {
					if v.Name == n {
						return true
					}
				}
				return false
			case *ast.ParenExpr:
				x = v.X
			case *ast.IndexExpr:
				x = v.X
			case *ast.SelectorExpr:
				x = v.X
			default:
				return false
			}
		}
	}
	found := false
	astutil.Apply(body, func(c *astutil.Cursor) bool {
		if found {
			return false
		}
		switch n := c.Node().(type) {
		case *ast.FuncLit:
			if call, ok := c.Parent().(*ast.CallExpr); ok {
				if _, ok := isRangeWrapper(call); ok {
					return true
				}
			}
			found = true
		case *ast.GoStmt, *ast.DeferStmt:
			found = true
		case *ast.UnaryExpr:
			found = n.Op == token.AND
		case *ast.SelectorExpr:
			found = is(n.X)
		case *ast.SliceExpr:
			found = is(n.X)
		case *ast.AssignStmt:
			if assigns {
				for _, lhs := range n.Lhs {
					found = found || is(lhs)
				}
			}
		case *ast.IncDecStmt:
			found = assigns && is(n.X)
		}
		return !found
	}, nil)
	return found
}
