package runner

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/huntbook/huntbook/pkg/notebook"
)

// Param is one parameter declared in a notebook's parameters cell.
type Param struct {
	Name string
	// Type is the Go type: string, bool, int, int8…int64, uint…uint64,
	// float32, float64, time.Duration, or a slice of string, int, int64,
	// float64 or bool.
	Type string
	// Const is true for a constant, false for a variable.
	Const bool
	// Default is the source text of the declared value.
	Default string
	// Line is the line of the declaration within the cell, from 1.
	Line int
}

func (p Param) String() string { return p.Name + " " + p.Type }

// Value is a value given for a parameter, before conversion to its type.
type Value struct {
	Name string
	// Text is a scalar value as written (-p name=TEXT, or a YAML scalar).
	Text string
	// List holds the items of a YAML sequence; IsList tells it apart from
	// a scalar.
	List   []string
	IsList bool
	// Null is set for a YAML null, which no parameter type accepts.
	Null bool
	// From says where the value came from, for errors: "-p", "params.yaml:3".
	From string
}

// ErrParams is wrapped by every error about parameters.
var ErrParams = errors.New("bad parameters")

var supported = map[string]bool{
	"string": true, "bool": true,
	"int": true, "int8": true, "int16": true, "int32": true, "int64": true,
	"uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true,
	"float32": true, "float64": true, "time.Duration": true,
	"[]string": true, "[]int": true, "[]int64": true, "[]float64": true, "[]bool": true,
}

// Params returns the parameters declared in the cell tagged "parameters",
// in order, or nil if the notebook has no such cell. name is used in errors.
//
// Declarations may be var or const, grouped or not, and short variable
// declarations (x := 5) as cells allow. A parameter's type is the declared
// one, or else that of its value: a string, integer or floating-point
// literal, true or false, a conversion (int64(5), time.Duration(5)), a
// slice literal ([]string{…}), or an expression with a time unit
// (24 * time.Hour). Imports and other statements in the cell are ignored.
func Params(nb *notebook.Notebook, name string) ([]Param, error) {
	i := nb.Find(notebook.TagParameters)
	if i < 0 {
		return nil, nil
	}
	ps, err := parseParams(nb.Cells[i].Source)
	if err != nil {
		return nil, fmt.Errorf("runner: %s: cell %d (parameters): %w", name, i+1, err)
	}
	return ps, nil
}

// parseParams reads the declarations of a parameters cell.
func parseParams(src string) ([]Param, error) {
	fset := token.NewFileSet()
	var decls []ast.Node
	offset := 1 // lines added before the cell's source
	f, err := parser.ParseFile(fset, "cell", "package p\n"+src, parser.SkipObjectResolution)
	if err == nil {
		for _, d := range f.Decls {
			decls = append(decls, d)
		}
	} else {
		// Cells may hold statements (x := 5) at top level: read the cell as a function body.
		f2, err2 := parser.ParseFile(fset, "cell", "package p\nfunc _() {\n"+src+"\n}", parser.SkipObjectResolution)
		if err2 != nil {
			var list scanner.ErrorList
			if errors.As(err, &list) && len(list) > 0 {
				return nil, fmt.Errorf("%w: line %d: %s; the parameters cell must be valid Go", ErrParams, list[0].Pos.Line-offset, list[0].Msg)
			}
			return nil, fmt.Errorf("%w: %v", ErrParams, err)
		}
		offset = 2
		for _, s := range f2.Decls[0].(*ast.FuncDecl).Body.List {
			decls = append(decls, s)
		}
	}
	var out []Param
	seen := map[string]int{}
	add := func(p Param) {
		if i, ok := seen[p.Name]; ok {
			out[i] = p
			return
		}
		seen[p.Name] = len(out)
		out = append(out, p)
	}
	body := prefix(offset)
	slice := func(n ast.Node) string {
		return (body + src)[fset.Position(n.Pos()).Offset:fset.Position(n.End()).Offset]
	}
	for _, d := range decls {
		var gen *ast.GenDecl
		switch d := d.(type) {
		case *ast.GenDecl:
			gen = d
		case *ast.DeclStmt:
			gen, _ = d.Decl.(*ast.GenDecl)
		case *ast.AssignStmt:
			if d.Tok != token.DEFINE {
				continue
			}
			for i, lhs := range d.Lhs {
				id, ok := lhs.(*ast.Ident)
				if !ok || id.Name == "_" || len(d.Rhs) != len(d.Lhs) {
					continue
				}
				p := Param{Name: id.Name, Default: slice(d.Rhs[i]), Line: fset.Position(id.Pos()).Line - offset}
				if p.Type, err = typeOf(d.Rhs[i], slice); err != nil {
					return nil, fmt.Errorf("%w: line %d: %s: %v", ErrParams, p.Line, p.Name, err)
				}
				add(p)
			}
			continue
		}
		if gen == nil || (gen.Tok != token.VAR && gen.Tok != token.CONST) {
			continue
		}
		for _, spec := range gen.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, id := range vs.Names {
				if id.Name == "_" {
					continue
				}
				p := Param{Name: id.Name, Const: gen.Tok == token.CONST, Line: fset.Position(id.Pos()).Line - offset}
				if i < len(vs.Values) {
					p.Default = slice(vs.Values[i])
				}
				switch {
				case vs.Type != nil:
					p.Type = slice(vs.Type)
				case i < len(vs.Values):
					if p.Type, err = typeOf(vs.Values[i], slice); err != nil {
						return nil, fmt.Errorf("%w: line %d: %s: %v", ErrParams, p.Line, p.Name, err)
					}
				default:
					return nil, fmt.Errorf("%w: line %d: %s: declare it with a type or a value", ErrParams, p.Line, p.Name)
				}
				if !supported[p.Type] {
					return nil, fmt.Errorf("%w: line %d: %s: type %s cannot be set from the command line; use one of %s",
						ErrParams, p.Line, p.Name, p.Type, supportedList())
				}
				add(p)
			}
		}
	}
	return out, nil
}

func prefix(offset int) string {
	if offset == 1 {
		return "package p\n"
	}
	return "package p\nfunc _() {\n"
}

func supportedList() string {
	return "string, bool, int, int8…int64, uint…uint64, float32, float64, time.Duration, []string, []int, []int64, []float64, []bool"
}

// typeOf infers the type of a declared value.
func typeOf(e ast.Expr, text func(ast.Node) string) (string, error) {
	switch e := e.(type) {
	case *ast.BasicLit:
		switch e.Kind {
		case token.STRING:
			return "string", nil
		case token.INT:
			return "int", nil
		case token.FLOAT:
			return "float64", nil
		}
	case *ast.Ident:
		if e.Name == "true" || e.Name == "false" {
			return "bool", nil
		}
	case *ast.ParenExpr:
		return typeOf(e.X, text)
	case *ast.UnaryExpr:
		if e.Op == token.SUB || e.Op == token.ADD {
			return typeOf(e.X, text)
		}
	case *ast.CallExpr: // a conversion: int64(5), time.Duration(5)
		if t := text(e.Fun); supported[t] && len(e.Args) == 1 {
			return t, nil
		}
	case *ast.CompositeLit:
		if e.Type != nil {
			if t := text(e.Type); supported[t] {
				return t, nil
			}
		}
	case *ast.SelectorExpr:
		if isTimeUnit(e, text) {
			return "time.Duration", nil
		}
	case *ast.BinaryExpr:
		if hasTimeUnit(e, text) {
			return "time.Duration", nil
		}
		l, err1 := typeOf(e.X, text)
		r, err2 := typeOf(e.Y, text)
		if err1 == nil && err2 == nil {
			if l == "float64" || r == "float64" {
				return "float64", nil
			}
			return l, nil
		}
	}
	return "", fmt.Errorf("cannot tell the type of %s; declare it with one (var name TYPE = value)", text(e))
}

func isTimeUnit(e ast.Expr, text func(ast.Node) string) bool {
	switch text(e) {
	case "time.Nanosecond", "time.Microsecond", "time.Millisecond", "time.Second", "time.Minute", "time.Hour":
		return true
	}
	return false
}

func hasTimeUnit(e ast.Expr, text func(ast.Node) string) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if x, ok := n.(ast.Expr); ok && isTimeUnit(x, text) {
			found = true
		}
		return !found
	})
	return found
}

// Bind converts values to the types of params. Later values for the same
// name win (so -p overrides -f). The result holds the given parameters in
// the order the parameters cell declares them.
func Bind(params []Param, values []Value) ([]notebook.Parameter, error) {
	if len(values) == 0 {
		return nil, nil
	}
	byName := map[string]Param{}
	for _, p := range params {
		byName[p.Name] = p
	}
	lits := map[string]string{}
	for _, v := range values {
		p, ok := byName[v.Name]
		if !ok {
			if len(params) == 0 {
				return nil, fmt.Errorf("%w: %q (%s): the notebook declares no parameters; tag the cell that sets its defaults with %q",
					ErrParams, v.Name, v.From, notebook.TagParameters)
			}
			return nil, fmt.Errorf("%w: unknown parameter %q (%s); the notebook's parameters are: %s", ErrParams, v.Name, v.From, list(params))
		}
		lit, err := literal(p.Type, v)
		if err != nil {
			return nil, fmt.Errorf("%w: parameter %s (%s): %v; the notebook's parameters are: %s", ErrParams, p.Name, v.From, err, list(params))
		}
		lits[p.Name] = lit
	}
	var out []notebook.Parameter
	for _, p := range params {
		if lit, ok := lits[p.Name]; ok {
			out = append(out, notebook.Parameter{Name: p.Name, Type: p.Type, Value: lit})
		}
	}
	return out, nil
}

func list(params []Param) string {
	s := make([]string, len(params))
	for i, p := range params {
		s[i] = p.String()
	}
	return strings.Join(s, ", ")
}

// literal returns v as a Go literal of type typ.
func literal(typ string, v Value) (string, error) {
	if v.Null {
		return "", fmt.Errorf("null is not a %s", typ)
	}
	if elem, ok := strings.CutPrefix(typ, "[]"); ok {
		items := v.List
		if !v.IsList {
			items = nil
			if strings.TrimSpace(v.Text) != "" {
				for _, s := range strings.Split(v.Text, ",") {
					items = append(items, strings.TrimSpace(s))
				}
			}
		}
		lits := make([]string, len(items))
		for i, it := range items {
			l, err := scalar(elem, it)
			if err != nil {
				return "", fmt.Errorf("item %d: %v", i+1, err)
			}
			lits[i] = l
		}
		return typ + "{" + strings.Join(lits, ", ") + "}", nil
	}
	if v.IsList {
		return "", fmt.Errorf("want one %s, found a list", typ)
	}
	return scalar(typ, v.Text)
}

func scalar(typ, s string) (string, error) {
	bad := func() (string, error) { return "", fmt.Errorf("%q is not a valid %s", s, typ) }
	switch typ {
	case "string":
		return strconv.Quote(s), nil
	case "bool":
		b, err := strconv.ParseBool(strings.TrimSpace(s))
		if err != nil {
			return bad()
		}
		return strconv.FormatBool(b), nil
	case "int", "int8", "int16", "int32", "int64":
		bits := map[string]int{"int": 64, "int8": 8, "int16": 16, "int32": 32, "int64": 64}[typ]
		n, err := strconv.ParseInt(strings.ReplaceAll(strings.TrimSpace(s), "_", ""), 10, bits)
		if err != nil {
			return bad()
		}
		return strconv.FormatInt(n, 10), nil
	case "uint", "uint8", "uint16", "uint32", "uint64":
		bits := map[string]int{"uint": 64, "uint8": 8, "uint16": 16, "uint32": 32, "uint64": 64}[typ]
		n, err := strconv.ParseUint(strings.ReplaceAll(strings.TrimSpace(s), "_", ""), 10, bits)
		if err != nil {
			return bad()
		}
		return strconv.FormatUint(n, 10), nil
	case "float32", "float64":
		bits := 64
		if typ == "float32" {
			bits = 32
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(s), bits)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return bad()
		}
		return strconv.FormatFloat(f, 'g', -1, bits), nil
	case "time.Duration":
		d, err := time.ParseDuration(strings.TrimSpace(s))
		if err != nil {
			return "", fmt.Errorf("%q is not a valid time.Duration (write it like 90s, 15m or 24h)", s)
		}
		return fmt.Sprintf("time.Duration(%d)", int64(d)), nil
	}
	return bad()
}

// injectedSource is the source of the cell that sets the given parameters.
func injectedSource(params []Param, given []notebook.Parameter) string {
	kinds := map[string]bool{}
	for _, p := range params {
		kinds[p.Name] = p.Const
	}
	var b strings.Builder
	b.WriteString("// Parameters injected by huntbook run.\n")
	for _, g := range given {
		if strings.Contains(g.Type, "time.") {
			b.WriteString("import \"time\"\n\n")
			break
		}
	}
	for _, g := range given {
		kw := "var"
		if kinds[g.Name] {
			kw = "const"
		}
		fmt.Fprintf(&b, "%s %s %s = %s\n", kw, g.Name, g.Type, g.Value)
	}
	return b.String()
}
