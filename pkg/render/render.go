package render

import (
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"strings"

	"github.com/huntbook/huntbook/pkg/frame"
)

// Table is one titled table of a result.
type Table struct {
	Title string
	Frame *frame.Frame
}

// Tabler is a result that reads as tables, in the order they are shown.
type Tabler interface {
	Tables() []Table
}

// Format is an output format.
type Format string

// The formats.
const (
	Text Format = "table"
	CSV  Format = "csv"
	JSON Format = "json"
)

// ErrFormat is wrapped by ParseFormat's error.
var ErrFormat = errors.New("unknown format")

// ParseFormat returns the format s names; "" is Text.
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case "":
		return Text, nil
	case Text, CSV, JSON:
		return f, nil
	}
	return "", fmt.Errorf("render: %w %q; use table, csv or json", ErrFormat, s)
}

// Write renders v in format f to w. CSV and Text need v to be a Tabler;
// JSON encodes v as it is.
func Write(w io.Writer, f Format, v any) error {
	switch f {
	case JSON:
		return WriteJSON(w, v)
	case CSV:
		t, err := tables(v)
		if err != nil {
			return err
		}
		if len(t) == 0 {
			return nil
		}
		return t[0].Frame.WriteCSV(w, false)
	case Text, "":
		t, err := tables(v)
		if err != nil {
			return err
		}
		_, err = io.WriteString(w, TextOf(t...))
		return err
	}
	return fmt.Errorf("render: %w %q", ErrFormat, f)
}

// WriteJSON writes v as indented JSON with a trailing newline.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func tables(v any) ([]Table, error) {
	t, ok := v.(Tabler)
	if !ok {
		return nil, fmt.Errorf("render: %T has no tables; use --format json", v)
	}
	ts := t.Tables()
	for _, x := range ts {
		if x.Frame == nil {
			return nil, fmt.Errorf("render: table %q has no frame", x.Title)
		}
		if err := x.Frame.Err(); err != nil {
			return nil, err
		}
	}
	return ts, nil
}

// TextOf renders tables as text for a terminal, each ending in a newline.
func TextOf(ts ...Table) string {
	var b strings.Builder
	for i, t := range ts {
		if i > 0 {
			b.WriteByte('\n')
		}
		if t.Title != "" {
			b.WriteString(Terminal(t.Title))
			b.WriteByte('\n')
		}
		b.WriteString(t.Frame.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// HTMLOf renders tables as HTML: a heading and a table each, escaped.
func HTMLOf(ts ...Table) string {
	var b strings.Builder
	for _, t := range ts {
		if t.Title != "" {
			b.WriteString("<h3>")
			b.WriteString(html.EscapeString(t.Title))
			b.WriteString("</h3>\n")
		}
		b.WriteString(t.Frame.HTML())
		b.WriteByte('\n')
	}
	return b.String()
}

// Terminal makes s safe to print on a terminal (see frame.Printable).
func Terminal(s string) string { return frame.Printable(s) }
