package runner

import (
	"go/ast"
	"go/parser"
	"strings"
	"testing"
)

// FuzzParams: any parameters cell and any -p value either fail with a
// parameters error or give a value literal that is one Go expression of
// the declared type and nothing else, so a value can never smuggle code
// into the injected cell.
func FuzzParams(f *testing.F) {
	f.Add("var top int = 15\nvar name = \"T1003.001\"\nvar tags = []string{\"a\"}\nvar d = 24 * time.Hour\n", "name", `"); os.Exit(1); ("`)
	f.Add("source := \"demo\"\n", "source", "x\\\" + y")
	f.Add("const n int8 = 3\n", "n", "300")
	f.Add("var xs []float64\n", "xs", "1.5, NaN, 1e400")
	f.Fuzz(func(t *testing.T, src, name, text string) {
		params, err := parseParams(src)
		if err != nil {
			if !strings.Contains(err.Error(), "bad parameters") {
				t.Fatalf("error %q does not wrap ErrParams", err)
			}
			return
		}
		bound, err := Bind(params, []Value{{Name: name, Text: text, From: "-p"}})
		if err != nil {
			return
		}
		for _, p := range bound {
			e, err := parser.ParseExpr(p.Value)
			if err != nil {
				t.Fatalf("value %q for %s %s is not a Go expression: %v", p.Value, p.Name, p.Type, err)
			}
			ast.Inspect(e, func(n ast.Node) bool {
				switch n.(type) {
				case *ast.FuncLit, *ast.CallExpr:
					if _, conv := n.(*ast.CallExpr); conv && isConversion(n.(*ast.CallExpr), p.Type) {
						return true
					}
					t.Fatalf("value %q for %s %s runs code", p.Value, p.Name, p.Type)
				}
				return true
			})
		}
	})
}

// isConversion reports whether call is a conversion to typ or to a basic
// type (int64(5), time.Duration(90)), the only calls a literal may hold.
func isConversion(call *ast.CallExpr, typ string) bool {
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		return supported[fn.Name] || fn.Name == typ
	case *ast.SelectorExpr:
		x, ok := fn.X.(*ast.Ident)
		return ok && x.Name == "time" && fn.Sel.Name == "Duration"
	}
	return false
}
