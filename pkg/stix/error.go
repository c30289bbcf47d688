package stix

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors, matched with errors.Is.
var (
	ErrSyntax    = errors.New("malformed JSON")
	ErrNotBundle = errors.New("not a STIX bundle")
	ErrShape     = errors.New("wrong shape")
	ErrDangling  = errors.New("dangling reference")
	ErrDuplicate = errors.New("duplicate id")
	ErrTooLarge  = errors.New("input too large")
)

// Error is a problem at a place in a bundle: the line and column, and,
// inside an object, its id and the field.
type Error struct {
	Source string // file path, URL or "-"
	Line   int    // 1-based; 0 if unknown
	Column int    // 1-based, in bytes; 0 if unknown
	Object string // the STIX id of the object, if known
	Field  string // the field, if the problem is in one
	Err    error  // wraps one of the sentinel errors
	Detail string

	pos int // offset in the input + 1; 0 if none
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("stix: ")
	if e.Source != "" {
		b.WriteString(e.Source)
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	if e.Source != "" || e.Line > 0 {
		b.WriteString(": ")
	}
	if e.Object != "" {
		fmt.Fprintf(&b, "object %s: ", e.Object)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, "field %q: ", e.Field)
	}
	b.WriteString(e.Err.Error())
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// wrap turns a scanner error into an Error in object obj, field field.
func wrap(err error, obj, field string) error {
	var se *syntaxError
	if errors.As(err, &se) {
		return &Error{pos: se.at + 1, Object: obj, Field: field, Err: se.kind, Detail: se.msg}
	}
	return err
}
