package frame

// Builder builds a frame row by row, each value set by its column's name,
// so that a table's columns and their values are written side by side:
//
//	var b frame.Builder
//	for _, t := range techniques {
//		b.Row().Set("technique_id", t.ID).Set("score", t.Score)
//	}
//	f := b.Frame()
//
// Columns come in the order they are first set. A value a row does not set
// is missing (NaN). The zero Builder is ready to use.
type Builder struct {
	names []string
	idx   map[string]int
	cols  [][]any
	n     int // rows
}

// NewBuilder returns a builder whose frame has at least the named columns,
// in this order, even when no row is added.
func NewBuilder(names ...string) *Builder {
	b := &Builder{}
	for _, n := range names {
		b.column(n)
	}
	return b
}

func (b *Builder) column(name string) int {
	if i, ok := b.idx[name]; ok {
		return i
	}
	if b.idx == nil {
		b.idx = make(map[string]int)
	}
	i := len(b.names)
	b.idx[name] = i
	b.names = append(b.names, name)
	col := make([]any, b.n, max(b.n, 8))
	for r := range col {
		col[r] = NaN()
	}
	b.cols = append(b.cols, col)
	return i
}

// RowBuilder sets the values of one row.
type RowBuilder struct {
	b   *Builder
	row int
}

// Row starts a new row, every value missing until set.
func (b *Builder) Row() RowBuilder {
	for i := range b.cols {
		b.cols[i] = append(b.cols[i], NaN())
	}
	b.n++
	return RowBuilder{b, b.n - 1}
}

// Set sets the row's value in column name, adding the column if new.
func (r RowBuilder) Set(name string, v any) RowBuilder {
	r.b.cols[r.b.column(name)][r.row] = v
	return r
}

// Frame returns the frame built so far, rows labelled 0, 1, 2, ….
func (b *Builder) Frame() *Frame {
	cols := make([][]any, len(b.cols))
	for i, c := range b.cols {
		cols[i] = c[:b.n:b.n]
	}
	return FromColumns(append([]string(nil), b.names...), cols, nil)
}
