package interp

import (
	"fmt"
	"go/ast"
	"go/scanner"
	"go/token"
	"sort"
	"strings"
)

// Type parameters in cells (see doc.go): gomacro has generics of its own,
// with inference at call sites, spelled `func Map#[T, U](…)` and
// `Stack#[int]`. rewriteGenerics spells Go's syntax that way before gomacro
// parses the cell, and makes up for what gomacro's generics lack:
//
//   - constraints: gomacro's parser knows no type sets (`~int | ~float64`)
//     and its generics no constraints, so type parameter lists keep only
//     their names and constraint interfaces lose their type terms. Go
//     rejects a type argument that does not satisfy the constraint when it
//     compiles; in a cell the instance compiles and fails only where its
//     body uses what the type lacks;
//   - methods of generic types: gomacro cannot declare a method with type
//     parameters in its receiver, but it can declare one on an instance
//     (`func (s *Stack#[int]) Push(v int)`). A cell's methods of generic
//     types are kept aside (their lines left blank, so positions hold) and
//     written out for every instance with concrete type arguments the cell
//     or a later one names, also through explicit instantiations of
//     generic functions and other generic types' fields.
//
// Instances whose type arguments are another generic function's type
// parameters, met only through inference, get no methods: calling one is
// gomacro's "has no method" error, which explain completes.

// generics is what the cells run so far declared: generic functions and
// types, and the methods written out for each type's instances.
type generics struct {
	funcs map[string]*genDecl
	types map[string]*genType
	packs map[int]bool // the __hb_packN declared (see packVariadic)
	// genericLib as spelled for gomacro, and whether an engine declared it
	libText     string
	libDeclared bool
	cell        *cellGenerics // the cell being compiled
}

// genDecl is a generic function or type declaration as the cell wrote it.
type genDecl struct {
	params []string
	text   string
	// of a function: its parameter count, whether the last is variadic,
	// and its result count
	nparams, nresults int
	variadic          bool
}

// signature reads a generic function's parameter and result counts from
// its text, whose type parameter list closes at toks[close].
func (d *genDecl) signature(toks []gtok, close int) {
	open := close + 1
	if open >= len(toks) || toks[open].t != token.LPAREN {
		return
	}
	end := matching(toks, open)
	if end < 0 {
		return
	}
	parts := splitList(toks, open, end)
	d.nparams = len(parts)
	if n := len(parts); n > 0 {
		for k := parts[n-1][0]; k < parts[n-1][1]; k++ {
			d.variadic = d.variadic || toks[k].t == token.ELLIPSIS
		}
	}
	switch {
	case end+1 >= len(toks) || toks[end+1].t == token.LBRACE:
		d.nresults = 0
	case toks[end+1].t == token.LPAREN:
		if r := matching(toks, end+1); r > 0 {
			d.nresults = len(splitList(toks, end+1, r))
		}
	default:
		d.nresults = 1
	}
}

// singleResult reports whether call calls a generic function of the cells
// with one result.
func (g *generics) singleResult(call *ast.CallExpr) bool {
	fun := call.Fun
	if ix, ok := fun.(*ast.IndexExpr); ok {
		fun = ix.X // gomacro's Name#[T]
	}
	id, ok := fun.(*ast.Ident)
	if !ok {
		return false
	}
	var f *genDecl
	if g.cell != nil {
		f = g.lookupFunc(g.cell, id.Name)
	} else {
		f = g.funcs[id.Name]
	}
	return f != nil && f.nresults == 1
}

type genType struct {
	genDecl
	methods   map[string]genMethod
	instances map[string][]string // key → type arguments, with methods written out
}

// genMethod is a method of a generic type as the cell wrote it; recv holds
// the receiver's type parameter names, in order.
type genMethod struct {
	recv []string
	text string
}

func newGenerics() *generics {
	return &generics{funcs: map[string]*genDecl{}, types: map[string]*genType{}, packs: map[int]bool{}}
}

// gtok is a token of a cell with its byte span.
type gtok struct {
	off, end int
	t        token.Token
	lit      string
}

func scanCell(code string) []gtok { return scanTokens(code, false) }

// scanTokens scans code; with semis, the semicolons Go inserts at line
// ends are kept, as SEMICOLON tokens spanning nothing.
func scanTokens(code string, semis bool) []gtok {
	var s scanner.Scanner
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(code))
	s.Init(file, []byte(code), func(token.Position, string) {}, 0)
	var toks []gtok
	for {
		pos, t, lit := s.Scan()
		if t == token.EOF {
			// A literal can be longer than its text (an invalid byte
			// reads U+FFFD): no span reaches past the next token.
			for i := 0; i+1 < len(toks); i++ {
				toks[i].end = min(toks[i].end, max(toks[i+1].off, toks[i].off))
			}
			if n := len(toks); n > 0 {
				toks[n-1].end = min(toks[n-1].end, len(code))
			}
			return toks
		}
		off := file.Offset(pos)
		if t == token.SEMICOLON && lit == "\n" {
			if semis {
				toks = append(toks, gtok{off, off, t, lit})
			}
			continue // inserted at a line end: keeps no text
		}
		n := len(lit)
		if lit == "" {
			n = len(t.String())
		}
		toks = append(toks, gtok{off, off + n, t, lit})
	}
}

// edit replaces code[from:to] with text. Insertions (from == to) at one
// position are written in the order given.
type edit struct {
	from, to int
	text     string
}

func applyEdits(code string, edits []edit) string {
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].from < edits[j].from })
	var b strings.Builder
	last := 0
	for _, e := range edits {
		if e.from < last {
			continue // inside an earlier edit
		}
		b.WriteString(code[last:e.from])
		b.WriteString(e.text)
		last = e.to
	}
	b.WriteString(code[last:])
	return b.String()
}

// matching returns the index of the token closing toks[i] (a bracket,
// parenthesis or brace), or -1.
func matching(toks []gtok, i int) int {
	depth := 0
	for j := i; j < len(toks); j++ {
		depth += nesting(toks[j].t)
		if depth == 0 && nesting(toks[j].t) < 0 {
			return j
		}
	}
	return -1
}

// splitList splits the tokens between toks[open] and toks[close] at the
// commas outside brackets; each part is a [from, to) token range.
func splitList(toks []gtok, open, close int) [][2]int {
	var parts [][2]int
	depth, from := 0, open+1
	for j := open + 1; j < close; j++ {
		switch toks[j].t {
		case token.LBRACK, token.LPAREN, token.LBRACE:
			depth++
		case token.RBRACK, token.RPAREN, token.RBRACE:
			depth--
		case token.COMMA:
			if depth == 0 {
				parts = append(parts, [2]int{from, j})
				from = j + 1
			}
		}
	}
	if from < close {
		parts = append(parts, [2]int{from, close})
	}
	return parts
}

// typeParams reads the names of a type parameter list `[K comparable, V
// any]`, `[T, U any]`, `[S ~[]E, E cmp.Ordered]`.
func typeParams(toks []gtok, open, close int) []string {
	var names []string
	for _, p := range splitList(toks, open, close) {
		if toks[p[0]].t == token.IDENT {
			names = append(names, toks[p[0]].lit)
		}
	}
	return names
}

// isTypeParamList tells a type parameter list after `type Name` from an
// array length (`type A [N]int`, `type B [2*N]int`): Go's own rule, a name
// followed by something that can start a constraint.
func isTypeParamList(toks []gtok, i int) bool {
	if i+2 >= len(toks) || toks[i].t != token.LBRACK || toks[i+1].t != token.IDENT {
		return false
	}
	switch toks[i+2].t {
	case token.IDENT, token.COMMA, token.TILDE, token.INTERFACE, token.MUL, token.LBRACK, token.FUNC, token.MAP, token.CHAN, token.STRUCT:
		// `[N * 2]int` is an array: a constraint `*T` needs a name after it
		return toks[i+2].t != token.MUL || i+3 < len(toks) && toks[i+3].t == token.IDENT && i+4 < len(toks) && toks[i+4].t != token.RBRACK
	}
	return false
}

// declEnd returns the index of the closing brace of the body of the
// function declared from toks[i], or -1.
func declEnd(toks []gtok, i int) int {
	depth := 0
	for j := i; j < len(toks); j++ {
		switch toks[j].t {
		case token.LPAREN, token.LBRACK:
			depth++
		case token.RPAREN, token.RBRACK:
			depth--
		case token.STRUCT, token.INTERFACE:
			if j+1 < len(toks) && toks[j+1].t == token.LBRACE {
				j = matching(toks, j+1)
				if j < 0 {
					return -1
				}
			}
		case token.LBRACE:
			if depth == 0 {
				return matching(toks, j)
			}
		}
	}
	return -1
}

// typeDeclEnd returns the index of the last token of the type declared from
// toks[i] (`type Name[…] T`): the type ends at the first line end outside
// brackets.
func typeDeclEnd(code string, toks []gtok, i int) int {
	depth := 0
	for j := i; j < len(toks); j++ {
		depth += nesting(toks[j].t)
		if toks[j].t == token.SEMICOLON && depth == 0 {
			return j - 1
		}
		if depth == 0 && j+1 < len(toks) && strings.Contains(code[toks[j].end:toks[j+1].off], "\n") {
			return j
		}
	}
	return len(toks) - 1
}

// blankLines returns s with everything but its line ends removed.
func blankLines(s string) string {
	return strings.Repeat("\n", strings.Count(s, "\n"))
}

// cellGenerics is what rewriteGenerics found in one cell: the declarations
// it adds and the instances it writes out, recorded in the engine's
// generics only once the cell compiles.
type cellGenerics struct {
	funcs     map[string]*genDecl
	types     map[string]*genType
	methods   map[string][]namedMethod // generic type → methods declared in the cell
	instances map[string]map[string][]string
	packs     map[int]bool
	shadowed  map[string]bool // non-generic declarations of the cell
}

type namedMethod struct {
	name string
	genMethod
}

// lookupType returns the generic type name as the cell sees it.
func (g *generics) lookupType(c *cellGenerics, name string) *genType {
	return lookup(c.types, c.shadowed, g.types, name)
}

// lookupFunc returns the generic function name as the cell sees it.
func (g *generics) lookupFunc(c *cellGenerics, name string) *genDecl {
	return lookup(c.funcs, c.shadowed, g.funcs, name)
}

// lookup returns the cell's declaration of name, or else the earlier cells'
// unless the cell shadows it.
func lookup[D any](cell map[string]*D, shadowed map[string]bool, earlier map[string]*D, name string) *D {
	if d, ok := cell[name]; ok {
		return d
	}
	if shadowed[name] {
		return nil
	}
	return earlier[name]
}

// shadows records the names a cell declares at its top level that are not
// generic (`func Count(n int)`, `type Stack struct`, `var Map = …`, `Max
// := 3`): from this cell on they are no longer the generics of that name.
func (c *cellGenerics) shadows(toks []gtok) {
	depth, start := 0, true
	for i, t := range toks {
		if depth == 0 && start && i+1 < len(toks) {
			switch {
			case (t.t == token.FUNC || t.t == token.TYPE || t.t == token.VAR || t.t == token.CONST) && toks[i+1].t == token.IDENT:
				if t.t != token.FUNC || i+2 < len(toks) && toks[i+2].t == token.LPAREN {
					c.shadowed[toks[i+1].lit] = true
				}
			case t.t == token.IDENT:
				j := i
				for j+2 < len(toks) && toks[j+1].t == token.COMMA && toks[j+2].t == token.IDENT {
					j += 2
				}
				if j+1 < len(toks) && toks[j+1].t == token.DEFINE {
					for k := i; k <= j; k += 2 {
						c.shadowed[toks[k].lit] = true
					}
				}
			}
		}
		depth += nesting(t.t)
		start = depth == 0 && (t.t == token.SEMICOLON || t.t == token.RBRACE)
	}
}

// topLevel tells, for each token, whether it is outside every brace.
func topLevel(toks []gtok) []bool {
	top := make([]bool, len(toks))
	depth := 0
	for i, t := range toks {
		if t.t == token.RBRACE {
			depth--
		}
		top[i] = depth == 0
		if t.t == token.LBRACE {
			depth++
		}
	}
	return top
}

// nesting is +1 for an opening bracket, parenthesis or brace, -1 for a
// closing one.
func nesting(t token.Token) int {
	switch t {
	case token.LBRACK, token.LPAREN, token.LBRACE:
		return 1
	case token.RBRACK, token.RPAREN, token.RBRACE:
		return -1
	}
	return 0
}

// rewrite spells a cell's generics in gomacro's syntax (see the top of this
// file). The returned commit records the cell's declarations once it
// compiled.
func (g *generics) rewrite(code string) (prelude, spelled string, uses bool, commit func()) {
	g.cell = nil
	code, lib := renameLibCalls(code)
	if lib && !g.libDeclared {
		if g.libText == "" {
			libPrelude, libCode, _, libCommit := g.rewrite(rewriteIterTypes(genericLib))
			libCommit()
			g.libText = libPrelude + "\n" + libCode
		}
		prelude = g.libText
	}
	if !strings.Contains(code, "[") && !g.mentionsFunc(code) && prelude == "" {
		return "", code, false, func() {}
	}
	toks := scanCell(code)
	cell := &cellGenerics{funcs: map[string]*genDecl{}, types: map[string]*genType{},
		methods: map[string][]namedMethod{}, instances: map[string]map[string][]string{}, shadowed: map[string]bool{}}
	cell.shadows(scanTokens(code, true))
	var edits []edit
	var regions []genRegion

	// Declarations: generic types first, so that methods declared above
	// their type are recognised.
	top := topLevel(toks)
	for i := 0; i < len(toks); i++ {
		switch toks[i].t {
		case token.TYPE:
			if top[i] && i+2 < len(toks) && toks[i+1].t == token.IDENT && isTypeParamList(toks, i+2) {
				close := matching(toks, i+2)
				if close < 0 {
					continue
				}
				end := typeDeclEnd(code, toks, close+1)
				name := toks[i+1].lit
				params := typeParams(toks, i+2, close)
				cell.types[name] = &genType{genDecl: genDecl{params: params, text: code[toks[i].off:toks[end].end]},
					methods: map[string]genMethod{}, instances: map[string][]string{}}
				edits = append(edits, edit{toks[i+2].off, toks[close].end, spellParams(code[toks[i+2].off:toks[close].end], params)})
				regions = append(regions, genRegion{toks[i].off, toks[end].end, params})
			}
		}
	}
	for i := 0; i < len(toks); i++ {
		switch toks[i].t {
		case token.INTERFACE:
			if i+1 < len(toks) && toks[i+1].t == token.LBRACE {
				edits = append(edits, constraintTerms(toks, i+1)...)
			}
		case token.FUNC:
			if !top[i] || i+2 >= len(toks) {
				continue
			}
			switch {
			case toks[i+1].t == token.IDENT && toks[i+2].t == token.LBRACK:
				close := matching(toks, i+2)
				end := declEnd(toks, i)
				if close < 0 || end < 0 {
					continue
				}
				params := typeParams(toks, i+2, close)
				f := &genDecl{params: params, text: code[toks[i].off:toks[end].end]}
				f.signature(toks, close)
				cell.funcs[toks[i+1].lit] = f
				edits = append(edits, edit{toks[i+2].off, toks[close].end, spellParams(code[toks[i+2].off:toks[close].end], params)})
				if f.variadic {
					twins := "; " + oneLine(sliceTwin(f.text, false))
					if f.nparams > 1 {
						twins += "; " + oneLine(sliceTwin(f.text, true))
					}
					edits = append(edits, edit{toks[end].end, toks[end].end, twins})
				}
				regions = append(regions, genRegion{toks[i].off, toks[end].end, params})
			case toks[i+1].t == token.LPAREN:
				m, typ, end, ok := g.method(cell, code, toks, i)
				if !ok {
					continue
				}
				cell.methods[typ] = append(cell.methods[typ], m)
				edits = append(edits, edit{toks[i].off, toks[end].end, blankLines(code[toks[i].off:toks[end].end])})
				regions = append(regions, genRegion{toks[i].off, toks[end].end, m.recv})
				i = end
			}
		}
	}
	if methods := g.instances(cell, code, regions); methods != "" {
		// gomacro needs a method declared before a statement of the cell
		// uses it: the methods go on the line of the first statement after
		// the cell's declarations, so the cell's lines keep their numbers.
		at := methodsAt(code, regions)
		if at == len(code) {
			methods = "\n" + methods
		}
		edits = append(edits, edit{at, at, methods})
	}
	code = applyEdits(code, edits)
	code, packs := g.packVariadic(cell, code)
	// Uses of generic names: `Map[int]` and `Stack[string]` become
	// gomacro's `Map#[int]` and `Stack#[string]`.
	code = g.spellUses(cell, code)
	if packs != "" {
		prelude += "\n" + packs
	}
	uses = len(cell.funcs) > 0 || len(cell.types) > 0 || prelude != "" || strings.Contains(code, "#[") ||
		strings.Contains(code, twinPrefix) || strings.Contains(code, twin0Prefix) || g.mentionsFunc(code)
	g.cell = cell
	commit = func() {
		g.commit(cell)
		g.libDeclared = g.libDeclared || lib
	}
	return prelude, code, uses, commit
}

// spelledCell is a cell ready for gomacro, in up to two compilations: the
// prelude (declarations the cell needs: the generic standard library,
// variadic packs) and the code, both with gomacro's generics when generic.
type spelledCell struct {
	prelude, code string
	generic       bool
	commit        func()
}

// spell rewrites a cell (rewrite).
func (g *generics) spell(code string) spelledCell {
	prelude, code, generic, commit := g.rewrite(code)
	return spelledCell{prelude: prelude, code: code, generic: generic, commit: commit}
}

// maxPack is the most variadic arguments packVariadic packs.
const maxPack = 64

// twinPrefix names the twins of a variadic generic function (sliceTwin):
// __hb_v_F takes the variadic arguments as a slice, __hb_v0_F none.
const (
	twinPrefix  = "__hb_v_"
	twin0Prefix = "__hb_v0_"
)

// sliceTwin writes a variadic generic function as its twin whose last
// parameter `xs ...T` is `xs []T`, what the body sees either way; with
// none, the twin lacks the parameter and its body starts with `var xs []T`.
func sliceTwin(text string, none bool) string {
	toks := scanCell(text)
	if len(toks) < 3 {
		return text
	}
	close := matching(toks, 2)
	if close < 0 || close+1 >= len(toks) {
		return text
	}
	end := matching(toks, close+1)
	prefix := twinPrefix
	if none {
		prefix = twin0Prefix
	}
	edits := []edit{{toks[1].off, toks[1].end, prefix + toks[1].lit},
		{toks[2].off, toks[close].end, "#[" + strings.Join(typeParams(toks, 2, close), ", ") + "]"}}
	parts := splitList(toks, close+1, end)
	if end < 0 || len(parts) == 0 {
		return applyEdits(text, edits)
	}
	last := parts[len(parts)-1]
	dots := -1
	for k := last[0]; k < last[1]; k++ {
		if toks[k].t == token.ELLIPSIS {
			dots = k
		}
	}
	if dots < 0 {
		return applyEdits(text, edits)
	}
	if !none {
		return applyEdits(text, append(edits, edit{toks[dots].off, toks[dots].end, "[]"}))
	}
	// drop `, xs ...T` and declare xs in the body
	from := toks[last[0]].off
	if len(parts) > 1 {
		from = toks[parts[len(parts)-2][1]-1].end
	}
	edits = append(edits, edit{from, toks[last[1]-1].end, ""})
	if toks[last[0]].t == token.IDENT && last[0] < dots {
		body := declEnd(toks, 0)
		open := body
		for open > 0 && toks[open].t != token.LBRACE || matching(toks, open) != body {
			open--
		}
		if open > 0 {
			decl := "var " + toks[last[0]].lit + " []" + text[toks[dots].end:toks[last[1]-1].end] + "; "
			edits = append(edits, edit{toks[open].end, toks[open].end, decl})
		}
	}
	return applyEdits(text, edits)
}

// packVariadic helps gomacro's inference, which gives up on calls of
// variadic generic functions: a call goes to the function's slice twin
// (sliceTwin), `Sum(1, 2, 3)` becoming `__hb_v_Sum(__hb_pack3(1, 2, 3))`
// and `Sum(xs...)` `__hb_v_Sum(xs)`; the generic __hb_pack3 returns its
// arguments as a slice, so T is inferred from its type. Calls with type
// arguments stay. It returns the declarations of the packs the cell needs.
func (g *generics) packVariadic(cell *cellGenerics, code string) (string, string) {
	toks := scanCell(code)
	var edits []edit
	need := map[int]bool{}
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].t != token.IDENT || toks[i+1].t != token.LPAREN || i > 0 && (toks[i-1].t == token.PERIOD || toks[i-1].t == token.FUNC) {
			continue
		}
		f := g.lookupFunc(cell, toks[i].lit)
		if f == nil || !f.variadic {
			continue
		}
		close := matching(toks, i+1)
		if close < 0 {
			continue
		}
		name := edit{toks[i].off, toks[i].end, twinPrefix + toks[i].lit}
		if toks[close-1].t == token.ELLIPSIS {
			edits = append(edits, name, edit{toks[close-1].off, toks[close-1].end, ""})
			continue
		}
		parts := splitList(toks, i+1, close)
		fixed := f.nparams - 1
		k := len(parts) - fixed
		if k == 0 && fixed > 0 {
			// no variadic arguments: the twin without them
			edits = append(edits, edit{toks[i].off, toks[i].end, twin0Prefix + toks[i].lit})
			continue
		}
		if k <= 0 || k > maxPack {
			continue
		}
		first := toks[parts[fixed][0]].off
		last := toks[parts[len(parts)-1][1]-1].end
		edits = append(edits, name, edit{first, first, fmt.Sprintf("__hb_pack%d(", k)}, edit{last, last, ")"})
		need[k] = true
	}
	if len(edits) == 0 {
		return code, ""
	}
	var decls []string
	for k := range need {
		if cell.packs == nil {
			cell.packs = map[int]bool{}
		}
		cell.packs[k] = true
		if g.packs[k] {
			continue
		}
		names := make([]string, k)
		for j := range names {
			names[j] = fmt.Sprintf("a%d", j)
		}
		list := strings.Join(names, ", ")
		decls = append(decls, fmt.Sprintf("func __hb_pack%d#[T](%s T) []T { return []T{%s} }", k, list, list))
	}
	sort.Strings(decls)
	return applyEdits(code, edits), strings.Join(decls, "; ")
}

// mentionsFunc reports whether code names a generic function or type of
// an earlier cell (a call whose type arguments gomacro infers, or a
// declaration that replaces it).
func (g *generics) mentionsFunc(code string) bool {
	if len(g.funcs) == 0 && len(g.types) == 0 {
		return false
	}
	for _, t := range scanCell(code) {
		if t.t == token.IDENT && (g.funcs[t.lit] != nil || g.types[t.lit] != nil) {
			return true
		}
	}
	return false
}

// methodsAt returns where written-out methods go in code: before the first
// top-level statement or variable declaration that comes after every
// generic declaration of the cell, or at the end.
func methodsAt(code string, regions []genRegion) int {
	last := 0
	for _, r := range regions {
		last = max(last, r.to)
	}
	toks := scanTokens(code, true)
	depth, start := 0, true
	for _, t := range toks {
		switch t.t {
		case token.LBRACE, token.LPAREN, token.LBRACK:
			depth++
		case token.RBRACE, token.RPAREN, token.RBRACK:
			depth--
		}
		if depth == 0 && start && t.off >= last {
			switch t.t {
			case token.IMPORT, token.TYPE, token.FUNC, token.CONST, token.SEMICOLON:
			default:
				return t.off
			}
		}
		start = depth == 0 && t.t == token.SEMICOLON
		if t.t == token.RBRACE && depth == 0 {
			start = false
		}
	}
	return len(code)
}

// oneLine writes a declaration on one line, with the semicolons Go would
// insert at its line ends and without comments.
func oneLine(text string) string {
	var b strings.Builder
	prev := gtok{t: token.ILLEGAL}
	for _, t := range scanTokens(text, true) {
		if t.t == token.SEMICOLON {
			b.WriteString("; ")
			prev = t
			continue
		}
		if prev.t != token.ILLEGAL && prev.t != token.SEMICOLON && needsSpace(prev, t) {
			b.WriteByte(' ')
		}
		b.WriteString(text[t.off:t.end])
		prev = t
	}
	return b.String()
}

// genRegion is the span of a generic declaration and its type parameters:
// instances named inside it with these parameters are not concrete.
type genRegion struct {
	from, to int
	params   []string
}

// spellParams writes a type parameter list as gomacro's `#[T, U]`. The
// list's line ends are kept in a comment after the bracket, where no
// semicolon is inserted, so the cell's later lines keep their numbers.
func spellParams(list string, params []string) string {
	lines := ""
	if n := strings.Count(list, "\n"); n > 0 {
		lines = "/*" + strings.Repeat("\n", n) + "*/"
	}
	return "#[" + lines + strings.Join(params, ", ") + "]"
}

// constraintTerms drops the type terms of the interface whose body opens at
// toks[open]: `~int | ~float64`, `int | string`, `comparable`. Its methods
// and embedded interfaces stay.
func constraintTerms(toks []gtok, open int) []edit {
	close := matching(toks, open)
	if close < 0 {
		return nil
	}
	var edits []edit
	from := open + 1
	for j := open + 1; j <= close; j++ {
		if j < close && toks[j].t != token.SEMICOLON {
			if toks[j].t == token.LBRACE || toks[j].t == token.LPAREN || toks[j].t == token.LBRACK {
				j = matching(toks, j)
				if j < 0 {
					return edits
				}
			}
			continue
		}
		if from < j && isTypeTerm(toks[from:j]) {
			edits = append(edits, edit{toks[from].off, toks[j-1].end, ""})
		}
		from = j + 1
	}
	return edits
}

// predeclared types: an interface element naming one is a type term.
var predeclaredTypes = map[string]bool{
	"bool": true, "byte": true, "complex64": true, "complex128": true, "error": false,
	"float32": true, "float64": true, "int": true, "int8": true, "int16": true, "int32": true,
	"int64": true, "rune": true, "string": true, "uint": true, "uint8": true, "uint16": true,
	"uint32": true, "uint64": true, "uintptr": true, "comparable": true,
}

func isTypeTerm(el []gtok) bool {
	if len(el) == 1 {
		return predeclaredTypes[el[0].lit]
	}
	if len(el) >= 2 && el[0].t == token.IDENT && el[1].t == token.LPAREN {
		return false // a method
	}
	for _, t := range el {
		if t.t == token.TILDE || t.t == token.OR {
			return true
		}
	}
	// `cmp.Ordered` and other qualified constraints embedded in an
	// interface: gomacro's tables hold no such interface
	return len(el) == 3 && el[1].t == token.PERIOD && el[0].lit == "cmp"
}

// method reads a method declaration starting at toks[i] whose receiver is
// an instance of a generic type with type parameters: `func (s *Stack[T])
// Push(v T) { … }`.
func (g *generics) method(cell *cellGenerics, code string, toks []gtok, i int) (namedMethod, string, int, bool) {
	close := matching(toks, i+1)
	if close < 0 || close+1 >= len(toks) || toks[close+1].t != token.IDENT {
		return namedMethod{}, "", 0, false
	}
	for j := i + 2; j < close; j++ {
		if toks[j].t != token.IDENT || toks[j+1].t != token.LBRACK || g.lookupType(cell, toks[j].lit) == nil {
			continue
		}
		rb := matching(toks, j+1)
		end := declEnd(toks, i)
		if rb < 0 || rb > close || end < 0 {
			return namedMethod{}, "", 0, false
		}
		var recv []string
		for _, p := range splitList(toks, j+1, rb) {
			recv = append(recv, code[toks[p[0]].off:toks[p[1]-1].end])
		}
		return namedMethod{name: toks[close+1].lit, genMethod: genMethod{recv: recv, text: code[toks[i].off:toks[end].end]}}, toks[j].lit, end, true
	}
	return namedMethod{}, "", 0, false
}

// spellUses turns `G[` into `G#[` for every generic function or type G the
// cells declared, except where G is being declared.
func (g *generics) spellUses(cell *cellGenerics, code string) string {
	toks := scanCell(code)
	var edits []edit
	for i := 0; i+1 < len(toks); i++ {
		if !isInstance(toks, i) {
			continue
		}
		name := toks[i].lit
		if g.lookupType(cell, name) == nil && g.lookupFunc(cell, name) == nil {
			continue
		}
		edits = append(edits, edit{toks[i+1].off, toks[i+1].off, "#"})
	}
	return applyEdits(code, edits)
}

// instances writes out the methods of every instance with concrete type
// arguments named in code (and, through them, in other generic
// declarations) that has none yet.
func (g *generics) instances(cell *cellGenerics, code string, regions []genRegion) string {
	var out strings.Builder
	type job struct {
		text    string
		regions []genRegion
	}
	seen := map[string]bool{}
	work := []job{{code, regions}}
	// Methods (re)declared in this cell are written out for the
	// instances earlier cells made.
	for typ, ms := range cell.methods {
		if t := g.types[typ]; t != nil && cell.types[typ] == nil {
			for key, args := range t.instances {
				for _, m := range ms {
					text := instantiate(m.text, m.recv, args, true)
					out.WriteString(oneLine(text) + "; ")
					work = append(work, job{text: text})
				}
				seen[typ+"["+key+"]"] = true
			}
		}
	}
	// Bounds: a cell is small; instances that keep naming new ones
	// (`type L[T any] struct{ next *L[L[T]] }`), or whose arguments grow
	// with each step, stop here, and gomacro reports what is missing. The
	// text scanned counts as well as the text written: an instance's text
	// can double at each step.
	scanned := 0
	for n := 0; len(work) > 0 && n < 1000 && out.Len() < maxInstanceText && scanned < maxInstanceText; n++ {
		j := work[0]
		work = work[1:]
		scanned += len(j.text)
		if scanned > maxInstanceText {
			break
		}
		for _, use := range genericUses(j.text, j.regions) {
			key := use.name + "[" + strings.Join(use.args, ",") + "]"
			if seen[key] || len(key) > maxInstanceName {
				continue // an instance's text grows with its arguments' length
			}
			seen[key] = true
			if f := g.lookupFunc(cell, use.name); f != nil && len(f.params) == len(use.args) {
				work = append(work, job{text: instantiate(f.text, f.params, use.args, false)})
				continue
			}
			t := g.lookupType(cell, use.name)
			if t == nil || len(t.params) != len(use.args) {
				continue
			}
			argKey := strings.Join(use.args, ",")
			if _, done := t.instances[argKey]; done && cell.types[use.name] == nil {
				continue
			}
			if cell.instances[use.name] == nil {
				cell.instances[use.name] = map[string][]string{}
			}
			cell.instances[use.name][argKey] = use.args
			work = append(work, job{text: instantiate(t.text, t.params, use.args, false)})
			for _, m := range g.methodsOf(cell, use.name) {
				text := instantiate(m.text, m.recv, use.args, true)
				out.WriteString(oneLine(text) + "; ")
				work = append(work, job{text: text})
			}
		}
	}
	return out.String()
}

// methodsOf returns the methods of generic type name: those of earlier
// cells unless the cell redeclares the type, then the cell's own.
func (g *generics) methodsOf(cell *cellGenerics, name string) []namedMethod {
	byName := map[string]namedMethod{}
	if t := g.types[name]; t != nil && cell.types[name] == nil {
		for n, m := range t.methods {
			byName[n] = namedMethod{n, m}
		}
	}
	for _, m := range cell.methods[name] {
		byName[m.name] = m
	}
	var ms []namedMethod
	for _, m := range byName {
		ms = append(ms, m)
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].name < ms[j].name })
	return ms
}

// maxInstanceText caps the methods written out for one cell, and the
// text of instances scanned to find them.
const maxInstanceText = 256 << 10

// maxInstanceName caps the length of an instance's name with its type
// arguments (`Stack[map[string][]int]`) that is written out.
const maxInstanceName = 4 << 10

// isInstance reports whether toks[i] starts `Name[…]` that can name an
// instance: not a selector's field, not the name being declared.
func isInstance(toks []gtok, i int) bool {
	if i+1 >= len(toks) || toks[i].t != token.IDENT || toks[i+1].t != token.LBRACK || toks[i+1].off != toks[i].end {
		return false
	}
	return i == 0 || toks[i-1].t != token.PERIOD && toks[i-1].t != token.FUNC && toks[i-1].t != token.TYPE
}

type genericUse struct {
	name string
	args []string
}

// genericUses finds `Name[args]` in code whose arguments mention no type
// parameter of the generic declaration they appear in.
func genericUses(code string, regions []genRegion) []genericUse {
	toks := scanCell(code)
	var uses []genericUse
	for i := 0; i+1 < len(toks); i++ {
		if !isInstance(toks, i) {
			continue
		}
		close := matching(toks, i+1)
		if close < 0 {
			continue
		}
		params := map[string]bool{}
		for _, r := range regions {
			if toks[i].off >= r.from && toks[i].off < r.to {
				for _, p := range r.params {
					params[p] = true
				}
			}
		}
		var args []string
		concrete := true
		for _, p := range splitList(toks, i+1, close) {
			var b strings.Builder
			for k := p[0]; k < p[1]; k++ {
				if toks[k].t == token.IDENT && params[toks[k].lit] {
					concrete = false
				}
				b.WriteString(code[toks[k].off:toks[k].end])
				if k+1 < p[1] && needsSpace(toks[k], toks[k+1]) {
					b.WriteByte(' ')
				}
			}
			args = append(args, b.String())
		}
		if concrete && len(args) > 0 {
			uses = append(uses, genericUse{toks[i].lit, args})
		}
	}
	return uses
}

// needsSpace reports whether two tokens written side by side would fuse.
func needsSpace(a, b gtok) bool {
	word := func(t token.Token) bool { return t.IsKeyword() || t == token.IDENT || t.IsLiteral() }
	return word(a.t) && word(b.t)
}

// instantiate writes text with the type parameters params replaced by args.
// In a method (recv), the receiver's type arguments are replaced whole, so
// `_` and renamed parameters work.
func instantiate(text string, params, args []string, recv bool) string {
	sub := map[string]string{}
	for i, p := range params {
		if p != "_" && i < len(args) {
			sub[p] = typeOperand(args[i])
		}
	}
	toks := scanCell(text)
	var edits []edit
	start := 0
	if recv && len(toks) > 1 && toks[1].t == token.LPAREN {
		close := matching(toks, 1)
		for j := 2; j < close; j++ {
			if toks[j].t == token.IDENT && toks[j+1].t == token.LBRACK {
				rb := matching(toks, j+1)
				edits = append(edits, edit{toks[j+1].off, toks[rb].end, "[" + strings.Join(args, ", ") + "]"})
				break
			}
		}
		start = close
	}
	for i := start; i < len(toks); i++ {
		t := toks[i]
		if t.t != token.IDENT {
			continue
		}
		if i > 0 && toks[i-1].t == token.PERIOD {
			continue // a field or method named like a parameter
		}
		if a, ok := sub[t.lit]; ok {
			edits = append(edits, edit{t.off, t.end, a})
		}
	}
	return applyEdits(text, edits)
}

// typeOperand parenthesises a type argument that is not a (qualified)
// name, so that `T(x)` and `*T` keep their meaning with T = *int.
func typeOperand(arg string) string {
	simple := true
	for _, r := range arg {
		if !(r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 0x7f) {
			simple = false
		}
	}
	if simple || strings.Contains(arg, "#[") {
		return arg
	}
	if strings.HasPrefix(arg, "[") || strings.HasPrefix(arg, "map[") {
		return arg // composite literals cannot take a parenthesised type
	}
	return "(" + arg + ")"
}

// declaration returns how the cells declared the generic function or type
// name, for Inspect: a function's signature, a type with its methods'
// signatures; "" if name is neither.
func (g *generics) declaration(name string) string {
	if f := g.funcs[name]; f != nil {
		return signatureOf(f.text)
	}
	t := g.types[name]
	if t == nil {
		return ""
	}
	out := t.text
	if strings.Count(out, "\n") > 15 {
		out = oneLineDecl(out) + " …"
	}
	names := make([]string, 0, len(t.methods))
	for n := range t.methods {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		out += "\n" + signatureOf(t.methods[n].text)
	}
	return out
}

// signatureOf returns a function declaration without its body.
func signatureOf(text string) string {
	toks := scanCell(text)
	if end := declEnd(toks, 0); end > 0 {
		open := end
		for open > 0 && (toks[open].t != token.LBRACE || matching(toks, open) != end) {
			open--
		}
		if open > 0 {
			return strings.TrimSpace(text[:toks[open].off])
		}
	}
	return oneLineDecl(text)
}

// oneLineDecl returns a declaration's first line.
func oneLineDecl(text string) string {
	first, _, _ := strings.Cut(text, "\n")
	return strings.TrimSpace(first)
}

// commit records what a compiled cell declared.
func (g *generics) commit(cell *cellGenerics) {
	for name := range cell.shadowed {
		delete(g.funcs, name)
		delete(g.types, name)
	}
	for k := range cell.packs {
		g.packs[k] = true
	}
	for name, f := range cell.funcs {
		g.funcs[name] = f
		delete(g.types, name)
	}
	for name, t := range cell.types {
		g.types[name] = t
		delete(g.funcs, name)
	}
	for name, ms := range cell.methods {
		t := g.types[name]
		if t == nil {
			continue
		}
		for _, m := range ms {
			t.methods[m.name] = m.genMethod
		}
	}
	for name, inst := range cell.instances {
		if t := g.types[name]; t != nil {
			for k, args := range inst {
				t.instances[k] = args
			}
		}
	}
}

// genericHintFor completes gomacro's errors about generics.
func genericHintFor(msg string) string {
	switch {
	case strings.Contains(msg, "failed to infer") || strings.Contains(msg, "unimplemented type inference"):
		name := "F"
		if _, call, ok := strings.Cut(msg, "generic function: "); ok {
			if n, _, ok := strings.Cut(call, "("); ok && n != "" {
				name = strings.TrimPrefix(strings.TrimPrefix(n, twinPrefix), twin0Prefix)
			}
		}
		return msg + " (the engine infers type arguments from the arguments' types only, not from constraints such as S ~[]E: write them out, as in " + name + "[T1, T2](…))"
	case strings.Contains(msg, "has no field or method") && strings.Contains(msg, "#["):
		return msg + " (methods of a generic type exist for instances the cells name with concrete types, such as Stack[int]; an instance made only inside another generic function needs that name in a cell)"
	}
	return msg
}
