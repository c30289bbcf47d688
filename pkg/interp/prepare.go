package interp

import (
	"go/ast"
	"go/token"
	"strconv"
	"strings"

	"github.com/cosmos72/gomacro/ast2"
	"github.com/cosmos72/gomacro/imports"

	"github.com/huntbook/huntbook/pkg/interp/internal/symbols"
)

// prepare checks a parsed cell's imports and lowers it (lower.go) before
// gomacro compiles it.
func (e *Engine) prepare(form ast2.Ast) ast2.Ast {
	nodes := splitTypedVars(ast2.ToNodes(form))
	inLoops := loopNames(nodes)
	for _, n := range nodes {
		e.gate.collect(n)
	}
	if e.gate.types {
		e.importBoxes()
	}
	for i, n := range nodes {
		// gomacro writes a generic function's type parameters as a second
		// receiver after a nil one, which go/ast's walkers cannot visit.
		var recv *ast.FieldList
		if d, ok := n.(*ast.FuncDecl); ok && d.Recv != nil && len(d.Recv.List) == 2 && d.Recv.List[0] == nil {
			recv, d.Recv = d.Recv, nil
		}
		e.checkImports(n)
		if d, ok := n.(*ast.DeferStmt); ok {
			e.ir.Comp.ErrorAt(d.Pos(), "defer at the top level of a cell would run at once, not at the end of the cell: put the code in a function and defer inside it")
		}
		nodes[i] = e.lower.lowerCell(shortVarToVar(n, inLoops))
		if recv != nil {
			nodes[i].(*ast.FuncDecl).Recv = recv
		}
	}
	if len(nodes) == 1 {
		return ast2.ToAst(nodes[0])
	}
	return ast2.NodeSlice{X: nodes}
}

// shortVarToVar turns a top-level `a, b := x, y` of a cell into
// `var a, b = x, y`, which means the same in a cell, when a top-level loop
// of the cell uses a or b: gomacro loses track of variables declared with :=
// at the top level when a later loop body declares variables of its own
// (`s := 0; for … { t := s }` fails with "undefined identifier: s"). Other
// short declarations stay: gomacro's ordering of var declarations has bugs
// of its own (`var a, b = f()`, method expressions).
func shortVarToVar(n ast.Node, inLoops map[string]bool) ast.Node {
	as, ok := n.(*ast.AssignStmt)
	if !ok || as.Tok != token.DEFINE || len(as.Lhs) != len(as.Rhs) {
		return n
	}
	spec := &ast.ValueSpec{Values: as.Rhs}
	used := false
	for _, lhs := range as.Lhs {
		id, ok := lhs.(*ast.Ident)
		if !ok {
			return n
		}
		used = used || inLoops[id.Name]
		spec.Names = append(spec.Names, id)
	}
	if !used {
		return n
	}
	return &ast.GenDecl{TokPos: as.Pos(), Tok: token.VAR, Specs: []ast.Spec{spec}}
}

// splitTypedVars turns a top-level `var s Shape = Square{2}` of a cell that
// also declares methods into `var s Shape` and the statement `s =
// Square{2}`: gomacro compiles a cell's variables before its methods, so
// the conversion to the interface failed ("Square does not implement
// Shape"). Statements run after all declarations, so a variable that
// another top-level variable's or constant's value uses is left alone.
func splitTypedVars(nodes []ast.Node) []ast.Node {
	methods := false
	for _, n := range nodes {
		if d, ok := n.(*ast.FuncDecl); ok && d.Recv != nil && len(d.Recv.List) == 1 {
			methods = true
		}
	}
	if !methods {
		return nodes
	}
	// candidates: single typed var declarations with a value per name
	cand := map[int]*ast.ValueSpec{}
	for i, n := range nodes {
		if d, ok := n.(*ast.GenDecl); ok && d.Tok == token.VAR && len(d.Specs) == 1 {
			if spec := d.Specs[0].(*ast.ValueSpec); spec.Type != nil && len(spec.Values) == len(spec.Names) {
				cand[i] = spec
			}
		}
	}
	// a candidate whose name a declaration that stays uses must stay too
	for changed := true; changed; {
		changed = false
		used := map[string]bool{}
		for i, n := range nodes {
			d, ok := n.(*ast.GenDecl)
			if !ok || cand[i] != nil || d.Tok != token.VAR && d.Tok != token.CONST {
				continue
			}
			for _, spec := range d.Specs {
				for _, v := range spec.(*ast.ValueSpec).Values {
					ast.Inspect(v, func(n ast.Node) bool {
						if id, ok := n.(*ast.Ident); ok {
							used[id.Name] = true
						}
						return true
					})
				}
			}
		}
		for i, spec := range cand {
			for _, name := range spec.Names {
				if used[name.Name] || name.Name == "_" {
					delete(cand, i)
					changed = true
					break
				}
			}
		}
	}
	if len(cand) == 0 {
		return nodes
	}
	var out []ast.Node
	for i, n := range nodes {
		spec := cand[i]
		if spec == nil {
			out = append(out, n)
			continue
		}
		d := n.(*ast.GenDecl)
		var lhs []ast.Expr
		for _, name := range spec.Names {
			lhs = append(lhs, &ast.Ident{NamePos: name.Pos(), Name: name.Name})
		}
		values := spec.Values
		decl := &ast.GenDecl{Doc: d.Doc, TokPos: d.TokPos, Tok: token.VAR, Specs: []ast.Spec{&ast.ValueSpec{Names: spec.Names, Type: spec.Type}}}
		out = append(out, decl, &ast.AssignStmt{Lhs: lhs, TokPos: values[0].Pos(), Tok: token.ASSIGN, Rhs: values})
	}
	return out
}

// loopNames collects the identifiers used in the cell's top-level loops.
func loopNames(nodes []ast.Node) map[string]bool {
	names := map[string]bool{}
	for _, n := range nodes {
		if l, ok := n.(*ast.LabeledStmt); ok {
			n = l.Stmt
		}
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			ast.Inspect(n, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok {
					names[id.Name] = true
				}
				return true
			})
		}
	}
	return names
}

// checkImports fails on an import of a package that has no table: gomacro
// would run `go get` for it, which needs a toolchain and network and writes
// to the terminal.
func (e *Engine) checkImports(n ast.Node) {
	ast.Inspect(n, func(n ast.Node) bool {
		spec, ok := n.(*ast.ImportSpec)
		if !ok {
			return true
		}
		path, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			return false
		}
		pkg, ok := imports.Packages[path]
		switch {
		case !ok:
			e.ir.Comp.ErrorAt(spec.Path.Pos(), "package %s is not built into huntbook: cells can import %s", path, builtinPackages())
		case len(pkg.Binds) == 0 && len(pkg.Types) == 0 && len(pkg.Untypeds) == 0 && path != "iter" && genericStd[path] == nil:
			e.ir.Comp.ErrorAt(spec.Path.Pos(), "package %s has only generic functions and types, which cells cannot use yet: %s", path, genericHint(path))
		}
		return false
	})
}

// genericHint says what to write instead of a generic standard package.
func genericHint(string) string {
	return "use the non-generic packages"
}

// builtinPackages names what cells can import, for error messages.
func builtinPackages() string {
	return "the standard library and " + strings.Join(symbols.Paths(), ", ")
}

// rewriteIterTypes spells the standard iterator types iter.Seq[V] and
// iter.Seq2[K, V] as the function types they are defined as,
// func(yield func(V) bool) and func(yield func(K, V) bool), which gomacro can
// parse and range over (package iter has nothing else a cell can use).
func rewriteIterTypes(code string) string {
	if !strings.Contains(code, "iter.Seq") {
		return code
	}
	toks := scanCell(code)
	var edits []edit
	for i := 0; i+3 < len(toks); i++ {
		if toks[i].t != token.IDENT || toks[i].lit != "iter" || toks[i+1].t != token.PERIOD ||
			toks[i+2].t != token.IDENT || (toks[i+2].lit != "Seq" && toks[i+2].lit != "Seq2") || toks[i+3].t != token.LBRACK {
			continue
		}
		j := matching(toks, i+3)
		if j < 0 {
			break
		}
		inner := code[toks[i+3].end:toks[j].off]
		edits = append(edits, edit{toks[i].off, toks[j].end, "func(yield func(" + inner + ") bool)"})
		i = j
	}
	return applyEdits(code, edits)
}
