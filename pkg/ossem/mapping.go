package ossem

import (
	"errors"
	"fmt"
	"strings"
)

// Mapping is a loaded mapping file.
type Mapping struct {
	Records []Record
	Schema  Schema
	// Keys lists the record keys in order of first appearance, the column
	// order pandas' json_normalize gives (extra keys included).
	Keys []string
	// Source is what was loaded: a path, a URL, "-" (standard input) or "demo".
	Source string
	// SHA256 is the hex digest of the bytes read ("" when
	// Options.NoDigest spared it).
	SHA256 string
	// Size is the number of bytes read.
	Size int64
	// Demo is true for the embedded teaching subset, which is not the full
	// mapping and must be labelled as such wherever it is shown.
	Demo bool
	// Cached is true when a URL was served from the local cache.
	Cached bool
}

// Label is a short human description of the mapping's origin, marking the
// demo set as a teaching subset.
func (m *Mapping) Label() string {
	if m.Demo {
		return "huntbook demo mapping (teaching subset, not the full OSSEM-DM mapping)"
	}
	return m.Source
}

// FieldOf returns the field a key names in the mapping's schema.
func (m *Mapping) FieldOf(key string) (Field, bool) {
	return fieldOf(m.Schema, key)
}

func fieldOf(s Schema, key string) (Field, bool) {
	for i, k := range s.keys() {
		if k != "" && k == key {
			return Field(i), true
		}
	}
	return 0, false
}

// Sentinel errors, matched with errors.Is.
var (
	ErrSyntax        = errors.New("malformed YAML")
	ErrNotList       = errors.New("top level is not a list of records")
	ErrShape         = errors.New("wrong shape")
	ErrUnknownSchema = errors.New("unknown schema")
	ErrTooLarge      = errors.New("input too large")
	ErrEmpty         = errors.New("no records")
)

// Error is a problem at a place in a mapping file.
type Error struct {
	Source string // file path, URL, "-" or "demo"
	Line   int    // 1-based; 0 if unknown
	Column int    // 1-based; 0 if unknown
	Record int    // 0-based record index; -1 if not inside a record
	Field  string // the key, if the problem is in one field
	Err    error  // wraps one of the sentinel errors
	Detail string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("ossem: ")
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
	if e.Record >= 0 {
		fmt.Fprintf(&b, "record %d: ", e.Record)
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
