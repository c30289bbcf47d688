package frame

import (
	"fmt"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
)

// Gota converts the frame to a Gota DataFrame of string columns, for Gota's
// joins, arrangements and descriptions. Cells are formatted as Format shows
// them; missing values become Gota's NaN. Row labels are dropped: Gota has
// no index.
func (f *Frame) Gota() dataframe.DataFrame {
	if f.err != nil {
		return dataframe.DataFrame{Err: f.err}
	}
	cols := make([]series.Series, len(f.names))
	for c, name := range f.names {
		vals := make([]string, f.Len())
		for r, v := range f.cols[c] {
			if IsNA(v) {
				vals[r] = "NaN"
			} else {
				vals[r] = Format(v)
			}
		}
		cols[c] = series.New(vals, series.String, name)
	}
	return dataframe.New(cols...)
}

// FromGota converts a Gota DataFrame to a frame labelled 0, 1, 2, ….
// Gota's missing values become NaN; ints, floats and bools keep their type.
func FromGota(df dataframe.DataFrame) *Frame {
	if df.Err != nil {
		return errFrame(fmt.Errorf("frame: gota: %w", df.Err))
	}
	names := df.Names()
	cols := make([][]any, len(names))
	for c, name := range names {
		s := df.Col(name)
		col := make([]any, s.Len())
		for r := range col {
			e := s.Elem(r)
			if e.IsNA() {
				col[r] = nan
				continue
			}
			switch s.Type() {
			case series.Int:
				n, _ := e.Int()
				col[r] = int64(n)
			case series.Float:
				col[r] = e.Float()
			case series.Bool:
				b, _ := e.Bool()
				col[r] = b
			default:
				col[r] = e.String()
			}
		}
		cols[c] = col
	}
	return FromColumns(names, cols, nil)
}
