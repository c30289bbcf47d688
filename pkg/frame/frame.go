package frame

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
)

// ErrNoColumn is wrapped by errors about a column the frame does not have.
var ErrNoColumn = errors.New("no such column")

// Frame is a table of named columns with a label per row.
type Frame struct {
	names  []string
	cols   [][]any
	labels []int
	err    error
}

// New builds a frame from rows; row i is labelled i.
func New(columns []string, rows [][]any) *Frame {
	f := &Frame{names: append([]string(nil), columns...), cols: make([][]any, len(columns))}
	if dup := firstDuplicate(columns); dup != "" {
		return errFrame(fmt.Errorf("frame: column %q appears twice", dup))
	}
	for i := range f.cols {
		f.cols[i] = make([]any, len(rows))
	}
	for r, row := range rows {
		if len(row) != len(columns) {
			return errFrame(fmt.Errorf("frame: row %d has %d values for %d columns", r, len(row), len(columns)))
		}
		for c, v := range row {
			f.cols[c][r] = v
		}
	}
	f.labels = rangeLabels(len(rows))
	return f
}

// FromColumns builds a frame from columns of equal length. labels may be nil
// for 0, 1, 2, …; the frame keeps the slices it is given.
func FromColumns(names []string, cols [][]any, labels []int) *Frame {
	if len(names) != len(cols) {
		return errFrame(fmt.Errorf("frame: %d names for %d columns", len(names), len(cols)))
	}
	if dup := firstDuplicate(names); dup != "" {
		return errFrame(fmt.Errorf("frame: column %q appears twice", dup))
	}
	n := -1
	for i, c := range cols {
		if n >= 0 && len(c) != n {
			return errFrame(fmt.Errorf("frame: column %q has %d values, column %q has %d", names[i], len(c), names[0], n))
		}
		n = len(c)
	}
	if n < 0 {
		n = len(labels)
	}
	if labels == nil {
		labels = rangeLabels(n)
	} else if len(labels) != n {
		return errFrame(fmt.Errorf("frame: %d labels for %d rows", len(labels), n))
	}
	return &Frame{names: names, cols: cols, labels: labels}
}

func firstDuplicate(names []string) string {
	seen := make(map[string]bool, len(names))
	for _, n := range names {
		if seen[n] {
			return n
		}
		seen[n] = true
	}
	return ""
}

func rangeLabels(n int) []int {
	l := make([]int, n)
	for i := range l {
		l[i] = i
	}
	return l
}

func errFrame(err error) *Frame { return &Frame{err: err} }

// Err returns the error that made this frame, or nil.
func (f *Frame) Err() error { return f.err }

// Columns returns the column names in order.
func (f *Frame) Columns() []string { return append([]string(nil), f.names...) }

// Len returns the number of rows.
func (f *Frame) Len() int { return len(f.labels) }

// Labels returns the row labels (the pandas index).
func (f *Frame) Labels() []int { return append([]int(nil), f.labels...) }

// Shape returns the number of rows and columns.
func (f *Frame) Shape() (rows, cols int) { return len(f.labels), len(f.names) }

func (f *Frame) index(name string) (int, error) {
	for i, n := range f.names {
		if n == name {
			return i, nil
		}
	}
	return -1, fmt.Errorf("frame: %w %q (columns: %s)", ErrNoColumn, name, strings.Join(f.names, ", "))
}

// Column returns a copy of the named column's cells.
func (f *Frame) Column(name string) ([]any, error) {
	if f.err != nil {
		return nil, f.err
	}
	i, err := f.index(name)
	if err != nil {
		return nil, err
	}
	return append([]any(nil), f.cols[i]...), nil
}

// Strings returns the named column's cells formatted as text (missing
// values as "").
func (f *Frame) Strings(name string) ([]string, error) {
	col, err := f.Column(name)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(col))
	for i, v := range col {
		if !IsNA(v) {
			out[i] = Format(v)
		}
	}
	return out, nil
}

// Row returns the cells of row i (by position, not label).
func (f *Frame) Row(i int) []any {
	row := make([]any, len(f.cols))
	for c := range f.cols {
		row[c] = f.cols[c][i]
	}
	return row
}

// At returns the cell in row position i of the named column, or nil.
func (f *Frame) At(i int, name string) any {
	c, err := f.index(name)
	if err != nil || i < 0 || i >= f.Len() {
		return nil
	}
	return f.cols[c][i]
}

// take returns a frame with the rows at the given positions, in that order.
func (f *Frame) take(rows []int) *Frame {
	out := &Frame{names: f.names, cols: make([][]any, len(f.cols)), labels: make([]int, len(rows))}
	for c, col := range f.cols {
		nc := make([]any, len(rows))
		for i, r := range rows {
			nc[i] = col[r]
		}
		out.cols[c] = nc
	}
	for i, r := range rows {
		out.labels[i] = f.labels[r]
	}
	return out
}

// Head returns the first n rows (5 if n is not given), as pandas' head().
func (f *Frame) Head(n ...int) *Frame {
	if f.err != nil {
		return f
	}
	k := 5
	if len(n) > 0 {
		k = n[0]
	}
	if k < 0 {
		k = max(f.Len()+k, 0)
	}
	k = min(k, f.Len())
	return f.take(rangeLabels(k))
}

// Select returns the named columns, in the order given.
func (f *Frame) Select(names ...string) *Frame {
	if f.err != nil {
		return f
	}
	out := &Frame{names: append([]string(nil), names...), labels: f.labels}
	if dup := firstDuplicate(names); dup != "" {
		return errFrame(fmt.Errorf("frame: column %q selected twice", dup))
	}
	for _, n := range names {
		i, err := f.index(n)
		if err != nil {
			return errFrame(err)
		}
		out.cols = append(out.cols, f.cols[i])
	}
	return out
}

// Where keeps the rows whose cell in the named column satisfies keep.
func (f *Frame) Where(name string, keep func(v any) bool) *Frame {
	if f.err != nil {
		return f
	}
	i, err := f.index(name)
	if err != nil {
		return errFrame(err)
	}
	var rows []int
	for r, v := range f.cols[i] {
		if keep(v) {
			rows = append(rows, r)
		}
	}
	return f.take(rows)
}

// Eq keeps the rows whose cell in the named column equals v (pandas' ==).
func (f *Frame) Eq(name string, v any) *Frame {
	return f.Where(name, func(c any) bool { return Equal(c, v) })
}

// IsIn keeps the rows whose cell in the named column equals one of vals.
func (f *Frame) IsIn(name string, vals ...any) *Frame {
	return f.Where(name, func(c any) bool {
		for _, v := range vals {
			if Equal(c, v) {
				return true
			}
		}
		return false
	})
}

// Filter keeps the rows for which keep returns true; keep sees the row's
// cells in column order.
func (f *Frame) Filter(keep func(row []any) bool) *Frame {
	if f.err != nil {
		return f
	}
	var rows []int
	for r := range f.labels {
		if keep(f.Row(r)) {
			rows = append(rows, r)
		}
	}
	return f.take(rows)
}

// DropDuplicates keeps the first of each set of rows equal in the subset
// columns (all columns if none are named), in their original order.
func (f *Frame) DropDuplicates(subset ...string) *Frame {
	if f.err != nil {
		return f
	}
	idx, err := f.indexes(subset)
	if err != nil {
		return errFrame(err)
	}
	seen := make(map[string]struct{}, f.Len())
	var rows []int
	var b strings.Builder
	for r := range f.labels {
		b.Reset()
		for _, c := range idx {
			writeKey(&b, f.cols[c][r])
		}
		k := b.String()
		if _, dup := seen[k]; dup {
			continue
		}
		seen[k] = struct{}{}
		rows = append(rows, r)
	}
	return f.take(rows)
}

func (f *Frame) indexes(subset []string) ([]int, error) {
	if len(subset) == 0 {
		return rangeLabels(len(f.names)), nil
	}
	idx := make([]int, len(subset))
	for i, n := range subset {
		c, err := f.index(n)
		if err != nil {
			return nil, err
		}
		idx[i] = c
	}
	return idx, nil
}

// DropNA drops the rows with a missing value (None or NaN) in any of the
// subset columns (all columns if none are named): pandas' dropna(how="any").
func (f *Frame) DropNA(subset ...string) *Frame { return f.dropNA(false, subset) }

// DropNAAll drops the rows whose subset columns are all missing:
// pandas' dropna(how="all").
func (f *Frame) DropNAAll(subset ...string) *Frame { return f.dropNA(true, subset) }

func (f *Frame) dropNA(all bool, subset []string) *Frame {
	if f.err != nil {
		return f
	}
	idx, err := f.indexes(subset)
	if err != nil {
		return errFrame(err)
	}
	var rows []int
	for r := range f.labels {
		missing := 0
		for _, c := range idx {
			if IsNA(f.cols[c][r]) {
				missing++
			}
		}
		if (all && (missing < len(idx) || len(idx) == 0)) || (!all && missing == 0) {
			rows = append(rows, r)
		}
	}
	return f.take(rows)
}

// ResetIndex relabels the rows 0, 1, 2, … (pandas' reset_index(drop=True)).
func (f *Frame) ResetIndex() *Frame {
	if f.err != nil {
		return f
	}
	return &Frame{names: f.names, cols: f.cols, labels: rangeLabels(f.Len())}
}

// SortBy sorts the rows by the named columns, ascending, stably; missing
// values sort last.
func (f *Frame) SortBy(names ...string) *Frame {
	if f.err != nil {
		return f
	}
	idx, err := f.indexes(names)
	if err != nil {
		return errFrame(err)
	}
	rows := rangeLabels(f.Len())
	sort.SliceStable(rows, func(a, b int) bool {
		for _, c := range idx {
			if d := Compare(f.cols[c][rows[a]], f.cols[c][rows[b]]); d != 0 {
				return d < 0
			}
		}
		return false
	})
	return f.take(rows)
}

// ValueCounts counts the distinct values of the named column, missing
// values left out, count descending. Ties come in order of first appearance
// when there are at most 17 distinct values; beyond that, in the order
// pandas 1.5's unstable sort gives them (see descendingOrder), so results
// equal pandas' row for row.
func (f *Frame) ValueCounts(name string) *Series {
	if f.err != nil {
		return &Series{Name: name, err: f.err}
	}
	i, err := f.index(name)
	if err != nil {
		return &Series{Name: name, err: err}
	}
	return valueCounts(name, f.cols[i])
}

func valueCounts(name string, col []any) *Series {
	pos := make(map[string]int)
	var keys []any
	var counts []int
	var b strings.Builder
	for _, v := range col {
		if IsNA(v) {
			continue
		}
		b.Reset()
		writeKey(&b, v)
		k := b.String()
		if p, ok := pos[k]; ok {
			counts[p]++
			continue
		}
		pos[k] = len(keys)
		keys = append(keys, v)
		counts = append(counts, 1)
	}
	fc := make([]float64, len(counts))
	for i, c := range counts {
		fc[i] = float64(c)
	}
	order := descendingOrder(fc)
	s := &Series{Name: name, Index: make([]any, len(keys)), Values: make([]any, len(keys))}
	for i, o := range order {
		s.Index[i], s.Values[i] = keys[o], int64(counts[o])
	}
	return s
}

// IsNA reports whether v is a missing value: nil or a float NaN.
func IsNA(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case float64:
		return math.IsNaN(x)
	case float32:
		return math.IsNaN(float64(x))
	}
	return false
}

// NaN returns the NaN cell value.
func NaN() any { return math.NaN() }
