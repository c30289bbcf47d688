package frame

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

var nan = math.NaN()

func sortStable(idx []int, less func(a, b int) bool) {
	sort.SliceStable(idx, func(i, j int) bool { return less(idx[i], idx[j]) })
}

// MaxRows is how many rows String and HTML show before eliding the middle
// (pandas' display.max_rows); MaxColWidth truncates long text cells in
// String (pandas' display.max_colwidth).
var (
	MaxRows     = 60
	MaxColWidth = 50
)

// shown returns the row positions to display and where to put "...".
func (f *Frame) shown() (rows []int, gap int) {
	n := f.Len()
	if n <= MaxRows {
		return rangeLabels(n), -1
	}
	for i := 0; i < 5; i++ {
		rows = append(rows, i)
	}
	for i := n - 5; i < n; i++ {
		rows = append(rows, i)
	}
	return rows, 5
}

func displayWidth(s string) int { return utf8.RuneCountInString(s) }

func pad(s string, w int, right bool) string {
	n := w - displayWidth(s)
	if n <= 0 {
		return s
	}
	if right {
		return strings.Repeat(" ", n) + s
	}
	return s + strings.Repeat(" ", n)
}

func truncate(s string) string {
	if displayWidth(s) <= MaxColWidth {
		return s
	}
	r := []rune(s)
	return string(r[:MaxColWidth-3]) + "..."
}

// String renders the frame as a text table, as pandas prints one.
func (f *Frame) String() string {
	if f.err != nil {
		return "error: " + f.err.Error()
	}
	rows, gap := f.shown()
	table := make([][]string, 0, len(rows)+2)
	head := []string{""}
	for _, n := range f.names {
		head = append(head, Printable(n))
	}
	table = append(table, head)
	for i, r := range rows {
		if i == gap {
			dots := make([]string, len(head))
			for j := range dots {
				dots[j] = "..."
			}
			table = append(table, dots)
		}
		line := []string{strconv.Itoa(f.labels[r])}
		for c := range f.cols {
			line = append(line, truncate(Printable(strings.ReplaceAll(Format(f.cols[c][r]), "\n", "\\n"))))
		}
		table = append(table, line)
	}
	widths := make([]int, len(head))
	for _, line := range table {
		for j, cell := range line {
			widths[j] = max(widths[j], displayWidth(cell))
		}
	}
	var b strings.Builder
	for i, line := range table {
		for j, cell := range line {
			if j > 0 {
				b.WriteString("  ")
			}
			b.WriteString(pad(cell, widths[j], j > 0 || i > 0))
		}
		b.WriteByte('\n')
	}
	if gap >= 0 || f.Len() == 0 {
		fmt.Fprintf(&b, "\n[%d rows x %d columns]\n", f.Len(), len(f.names))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// HTML renders the frame as an HTML table shaped like pandas' notebook
// display (class "dataframe", the index as row headers). Every cell is
// escaped.
func (f *Frame) HTML() string {
	if f.err != nil {
		return `<pre class="frame-error">` + html.EscapeString(f.err.Error()) + `</pre>`
	}
	var b strings.Builder
	b.WriteString(`<table border="1" class="dataframe">` + "\n  <thead>\n    <tr style=\"text-align: right;\">\n      <th></th>\n")
	for _, n := range f.names {
		b.WriteString("      <th>")
		b.WriteString(html.EscapeString(n))
		b.WriteString("</th>\n")
	}
	b.WriteString("    </tr>\n  </thead>\n  <tbody>\n")
	rows, gap := f.shown()
	for i, r := range rows {
		if i == gap {
			b.WriteString("    <tr>\n      <th>...</th>\n")
			for range f.names {
				b.WriteString("      <td>...</td>\n")
			}
			b.WriteString("    </tr>\n")
		}
		b.WriteString("    <tr>\n      <th>")
		b.WriteString(strconv.Itoa(f.labels[r]))
		b.WriteString("</th>\n")
		for c := range f.cols {
			b.WriteString("      <td>")
			b.WriteString(html.EscapeString(Format(f.cols[c][r])))
			b.WriteString("</td>\n")
		}
		b.WriteString("    </tr>\n")
	}
	b.WriteString("  </tbody>\n</table>")
	if gap >= 0 {
		fmt.Fprintf(&b, "\n<p>%d rows × %d columns</p>", f.Len(), len(f.names))
	}
	return b.String()
}

// WriteCSV writes the frame as CSV with a header; with index, the first
// column holds the row labels (pandas' to_csv). Missing values are empty.
func (f *Frame) WriteCSV(w io.Writer, index bool) error {
	if f.err != nil {
		return f.err
	}
	cw := csv.NewWriter(w)
	head := f.names
	if index {
		head = append([]string{""}, f.names...)
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	line := make([]string, len(head))
	for r := range f.labels {
		line = line[:0]
		if index {
			line = append(line, strconv.Itoa(f.labels[r]))
		}
		for c := range f.cols {
			v := f.cols[c][r]
			if IsNA(v) {
				line = append(line, "")
			} else {
				line = append(line, Format(v))
			}
		}
		if err := cw.Write(line); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteJSON writes the frame in pandas' "split" layout:
// {"columns": [...], "index": [...], "data": [[...], ...]}. Missing values
// are null; lists are arrays.
func (f *Frame) WriteJSON(w io.Writer) error {
	b, err := f.MarshalJSON()
	if err != nil {
		return err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		return err
	}
	out.WriteByte('\n')
	_, err = w.Write(out.Bytes())
	return err
}

func jsonCell(v any) any {
	if IsNA(v) {
		return nil
	}
	switch x := v.(type) {
	case float64:
		if math.IsInf(x, 0) {
			return Format(x)
		}
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonCell(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = jsonCell(e)
		}
		return out
	}
	return v
}

// split is the JSON form of a frame: pandas' "split" layout.
type split struct {
	Columns []string `json:"columns"`
	Index   []int    `json:"index"`
	Data    [][]any  `json:"data"`
}

// MarshalJSON encodes the frame in pandas' "split" layout, as WriteJSON
// does, so that a result holding frames marshals to one re-readable JSON.
func (f *Frame) MarshalJSON() ([]byte, error) {
	if f.err != nil {
		return nil, f.err
	}
	data := make([][]any, f.Len())
	for r := range data {
		row := make([]any, len(f.cols))
		for c := range f.cols {
			row[c] = jsonCell(f.cols[c][r])
		}
		data[r] = row
	}
	return json.Marshal(split{append([]string{}, f.names...), append([]int{}, f.labels...), data})
}

// UnmarshalJSON reads the "split" layout back. JSON numbers become int64
// when integral and float64 otherwise, null becomes NaN (pandas' missing
// value), arrays []any.
func (f *Frame) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var s split
	if err := dec.Decode(&s); err != nil {
		return fmt.Errorf("frame: %w", err)
	}
	cols := make([][]any, len(s.Columns))
	for c := range cols {
		cols[c] = make([]any, len(s.Data))
	}
	for r, row := range s.Data {
		if len(row) != len(s.Columns) {
			return fmt.Errorf("frame: row %d has %d values for %d columns", r, len(row), len(s.Columns))
		}
		for c, v := range row {
			cols[c][r] = fromJSON(v)
		}
	}
	if len(s.Index) != len(s.Data) {
		return fmt.Errorf("frame: %d index labels for %d rows", len(s.Index), len(s.Data))
	}
	g := FromColumns(s.Columns, cols, s.Index)
	if g.err != nil {
		return g.err
	}
	*f = *g
	return nil
}

func fromJSON(v any) any {
	switch x := v.(type) {
	case nil:
		return NaN()
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		fl, _ := x.Float64()
		return fl
	case []any:
		for i := range x {
			x[i] = fromJSON(x[i])
		}
	case map[string]any:
		for k := range x {
			x[k] = fromJSON(x[k])
		}
	}
	return v
}

// Printable makes s safe to print on a terminal: control characters other
// than newline and tab (C0, DEL and C1) and the bidirectional overrides
// become \x1b-style escapes, so that a value read from a file cannot move
// the cursor, set the window title or write the clipboard. String applies
// it to every cell and column name.
func Printable(s string) string {
	i := strings.IndexFunc(s, unprintable)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		switch {
		case !unprintable(r):
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}

func unprintable(r rune) bool {
	if r == '\n' || r == '\t' {
		return false
	}
	if (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
		return true
	}
	return unicode.IsControl(r)
}
