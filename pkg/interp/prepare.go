package interp

import (
	"fmt"
	"go/ast"
	"go/scanner"
	"go/token"
	"sort"
	"strconv"
	"strings"

	"github.com/cosmos72/gomacro/ast2"
	"github.com/cosmos72/gomacro/imports"

	"github.com/huntbook/huntbook/pkg/interp/internal/symbols"
)

// prepare checks a parsed cell's imports and lowers it (lower.go) before
// gomacro compiles it.
func (e *Engine) prepare(form ast2.Ast) ast2.Ast {
	nodes := ast2.ToNodes(form)
	for i, n := range nodes {
		e.checkImports(n)
		nodes[i] = e.lower.lowerCell(n)
	}
	if len(nodes) == 1 {
		return ast2.ToAst(nodes[0])
	}
	return ast2.NodeSlice{X: nodes}
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
		if _, ok := imports.Packages[path]; !ok {
			e.ir.Comp.ErrorAt(spec.Path.Pos(), "package %s is not built into huntbook: cells can import %s", path, builtinPackages())
		}
		return false
	})
}

// builtinPackages names what cells can import, for error messages.
func builtinPackages() string {
	var third []string
	for path := range symbols.Packages {
		third = append(third, path)
	}
	sort.Strings(third)
	return "the standard library and " + strings.Join(third, ", ")
}

// checkGenerics finds type parameter lists in a cell that gomacro's parser
// would reject with a bare syntax error, and names the construct instead.
// It reads tokens only: `func Name[`, `func (r T[P]) M` and `type Name[P C]`
// (an array type `type A [N]T` has one token between its brackets).
func checkGenerics(code string) error {
	var s scanner.Scanner
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(code))
	s.Init(file, []byte(code), func(token.Position, string) {}, 0)
	type tok struct {
		pos token.Pos
		t   token.Token
		lit string
	}
	var toks []tok
	for {
		pos, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		toks = append(toks, tok{pos, t, lit})
	}
	at := func(i int) token.Token {
		if i < len(toks) {
			return toks[i].t
		}
		return token.EOF
	}
	for i, t := range toks {
		switch {
		case t.t == token.FUNC && at(i+1) == token.IDENT && at(i+2) == token.LBRACK:
			p := fset.Position(toks[i+2].pos)
			return fmt.Errorf("%s: generic function %s: cells cannot declare type parameters yet; write the function for the concrete types it is used with", p, toks[i+1].lit)
		case t.t == token.TYPE && at(i+1) == token.IDENT && at(i+2) == token.LBRACK && at(i+3) == token.IDENT && at(i+4) != token.RBRACK:
			p := fset.Position(toks[i+2].pos)
			return fmt.Errorf("%s: generic type %s: cells cannot declare type parameters yet; declare the type with concrete field types", p, toks[i+1].lit)
		}
	}
	return nil
}
