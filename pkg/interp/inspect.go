package interp

import (
	"fmt"
	"go/doc/comment"
	"go/scanner"
	"go/token"
	"reflect"
	"strings"

	basereflect "github.com/cosmos72/gomacro/base/reflect"
	"github.com/cosmos72/gomacro/fast"
	xr "github.com/cosmos72/gomacro/xreflect"

	"github.com/huntbook/huntbook/pkg/display"
	"github.com/huntbook/huntbook/pkg/interp/internal/symbols"
)

// Inspect describes the identifier or selector (pkg.Name, value.Field) at
// cursor, a rune offset: its type and, for a variable, its current value;
// then, for a symbol of a package with generated docs (huntbook's
// notebook-facing packages, Gota, gonum/plot), its declaration and doc
// comment. The symbol is found by name (attack.Technique, frame.Frame,
// frame.Frame.ValueCounts) or through a value's type (f.ValueCounts with f a
// *frame.Frame; a variable alone shows its type's doc). Text is in
// text/plain and, when there is a doc, also in text/markdown.
//
// Inside the brackets of a call (attack.Technique(|, fmt.Println(m, |) the
// call's function is described, as IPython does for Shift-Tab.
func (e *Engine) Inspect(code string, cursor int) (display.Data, bool) {
	pos := byteOffset(code, cursor)
	expr := selectorAt(code, pos)
	if call := callAt(code, pos); call != "" {
		expr = call // inside a call's brackets: the call, as IPython does
	}
	if expr == "" {
		return display.Data{}, false
	}
	var header, key string
	var isValue bool
	var generic string
	_ = e.do(func() {
		header, isValue = e.describe(expr)
		key = e.docKey(expr)
		generic = e.generics.declaration(expr)
	})
	d, ok := symbols.Docs()[key]
	switch {
	case !ok && generic != "":
		return display.MakeData3(display.MIMETypeMarkdown, generic, "```go\n"+generic+"\n```"), true
	case !ok && header == "":
		return display.Data{}, false
	case !ok:
		return display.MakeData(display.MIMETypeText, header), true
	}
	text, md := formatDoc(key, d)
	plain := d.Decl + "\n\n" + text
	markdown := "```go\n" + d.Decl + "\n```\n\n" + md
	if isValue { // a function's or package's header would only repeat Decl
		plain = header + "\n\n" + plain
		markdown = "```\n" + header + "\n```\n\n" + markdown
	}
	return display.MakeData3(display.MIMETypeMarkdown, strings.TrimRight(plain, "\n"), markdown), true
}

// describe returns "expr: type", with " = value" for a constant or a
// variable (then isValue is true), or "" when expr does not compile (a type,
// a typo). It runs on the engine's goroutine.
func (e *Engine) describe(expr string) (text string, isValue bool) {
	defer func() {
		if recover() != nil {
			text, isValue = "", false
		}
	}()
	x := e.ir.Compile(expr) // names only: compiling runs nothing
	if x == nil || x.Type == nil {
		return "", false
	}
	text = fmt.Sprintf("%s: %v", expr, x.Type)
	if x.Const() {
		if _, ok := x.Value.(*fast.Import); ok {
			return text, false
		}
		text += fmt.Sprintf(" = %v", x.Value)
		isValue = true
	} else if x.Type.Kind() != reflect.Func && strings.IndexByte(expr, '.') < 0 {
		v, _ := e.ir.RunExpr1(x)
		text += " = " + display.PlainText(basereflect.ValueInterface(v))
		isValue = true
	}
	return text, isValue
}

// docKey returns the key in symbols.Docs() of the symbol expr names, or "".
// pkg.Name and pkg.Type.Method are looked up by the package's import path;
// value.Method by the value's named type; a lone value by its type. It runs
// on the engine's goroutine.
func (e *Engine) docKey(expr string) string {
	words := strings.Split(expr, ".")
	if path := e.importPath(words[0]); path != "" {
		if key := strings.Join(append([]string{path}, words[1:]...), "."); hasDoc(key) {
			return key
		}
	}
	if len(words) > 1 {
		if t := e.typeOf(strings.Join(words[:len(words)-1], ".")); t != "" {
			if key := t + "." + words[len(words)-1]; hasDoc(key) {
				return key
			}
		}
	}
	if t := e.typeOf(expr); hasDoc(t) {
		return t
	}
	return ""
}

func hasDoc(key string) bool {
	_, ok := symbols.Docs()[key]
	return ok
}

// importPath returns the path of the package imported as name, or "".
func (e *Engine) importPath(name string) string {
	sym := e.ir.Comp.TryResolve(name)
	if sym == nil || !sym.Const() {
		return ""
	}
	if imp, ok := sym.Value.(*fast.Import); ok {
		return imp.Path
	}
	return ""
}

// typeOf returns "importpath.Name" of the named type (or pointer to one) of
// expr, or "" when expr does not compile or its type has no name.
func (e *Engine) typeOf(expr string) (name string) {
	defer func() {
		if recover() != nil {
			name = ""
		}
	}()
	x := e.ir.Compile(expr)
	if x == nil || x.Type == nil {
		return ""
	}
	var t xr.Type = x.Type
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Name() == "" || t.PkgPath() == "" {
		return ""
	}
	return t.PkgPath() + "." + t.Name()
}

// formatDoc formats the doc comment of key as plain text and as Markdown.
// Doc links ([Name], [pkg.Name]) point at pkg.go.dev.
func formatDoc(key string, d symbols.Doc) (text, markdown string) {
	pkg := key // the import path: up to the first dot after the last slash
	if i := strings.IndexByte(key[strings.LastIndexByte(key, '/')+1:], '.'); i >= 0 {
		pkg = key[:strings.LastIndexByte(key, '/')+1+i]
	}
	p := comment.Parser{
		LookupSym: func(recv, name string) bool {
			if recv != "" {
				return hasDoc(pkg + "." + recv + "." + name)
			}
			return hasDoc(pkg + "." + name)
		},
	}
	c := p.Parse(d.Text)
	pr := comment.Printer{DocLinkBaseURL: "https://pkg.go.dev"}
	return string(pr.Text(c)), string(pr.Markdown(c))
}

// callAt returns the function (an identifier or a selector chain such as
// attack.Technique) of the innermost call whose brackets are still open at
// byte offset pos, or "" when pos is not inside a call's arguments.
func callAt(code string, pos int) string {
	if pos > len(code) {
		pos = len(code)
	}
	src := []byte(code[:pos])
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(src))
	var s scanner.Scanner
	s.Init(file, src, func(token.Position, string) {}, 0)
	type open struct {
		call string // the callee before '(' ("" for a bracket that is no call)
	}
	var stack []open
	var chain []string // the selector chain just scanned: a, ., b
	for {
		_, tok, lit := s.Scan()
		switch tok {
		case token.EOF:
			if len(stack) == 0 {
				return ""
			}
			return stack[len(stack)-1].call // "" inside a plain bracket, such as a composite literal
		case token.IDENT:
			if len(chain) > 0 && chain[len(chain)-1] != "." {
				chain = nil
			}
			chain = append(chain, lit)
			continue
		case token.PERIOD:
			if len(chain) > 0 && chain[len(chain)-1] != "." {
				chain = append(chain, ".")
				continue
			}
		case token.LPAREN:
			call := ""
			if len(chain) > 0 && chain[len(chain)-1] != "." {
				call = strings.Join(chain, "")
			}
			stack = append(stack, open{call})
		case token.LBRACE, token.LBRACK:
			stack = append(stack, open{})
		case token.RPAREN, token.RBRACE, token.RBRACK:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
		chain = nil
		if len(stack) > 1000 {
			return ""
		}
	}
}
