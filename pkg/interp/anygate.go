package interp

import (
	"go/ast"
	"go/token"
	"reflect"
	"strconv"
	"strings"

	"github.com/cosmos72/gomacro/imports"
)

// anyGate is what the cells so far declared, by name, that decides where
// the builtins of anybox.go go: places where a value may go into an empty
// interface (to box it), and places where a constant of a cell-declared
// type or a pointer goes into a typed place (gomacro's conversion of those
// to interfaces is wrong). Code without such places compiles and runs as
// before; the builtins decide from the types. Names only grow: a name that
// once held an interface keeps its builtins, which cost a direct call where
// they find nothing to do. Before a cell declares a type nothing is placed:
// no value can need it.
type anyGate struct {
	types  bool                // a cell declared a named type: boxes may be needed
	names  map[string]bool     // variables, parameters, results: an empty interface in their type
	fields map[string]bool     // struct fields: an empty interface in their type
	funcs  map[string][]byte   // functions and methods: their parameters' kinds (paramEmpty, paramIface)
	empty  map[string]bool     // types declared as an empty interface (type V interface{}, type V = any)
	holds  map[string]bool     // types with an empty interface in their definition (type Row map[string]any)
	pkgs   map[string]bool     // imported package names
	paths  map[string]string   // their import paths
	ret    map[string]bool     // functions with an empty interface in their results
	keys   map[string]bool     // maps keyed by an empty interface (map[any]int)
	order  map[string][]string // struct types: their fields in order ("" for embedded ones)
	consts map[string]bool     // constants of types declared in cells (const High Level = 1)
	decls  map[string]bool     // functions and methods declared in cells
	ptrs   map[string]bool     // variables given a pointer (p := &T{}, new(T))
	ifaces map[string]bool     // interface types declared in cells
	inames map[string]bool     // variables, parameters, fields: an interface in their type
}

// The kinds of a parameter, as far as the syntax tells.
const (
	paramPlain byte = iota
	paramEmpty      // an empty interface
	paramIface      // an interface (or a package's type, which may be one)
)

func newAnyGate() *anyGate {
	return &anyGate{names: map[string]bool{}, fields: map[string]bool{}, funcs: map[string][]byte{},
		empty: map[string]bool{}, holds: map[string]bool{}, pkgs: map[string]bool{}, ret: map[string]bool{}, keys: map[string]bool{}, order: map[string][]string{},
		consts: map[string]bool{}, decls: map[string]bool{}, ptrs: map[string]bool{},
		ifaces: map[string]bool{}, inames: map[string]bool{}, paths: map[string]string{}}
}

// isEmpty reports whether the type expression x is an empty interface.
func (g *anyGate) isEmpty(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.Ident:
		return x.Name == "any" || g.empty[x.Name]
	case *ast.InterfaceType:
		return x.Methods == nil || len(x.Methods.List) == 0
	case *ast.ParenExpr:
		return g.isEmpty(x.X)
	}
	return false
}

// isIface reports whether the type expression x is, or may be, an
// interface: a package's type may be one.
func (g *anyGate) isIface(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.Ident:
		return x.Name == "error" || g.ifaces[x.Name] || g.isEmpty(x)
	case *ast.InterfaceType:
		return true
	case *ast.SelectorExpr:
		// a package's type: its table says (unknown: maybe)
		pkg, ok := x.X.(*ast.Ident)
		if !ok {
			return true
		}
		p, known := imports.Packages[g.paths[pkg.Name]]
		if rt, ok := p.Types[x.Sel.Name]; known && ok {
			return rt.Kind() == reflect.Interface
		}
		return !known
	case *ast.ParenExpr:
		return g.isIface(x.X)
	}
	return false
}

// mayBePointer reports whether x may be a pointer: syntactically one, or
// a name, a call, a field or an element.
func (g *anyGate) mayBePointer(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.Ident:
		return boxable(x)
	case *ast.CallExpr:
		id, ok := x.Fun.(*ast.Ident)
		return !ok || !builtinFuncs[id.Name] || id.Name == "new"
	case *ast.SelectorExpr, *ast.IndexExpr:
		return true
	case *ast.ParenExpr:
		return g.mayBePointer(x.X)
	}
	return g.isPointer(x)
}

// holdsIface reports whether the type expression x is or contains an
// interface.
func (g *anyGate) holdsIface(x ast.Expr) bool {
	return g.holdsEmpty(x) || g.contains(x, g.isIface)
}

// paramKind is the kind of a parameter of type x.
func (g *anyGate) paramKind(x ast.Expr) byte {
	if el, ok := x.(*ast.Ellipsis); ok {
		x = el.Elt
	}
	switch {
	case g.isEmpty(x):
		return paramEmpty
	case g.isIface(x):
		return paramIface
	}
	return paramPlain
}

// ifaceHolder reports whether x is, indexes, or is a field of, something
// declared with an interface in its type (inames holds names of variables
// and fields alike).
func (g *anyGate) ifaceHolder(x ast.Expr) bool {
	return g.heldIn(x, g.inames, g.inames) || g.holder(x)
}

// holdsEmpty reports whether the type expression x is or contains an empty
// interface.
func (g *anyGate) holdsEmpty(x ast.Expr) bool {
	return g.contains(x, func(x ast.Expr) bool {
		id, ok := x.(*ast.Ident)
		return g.isEmpty(x) || ok && g.holds[id.Name]
	})
}

// contains reports whether the type expression x, or a type it is made
// of, is one that is.
func (g *anyGate) contains(x ast.Expr, is func(ast.Expr) bool) bool {
	if is(x) {
		return true
	}
	switch x := x.(type) {
	case *ast.ParenExpr:
		return g.contains(x.X, is)
	case *ast.StarExpr:
		return g.contains(x.X, is)
	case *ast.ArrayType:
		return g.contains(x.Elt, is)
	case *ast.MapType:
		return g.contains(x.Key, is) || g.contains(x.Value, is)
	case *ast.ChanType:
		return g.contains(x.Value, is)
	case *ast.Ellipsis:
		return g.contains(x.Elt, is)
	case *ast.StructType:
		for _, f := range x.Fields.List {
			if g.contains(f.Type, is) {
				return true
			}
		}
	}
	return false
}

// valueHolds reports whether an initial value gives a variable a type with
// an empty interface: any(x), []any{…}, make(map[string]any).
func (g *anyGate) valueHolds(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.CompositeLit:
		return x.Type != nil && g.holdsEmpty(x.Type)
	case *ast.UnaryExpr:
		return x.Op == token.AND && g.valueHolds(x.X) || x.Op == token.ARROW && g.holder(x.X)
	case *ast.CallExpr:
		if id, ok := x.Fun.(*ast.Ident); ok && (id.Name == "make" || id.Name == "new") && len(x.Args) > 0 {
			return g.holdsEmpty(x.Args[0])
		}
		if id, ok := x.Fun.(*ast.Ident); ok && g.ret[id.Name] {
			return true
		}
		if sel, ok := x.Fun.(*ast.SelectorExpr); ok {
			// a package's function: its table gives the results
			if pkg, ok := sel.X.(*ast.Ident); ok && g.pkgs[pkg.Name] {
				if f, ok := imports.Packages[g.paths[pkg.Name]].Binds[sel.Sel.Name]; ok && f.Kind() == reflect.Func {
					for i := range f.Type().NumOut() {
						if out := f.Type().Out(i); out.Kind() == reflect.Interface && out.NumMethod() == 0 {
							return true
						}
					}
				}
			}
		}
		return len(x.Args) == 1 && g.holdsEmpty(x.Fun)
	case *ast.TypeAssertExpr:
		return x.Type != nil && g.holdsEmpty(x.Type)
	case *ast.Ident, *ast.IndexExpr, *ast.SelectorExpr, *ast.ParenExpr:
		// a copy of, or an element from, something that holds one
		return g.holder(x)
	}
	return false
}

// funcParams records the kinds of the parameters of a function (declared,
// or a literal given a name).
func (g *anyGate) funcParams(name string, ft *ast.FuncType) {
	var params []byte
	for _, f := range ft.Params.List {
		k := g.paramKind(f.Type)
		for range max(1, len(f.Names)) {
			params = append(params, k)
		}
	}
	g.funcs[name] = params
	g.decls[name] = true
	if ft.Results != nil {
		for _, f := range ft.Results.List {
			if g.holdsEmpty(f.Type) {
				g.ret[name] = true
			}
		}
	}
}

// keyedByEmpty reports whether the type expression x is a map keyed by an
// empty interface.
func (g *anyGate) keyedByEmpty(x ast.Expr) bool {
	m, ok := x.(*ast.MapType)
	return ok && g.isEmpty(m.Key)
}

// litType is the type a composite literal or make call spells.
func litType(x ast.Expr) ast.Expr {
	switch x := x.(type) {
	case *ast.CompositeLit:
		return x.Type
	case *ast.CallExpr:
		if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "make" && len(x.Args) > 0 {
			return x.Args[0]
		}
	}
	return nil
}

// collect adds what node declares.
func (g *anyGate) collect(node ast.Node) {
	generic := false
	if d, ok := node.(*ast.FuncDecl); ok && d.Recv != nil && len(d.Recv.List) == 2 && d.Recv.List[0] == nil {
		// gomacro's generic function: type parameters as a second
		// receiver after a nil one, which go/ast's walkers cannot visit
		plain := *d
		plain.Recv = nil
		node, generic = &plain, true
	}
	ast.Inspect(node, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ImportSpec:
			path, err := strconv.Unquote(n.Path.Value)
			if err != nil {
				return true
			}
			name := path[strings.LastIndexByte(path, '/')+1:]
			if n.Name != nil {
				name = n.Name.Name
			}
			g.pkgs[name], g.paths[name] = true, path
		case *ast.TypeSpec:
			g.types = true
			if _, ok := n.Type.(*ast.InterfaceType); ok {
				g.ifaces[n.Name.Name] = true
			}
			if g.isEmpty(n.Type) {
				g.empty[n.Name.Name] = true
			}
			if g.holdsEmpty(n.Type) {
				g.holds[n.Name.Name] = true
			}
			if st, ok := n.Type.(*ast.StructType); ok {
				var names []string
				for _, f := range st.Fields.List {
					if len(f.Names) == 0 {
						names = append(names, "")
					}
					for _, name := range f.Names {
						names = append(names, name.Name)
					}
				}
				g.order[n.Name.Name] = names
			}
		case *ast.StructType:
			for _, f := range n.Fields.List {
				for _, name := range f.Names {
					if g.holdsEmpty(f.Type) {
						g.fields[name.Name] = true
					}
					if g.holdsIface(f.Type) {
						g.inames[name.Name] = true
					}
				}
			}
		case *ast.GenDecl:
			if n.Tok == token.CONST {
				var typ ast.Expr // an iota block's later specs repeat the type
				for _, spec := range n.Specs {
					vs := spec.(*ast.ValueSpec)
					if vs.Type != nil || len(vs.Values) > 0 {
						typ = vs.Type
					}
					if id, ok := typ.(*ast.Ident); ok && !predeclared[id.Name] {
						for _, name := range vs.Names {
							g.consts[name.Name] = true
						}
					}
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if i < len(n.Values) && g.isPointer(n.Values[i]) {
					g.ptrs[name.Name] = true
				}
				if n.Type != nil && g.holdsIface(n.Type) || n.Type == nil && i < len(n.Values) && g.holdsIface(litType(n.Values[i])) {
					g.inames[name.Name] = true
				}
				if n.Type != nil && g.keyedByEmpty(n.Type) || n.Type == nil && i < len(n.Values) && g.keyedByEmpty(litType(n.Values[i])) {
					g.keys[name.Name] = true
				}
				if n.Type != nil && g.holdsEmpty(n.Type) || n.Type == nil && i < len(n.Values) && g.valueHolds(n.Values[i]) {
					g.names[name.Name] = true
				}
			}
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE && len(n.Lhs) == len(n.Rhs) {
				for i, lhs := range n.Lhs {
					id, ok := lhs.(*ast.Ident)
					if !ok {
						continue
					}
					if lit, isFunc := n.Rhs[i].(*ast.FuncLit); isFunc {
						g.funcParams(id.Name, lit.Type)
					}
					if g.isPointer(n.Rhs[i]) {
						g.ptrs[id.Name] = true
					}
					if t := litType(n.Rhs[i]); t != nil && g.holdsIface(t) {
						g.inames[id.Name] = true
					}
					if g.valueHolds(n.Rhs[i]) {
						g.names[id.Name] = true
						if g.keyedByEmpty(litType(n.Rhs[i])) {
							g.keys[id.Name] = true
						}
					}
				}
			}
		case *ast.FuncType:
			for _, fl := range []*ast.FieldList{n.Params, n.Results} {
				if fl == nil {
					continue
				}
				for _, f := range fl.List {
					for _, name := range f.Names {
						if g.holdsEmpty(f.Type) {
							g.names[name.Name] = true
						}
						if g.holdsIface(f.Type) {
							g.inames[name.Name] = true
						}
					}
				}
			}
		case *ast.RangeStmt:
			if n.Tok == token.DEFINE && g.holder(n.X) {
				for _, x := range []ast.Expr{n.Key, n.Value} {
					if id, ok := x.(*ast.Ident); ok {
						g.names[id.Name] = true
					}
				}
			}
		case *ast.FuncDecl:
			if n.Type.TypeParams != nil || generic {
				return true // generic: its parameters' types vary
			}
			g.funcParams(n.Name.Name, n.Type)
		}
		return true
	})
}

// holder reports whether an assignment to x may store into an empty
// interface: x is, or indexes, or is a field of, something declared with
// one.
func (g *anyGate) holder(x ast.Expr) bool {
	return g.heldIn(x, g.names, g.fields)
}

// heldIn reports whether x is, indexes, or is a field of, a variable named
// in vars or a field named in fields.
func (g *anyGate) heldIn(x ast.Expr, vars, fields map[string]bool) bool {
	switch x := x.(type) {
	case *ast.Ident:
		return vars[x.Name]
	case *ast.IndexExpr:
		return g.heldIn(x.X, vars, fields)
	case *ast.SelectorExpr:
		return fields[x.Sel.Name]
	case *ast.StarExpr:
		return g.heldIn(x.X, vars, fields)
	case *ast.ParenExpr:
		return g.heldIn(x.X, vars, fields)
	}
	return false
}

// isConst reports whether x names a constant of a type declared in a cell:
// gomacro converts a constant to an interface with reflect, which fails
// for such a type with methods (`var s fmt.Stringer = High`).
func (g *anyGate) isConst(x ast.Expr) bool {
	id, ok := x.(*ast.Ident)
	return ok && g.consts[id.Name]
}

// isPointer reports whether x is, or names a variable given, a pointer:
// gomacro converts a pointer to a cell-declared type with value methods
// to a compiled interface wrongly (pointerProxy).
func (g *anyGate) isPointer(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.UnaryExpr:
		return x.Op == token.AND
	case *ast.Ident:
		return g.ptrs[x.Name]
	case *ast.CallExpr:
		id, ok := x.Fun.(*ast.Ident)
		return ok && id.Name == "new"
	}
	return false
}

// builtinFuncs are the builtins a call argument can go to; none converts
// to an interface.
var builtinFuncs = map[string]bool{"append": true, "cap": true, "clear": true, "close": true, "complex": true, "copy": true,
	"delete": true, "imag": true, "len": true, "make": true, "max": true, "min": true, "new": true, "panic": true,
	"print": true, "println": true, "real": true, "recover": true}

// zeroOf is an expression of type t that the builtins only compile.
func zeroOf(t ast.Expr) ast.Expr {
	return &ast.StarExpr{Star: t.Pos(), X: &ast.CallExpr{Fun: &ast.Ident{NamePos: t.Pos(), Name: "new"}, Lparen: t.Pos(), Args: []ast.Expr{t}, Rparen: t.End()}}
}

// boxable reports whether x could be of a cell-declared type: literals and
// nil cannot.
func boxable(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.BasicLit, *ast.FuncLit:
		return false
	case *ast.Ident:
		return x.Name != "nil" && x.Name != "true" && x.Name != "false"
	}
	return true
}

func builtinCall(name string, pos ast.Node, args ...ast.Expr) *ast.CallExpr {
	return &ast.CallExpr{Fun: &ast.Ident{NamePos: pos.Pos(), Name: name}, Lparen: pos.Pos(), Args: args, Rparen: pos.End()}
}

func (g *anyGate) box(x ast.Expr) ast.Expr {
	if !boxable(x) {
		return x
	}
	return builtinCall(boxBuiltin, x, x)
}

func (g *anyGate) conv(dst, x ast.Expr) ast.Expr {
	if !boxable(x) {
		return x
	}
	return builtinCall(convBuiltin, x, dst, x)
}

// lower rewrites node, visited after its children by lowerCell; funcs are
// the enclosing function types, innermost last. It reports the node that
// replaces node, or nil.
func (g *anyGate) lower(node ast.Node, parent ast.Node, funcs []*ast.FuncType) ast.Node {
	if !g.types {
		return nil
	}
	switch n := node.(type) {
	case *ast.TypeSwitchStmt:
		if _, labeled := parent.(*ast.LabeledStmt); !labeled {
			if b := g.lowerTypeSwitch(n, nil); b != nil {
				return b
			}
		}
	case *ast.LabeledStmt:
		if ts, ok := n.Stmt.(*ast.TypeSwitchStmt); ok {
			if b := g.lowerTypeSwitch(ts, n); b != nil {
				return b
			}
		}
	case *ast.IndexExpr:
		if id, ok := n.X.(*ast.Ident); ok && g.keys[id.Name] && boxable(n.Index) {
			n.Index = builtinCall(keyBuiltin, n.Index, n.X, n.Index)
		}
	case *ast.TypeAssertExpr:
		if n.Type == nil {
			return nil
		}
		name := assertBuiltin
		switch p := parent.(type) {
		case *ast.AssignStmt:
			if len(p.Lhs) == 2 && len(p.Rhs) == 1 {
				name = assert2Builtin
			}
		case *ast.ValueSpec:
			if len(p.Names) == 2 && len(p.Values) == 1 {
				name = assert2Builtin
			}
		}
		return builtinCall(name, n, n.X, n.Type)
	case *ast.CallExpr:
		if n.Ellipsis.IsValid() {
			return nil
		}
		if len(n.Args) == 1 && g.isEmpty(n.Fun) {
			if x := g.box(n.Args[0]); x != n.Args[0] {
				return x
			}
			return nil
		}
		if id, ok := n.Fun.(*ast.Ident); ok && id.Name == "append" && len(n.Args) > 1 && (g.holder(n.Args[0]) || g.ifaceHolder(n.Args[0])) {
			empty := g.holder(n.Args[0])
			for i := 1; i < len(n.Args); i++ {
				if empty || boxable(n.Args[i]) {
					n.Args[i] = g.conv(&ast.IndexExpr{X: n.Args[0], Lbrack: n.Args[0].End(), Index: &ast.BasicLit{Kind: token.INT, Value: "0"}, Rbrack: n.Args[0].End()}, n.Args[i])
				}
			}
			return nil
		}
		var params []byte
		declared := false
		switch f := n.Fun.(type) {
		case *ast.Ident:
			params, declared = g.funcs[f.Name], g.decls[f.Name]
		case *ast.SelectorExpr:
			if pkg, ok := f.X.(*ast.Ident); !ok || !g.pkgs[pkg.Name] {
				params, declared = g.funcs[f.Sel.Name], g.decls[f.Sel.Name]
			}
		}
		if id, ok := n.Fun.(*ast.Ident); ok && (builtinFuncs[id.Name] || strings.HasPrefix(id.Name, "__hb_")) {
			return nil
		}
		name := argBuiltin
		if !declared {
			name = ptrArgBuiltin
		}
		for i, arg := range n.Args {
			kind := paramPlain
			if len(params) > 0 {
				kind = params[min(i, len(params)-1)]
			}
			if declared && (kind == paramEmpty && boxable(arg) || kind == paramIface && (g.isConst(arg) || g.mayBePointer(arg))) ||
				!declared && g.isPointer(arg) {
				n.Args[i] = builtinCall(name, arg, n.Fun, &ast.BasicLit{ValuePos: arg.Pos(), Kind: token.INT, Value: strconv.Itoa(i)}, arg)
			}
		}
	case *ast.ValueSpec:
		if n.Type != nil && len(n.Values) == len(n.Names) {
			for i, v := range n.Values {
				n.Values[i] = g.into(n.Type, v)
			}
		}
	case *ast.AssignStmt:
		if n.Tok == token.ASSIGN && len(n.Lhs) == len(n.Rhs) {
			for i, lhs := range n.Lhs {
				if g.holder(lhs) || g.ifaceHolder(lhs) && (g.isConst(n.Rhs[i]) || g.mayBePointer(n.Rhs[i])) {
					n.Rhs[i] = g.conv(lhs, n.Rhs[i])
				}
			}
		}
	case *ast.SendStmt:
		if g.holder(n.Chan) {
			n.Value = g.conv(&ast.UnaryExpr{OpPos: n.Chan.Pos(), Op: token.ARROW, X: n.Chan}, n.Value)
		}
	case *ast.ReturnStmt:
		if len(funcs) == 0 || funcs[len(funcs)-1].Results == nil {
			return nil
		}
		var results []ast.Expr
		for _, f := range funcs[len(funcs)-1].Results.List {
			for range max(1, len(f.Names)) {
				results = append(results, f.Type)
			}
		}
		if len(results) == len(n.Results) {
			for i, x := range n.Results {
				n.Results[i] = g.into(results[i], x)
			}
		}
	case *ast.CompositeLit:
		if n.Type != nil {
			g.lowerLit(n, n.Type)
		}
	}
	return nil
}

// lowerLit boxes the elements of a composite literal of type t that go
// into empty interfaces, and those of the literals inside it whose type is
// left out.
func (g *anyGate) lowerLit(lit *ast.CompositeLit, t ast.Expr) {
	for t != nil {
		p, ok := t.(*ast.ParenExpr)
		if !ok {
			break
		}
		t = p.X
	}
	var key, elem ast.Expr
	var fields map[string]bool
	switch t := t.(type) {
	case *ast.ArrayType:
		elem = t.Elt
	case *ast.MapType:
		key, elem = t.Key, t.Value
	case *ast.StructType:
		fields = map[string]bool{}
		for _, f := range t.Fields.List {
			for _, name := range f.Names {
				fields[name.Name] = g.isEmpty(f.Type)
			}
		}
	case *ast.Ident:
		g.lowerNamedLit(lit, t)
		return
	default:
		return
	}
	for i, el := range lit.Elts {
		kv, isKV := el.(*ast.KeyValueExpr)
		switch {
		case fields != nil:
			if id, ok := kvKey(kv); isKV && ok && fields[id] {
				kv.Value = g.box(kv.Value)
			}
		case isKV:
			if key != nil && g.isEmpty(key) && boxable(kv.Key) {
				kv.Key = builtinCall(keyBuiltin, kv.Key, &ast.CompositeLit{Type: t, Lbrace: kv.Key.Pos(), Rbrace: kv.Key.Pos()}, kv.Key)
			}
			kv.Value = g.element(kv.Value, elem)
		default:
			lit.Elts[i] = g.element(el, elem)
		}
	}
}

// lowerNamedLit boxes the elements of a literal of a cell-declared type
// that go into empty interfaces: fields declared with one, or the elements
// of a map or slice type declared with one. The builtin looks the field or
// element up in the type.
func (g *anyGate) lowerNamedLit(lit *ast.CompositeLit, t *ast.Ident) {
	zero := func() ast.Expr { return &ast.CompositeLit{Type: t, Lbrace: lit.Lbrace, Rbrace: lit.Lbrace} }
	for i, el := range lit.Elts {
		kv, isKV := el.(*ast.KeyValueExpr)
		switch {
		case isKV && !boxable(kv.Value):
		case isKV:
			if id, ok := kvKey(kv); ok && g.fields[id] {
				kv.Value = builtinCall(convBuiltin, kv.Value, &ast.SelectorExpr{X: zero(), Sel: &ast.Ident{NamePos: kv.Key.Pos(), Name: id}}, kv.Value)
			} else if g.holds[t.Name] {
				kv.Value = builtinCall(convBuiltin, kv.Value, &ast.IndexExpr{X: zero(), Lbrack: kv.Key.Pos(), Index: kv.Key, Rbrack: kv.Key.End()}, kv.Value)
			}
		case i < len(g.order[t.Name]) && g.fields[g.order[t.Name][i]] && boxable(el):
			// a positional field of a struct declared in a cell
			lit.Elts[i] = builtinCall(convBuiltin, el, &ast.SelectorExpr{X: zero(), Sel: &ast.Ident{NamePos: el.Pos(), Name: g.order[t.Name][i]}}, el)
		case g.holds[t.Name] && boxable(el):
			lit.Elts[i] = builtinCall(convBuiltin, el, &ast.IndexExpr{X: zero(), Lbrack: el.Pos(), Index: &ast.BasicLit{ValuePos: el.Pos(), Kind: token.INT, Value: "0"}, Rbrack: el.Pos()}, el)
		}
	}
}

func kvKey(kv *ast.KeyValueExpr) (string, bool) {
	if kv == nil {
		return "", false
	}
	id, ok := kv.Key.(*ast.Ident)
	if !ok {
		return "", false
	}
	return id.Name, true
}

// element boxes x, an element of type t, or lowers it as a literal of
// type t when its type is left out.
func (g *anyGate) element(x, t ast.Expr) ast.Expr {
	if inner, ok := x.(*ast.CompositeLit); ok && inner.Type == nil {
		g.lowerLit(inner, t)
		return x
	}
	if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
		if inner, ok := u.X.(*ast.CompositeLit); ok && inner.Type == nil {
			if st, ok := t.(*ast.StarExpr); ok {
				g.lowerLit(inner, st.X)
			}
			return x
		}
	}
	return g.into(t, x)
}

// into is x going into a place of the type expression t: boxed for an
// empty interface; a constant or a possible pointer converted by the
// builtin for another interface.
func (g *anyGate) into(t, x ast.Expr) ast.Expr {
	if g.isEmpty(t) {
		return g.box(x)
	}
	if g.isIface(t) && (g.isConst(x) || g.mayBePointer(x)) {
		return builtinCall(convBuiltin, x, zeroOf(t), x)
	}
	return x
}

// predeclared are the predeclared type names: a type switch case naming
// only these and package types is left to gomacro, which matches them as
// Go does, also on boxes.
var predeclared = map[string]bool{"bool": true, "string": true, "int": true, "int8": true, "int16": true, "int32": true,
	"int64": true, "uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true, "uintptr": true,
	"float32": true, "float64": true, "complex64": true, "complex128": true, "byte": true, "rune": true,
	"error": true, "any": true, "nil": true}

// lowerTypeSwitch rewrites a type switch with a case of a cell-declared
// type, or with a case of several types, into an expression switch on
// __hb_is: gomacro matches `case Kelvin` to a plain float64 and `case
// float64, int` to a boxed Kelvin.
//
//	L: switch v := x.(type) { case Kelvin: A; case float64, int: B; default: C }
//
// becomes
//
//	{ _hb_tsN := x; L: switch { case __hb_is(_hb_tsN, Kelvin) != 0: v := __hb_assert(_hb_tsN, Kelvin); _ = v; A
//	  case __hb_is(_hb_tsN, float64) != 0 || __hb_is(_hb_tsN, int) != 0: v := _hb_tsN; _ = v; B
//	  default: v := _hb_tsN; _ = v; C } }
func (g *anyGate) lowerTypeSwitch(ts *ast.TypeSwitchStmt, labeled *ast.LabeledStmt) ast.Stmt {
	var v *ast.Ident
	var ta *ast.TypeAssertExpr
	switch a := ts.Assign.(type) {
	case *ast.AssignStmt:
		if len(a.Lhs) != 1 || len(a.Rhs) != 1 {
			return nil
		}
		v, _ = a.Lhs[0].(*ast.Ident)
		ta, _ = a.Rhs[0].(*ast.TypeAssertExpr)
	case *ast.ExprStmt:
		ta, _ = a.X.(*ast.TypeAssertExpr)
	}
	if ta == nil || !g.switchNeedsLowering(ts) {
		return nil
	}
	pos := ts.Pos()
	tmp := func() *ast.Ident { return &ast.Ident{NamePos: pos, Name: "_hb_ts" + strconv.Itoa(int(pos))} }
	var clauses []ast.Stmt
	for _, s := range ts.Body.List {
		cc := s.(*ast.CaseClause)
		var cond ast.Expr
		bind := ast.Expr(tmp())
		for _, t := range cc.List {
			var test ast.Expr
			if id, ok := t.(*ast.Ident); ok && id.Name == "nil" {
				test = &ast.BinaryExpr{X: tmp(), OpPos: t.Pos(), Op: token.EQL, Y: t}
			} else {
				test = &ast.BinaryExpr{X: builtinCall(isBuiltin, t, tmp(), t), OpPos: t.Pos(), Op: token.NEQ, Y: &ast.BasicLit{ValuePos: t.Pos(), Kind: token.INT, Value: "0"}}
				if len(cc.List) == 1 {
					bind = builtinCall(assertBuiltin, t, tmp(), t)
				}
			}
			if cond == nil {
				cond = test
			} else {
				cond = &ast.BinaryExpr{X: cond, OpPos: t.Pos(), Op: token.LOR, Y: test}
			}
		}
		body := cc.Body
		if v != nil {
			body = append([]ast.Stmt{
				&ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: cc.Colon, Name: v.Name}}, TokPos: cc.Colon, Tok: token.DEFINE, Rhs: []ast.Expr{bind}},
				&ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: cc.Colon, Name: "_"}}, TokPos: cc.Colon, Tok: token.ASSIGN, Rhs: []ast.Expr{&ast.Ident{NamePos: cc.Colon, Name: v.Name}}},
			}, body...)
		}
		var list []ast.Expr
		if cond != nil {
			list = []ast.Expr{cond}
		}
		clauses = append(clauses, &ast.CaseClause{Case: cc.Case, List: list, Colon: cc.Colon, Body: body})
	}
	var sw ast.Stmt = &ast.SwitchStmt{Switch: ts.Switch, Body: &ast.BlockStmt{Lbrace: ts.Body.Lbrace, List: clauses, Rbrace: ts.Body.Rbrace}}
	if labeled != nil {
		sw = &ast.LabeledStmt{Label: labeled.Label, Colon: labeled.Colon, Stmt: sw}
	}
	var list []ast.Stmt
	if ts.Init != nil {
		list = append(list, ts.Init)
	}
	list = append(list, &ast.AssignStmt{Lhs: []ast.Expr{tmp()}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{ta.X}}, sw)
	return &ast.BlockStmt{Lbrace: pos, List: list, Rbrace: ts.End()}
}

// switchNeedsLowering reports whether a case of ts names several types or
// a type that may be declared in a cell.
func (g *anyGate) switchNeedsLowering(ts *ast.TypeSwitchStmt) bool {
	for _, s := range ts.Body.List {
		cc, ok := s.(*ast.CaseClause)
		if !ok {
			return false
		}
		if len(cc.List) > 1 {
			return true
		}
		for _, t := range cc.List {
			switch t := t.(type) {
			case *ast.Ident:
				if !predeclared[t.Name] {
					return true
				}
			case *ast.SelectorExpr:
				if pkg, ok := t.X.(*ast.Ident); !ok || !g.pkgs[pkg.Name] {
					return true
				}
			default:
				return true
			}
		}
	}
	return false
}
