package interp

import (
	"go/scanner"
	"go/token"
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
		c.Start = utf8.RuneCountInString(code[:lineStart+len(head)])
		seen := map[string]bool{}
		for _, w := range words {
			if !seen[w] {
				seen[w] = true
				c.Matches = append(c.Matches, w)
			}
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
// open bracket, string or comment), or cannot be fixed by adding lines.
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
