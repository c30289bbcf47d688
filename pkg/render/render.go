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
	// Show lists the columns text shows, for a table too wide to read
	// whole on a terminal; nil shows every column. HTML (which scrolls),
	// CSV and JSON always carry every column.
	Show []string
	// Empty is shown instead of a table that has no rows; "" shows the
	// empty table.
	Empty string
	// Primary marks the table --format csv writes; without one, the first.
	Primary bool
	// NoLabels leaves the row labels out of CSV: for a table whose first
	// column is already its index (a series').
	NoLabels bool
}

// shown is the part of t that text shows.
func (t Table) shown() *frame.Frame {
	if t.Show == nil {
		return t.Frame
	}
	return t.Frame.Select(t.Show...)
}

// primary is the table CSV writes.
func primary(ts []Table) Table {
	for _, t := range ts {
		if t.Primary {
			return t
		}
	}
	return ts[0]
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
		p := primary(t)
		return p.Frame.WriteCSV(w, !p.NoLabels)
	case Text, "":
		if t, ok := v.(Texter); ok {
			_, err := io.WriteString(w, Terminal(t.Text()))
			return err
		}
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
		if t.Frame.Len() == 0 && t.Empty != "" {
			b.WriteString(Terminal(t.Empty))
		} else {
			b.WriteString(t.shown().String())
		}
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
		if t.Frame.Len() == 0 && t.Empty != "" {
			b.WriteString("<p>" + html.EscapeString(t.Empty) + "</p>")
		} else {
			b.WriteString(t.Frame.HTML())
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// Terminal makes s safe to print on a terminal (see frame.Printable).
func Terminal(s string) string { return frame.Printable(s) }

// Texter is a result whose text form is not its tables (a series printed
// as pandas prints one); Write uses Text for the Text format.
type Texter interface {
	Text() string
}

// FrameResult is one frame as a result; its JSON form is the frame's
// (pandas' split layout).
type FrameResult struct{ *frame.Frame }

// Tables returns the frame.
func (r FrameResult) Tables() []Table { return []Table{{Frame: r.Frame}} }

// SeriesResult is a count series as a result: a table of value and count
// for CSV, JSON and HTML, printed as pandas prints a series.
type SeriesResult struct{ *frame.Series }

func (r SeriesResult) frame() *frame.Frame { return r.Series.Frame(r.Name, "count") }

// Tables returns the series as a table of its index and counts.
func (r SeriesResult) Tables() []Table { return []Table{{Frame: r.frame(), NoLabels: true}} }

// Text returns the series as pandas prints it.
func (r SeriesResult) Text() string { return r.Series.String() + "\n" }

// MarshalJSON encodes the series as its table.
func (r SeriesResult) MarshalJSON() ([]byte, error) { return r.frame().MarshalJSON() }
