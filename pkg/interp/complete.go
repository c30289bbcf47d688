package interp

import (
	"go/parser"
	"go/scanner"
	"go/token"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Completion is the answer to Complete: Matches replace the text between
// Start and End, offsets counted in runes (as Jupyter counts them).
type Completion struct {
	Matches    []string
	Start, End int
}

// Complete lists the identifiers that can continue the word before cursor (a
// rune offset): names in scope, package members after "pkg.", fields and
// methods after "value.".
func (e *Engine) Complete(code string, cursor int) Completion {
	pos := byteOffset(code, cursor)
	c := Completion{Start: cursor, End: cursor}
	_ = e.do(func() {
		defer func() { _ = recover() }()
		// Complete the last line only: gomacro reads one expression.
		lineStart := strings.LastIndexByte(code[:pos], '\n') + 1
		head, words, _ := e.ir.CompleteWords(code[lineStart:pos], pos-lineStart)
		if len(words) == 0 {
			return
		}
		seen := map[string]bool{}
		for _, w := range words {
			if strings.HasPrefix(w, "__hb_") || slices.Contains(gomacroOnly, w) && e.ir.Comp.Binds[w] == nil && e.ir.Comp.Types[w] == nil {
				continue // huntbook's internal builtins; gomacro's own names unless a cell declared one
			}
			if !seen[w] {
				seen[w] = true
				c.Matches = append(c.Matches, w)
			}
		}
		if len(c.Matches) > 0 {
			c.Start = utf8.RuneCountInString(code[:lineStart+len(head)])
		}
		sort.Strings(c.Matches)
	})
	return c
}

// selectorAt returns the dotted identifier chain around byte offset pos.
func selectorAt(code string, pos int) string {
	isWord := func(r rune) bool { return r == '_' || r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r) }
	start, end := pos, pos
	for start > 0 {
		r, n := utf8.DecodeLastRuneInString(code[:start])
		if !isWord(r) {
			break
		}
		start -= n
	}
	for end < len(code) {
		r, n := utf8.DecodeRuneInString(code[end:])
		if !isWord(r) {
			break
		}
		end += n
	}
	return strings.Trim(code[start:end], ".")
}

// byteOffset converts a rune offset into a byte offset of s.
func byteOffset(s string, runes int) int {
	i := 0
	for n := 0; n < runes && i < len(s); n++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return i
}

// Completeness of a cell's code, as Jupyter's is_complete_reply names it.
const (
	Complete   = "complete"
	Incomplete = "incomplete"
	Invalid    = "invalid"
)

// IsComplete reports whether code can run as it is, needs more lines (an
// open bracket, string or comment), or cannot be fixed by adding lines
// (a closing bracket too many, or balanced code Go cannot parse, such as
// "x := := 1").
func IsComplete(code string) string {
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(code))
	var s scanner.Scanner
	unterminated := false
	s.Init(file, []byte(code), func(_ token.Position, msg string) {
		if strings.Contains(msg, "not terminated") {
			unterminated = true
		}
	}, scanner.ScanComments)
	depth := 0
	for {
		_, tok, _ := s.Scan()
		switch tok {
		case token.EOF:
			switch {
			case unterminated || depth > 0:
				return Incomplete
			case depth < 0:
				return Invalid
			case !parses(code):
				return Invalid
			}
			return Complete
		case token.LPAREN, token.LBRACE, token.LBRACK:
			depth++
		case token.RPAREN, token.RBRACE, token.RBRACK:
			depth--
		}
		if depth < 0 {
			return Invalid
		}
	}
}

// MaxParse is the length above which IsComplete does not parse a cell to
// tell invalid code from complete code (it then says complete).
const MaxParse = 1 << 20

// parses reports whether Go can parse code as a cell: declarations and
// statements, mixed. Each top-level chunk (from a line starting in column
// 1 to the next such line, closing brackets excepted) must parse as
// declarations or as statements. Getting it wrong only ever calls a cell
// invalid that would then fail to compile anyway, or complete: both mean
// "run it" to a front end.
func parses(code string) bool {
	if len(code) > MaxParse {
		return true
	}
	fset := token.NewFileSet()
	asDecls := func(c string) bool {
		_, err := parser.ParseFile(fset, "cell", "package cell\n"+c, parser.SkipObjectResolution)
		return err == nil
	}
	asStmts := func(c string) bool {
		_, err := parser.ParseFile(fset, "cell", "package cell\nfunc _() {\n"+c+"\n}", parser.SkipObjectResolution)
		return err == nil
	}
	if asStmts(code) || asDecls(code) {
		return true
	}
	for _, c := range chunks(code) {
		if !asStmts(c) && !asDecls(c) {
			return false
		}
	}
	return true
}

// chunks splits code at lines that start in column 1 with anything but a
// closing bracket or a comment.
func chunks(code string) []string {
	var out []string
	start := 0
	lines := strings.SplitAfter(code, "\n")
	off := 0
	for i, l := range lines {
		if i > 0 && l != "" && !strings.ContainsRune(" \t\r\n})]", rune(l[0])) && !strings.HasPrefix(l, "//") {
			out = append(out, code[start:off])
			start = off
		}
		off += len(l)
	}
	return append(out, code[start:])
}

// gomacroOnly are the names gomacro declares that Go does not have, left
// out of completion with huntbook's internal builtins (__hb_…).
var gomacroOnly = []string{"Interp", "Eval", "EvalKeepUntyped", "EvalType", "MacroExpand", "MacroExpand1",
	"MacroExpandCodeWalk", "Parse", "Pointer", "macro"}
