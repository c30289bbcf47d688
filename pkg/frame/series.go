package frame

import (
	"fmt"
	"html"
	"strings"
)

// Series is a labelled list of values, such as the result of ValueCounts:
// Index holds the counted values, Values their counts (int64).
type Series struct {
	Name   string
	Index  []any
	Values []any
	err    error
}

// Err returns the error that made this series, or nil.
func (s *Series) Err() error { return s.err }

// Len returns the number of entries.
func (s *Series) Len() int { return len(s.Index) }

// Head returns the first n entries (5 if n is not given).
func (s *Series) Head(n ...int) *Series {
	k := 5
	if len(n) > 0 {
		k = n[0]
	}
	k = max(0, min(k, s.Len()))
	return &Series{Name: s.Name, Index: s.Index[:k], Values: s.Values[:k], err: s.err}
}

// NLargest returns the n entries with the largest values, largest first;
// among equal values the earlier entry comes first (pandas' keep="first").
func (s *Series) NLargest(n int) *Series {
	if s.err != nil {
		return s
	}
	var idx []int
	if n >= s.Len() {
		// pandas sorts the whole series with its unstable sort here.
		idx = descendingOrder(s.Floats())
	} else {
		idx = rangeLabels(s.Len())
		sortStable(idx, func(a, b int) bool { return Compare(s.Values[a], s.Values[b]) > 0 && !IsNA(s.Values[a]) })
	}
	var keep []int
	for _, i := range idx {
		if len(keep) == n {
			break
		}
		if !IsNA(s.Values[i]) {
			keep = append(keep, i)
		}
	}
	out := &Series{Name: s.Name, Index: make([]any, len(keep)), Values: make([]any, len(keep))}
	for j, i := range keep {
		out.Index[j], out.Values[j] = s.Index[i], s.Values[i]
	}
	return out
}

// Labels returns the index formatted as text.
func (s *Series) Labels() []string {
	out := make([]string, len(s.Index))
	for i, v := range s.Index {
		out[i] = Format(v)
	}
	return out
}

// Floats returns the values as float64 (NaN for values that are not numbers).
func (s *Series) Floats() []float64 {
	out := make([]float64, len(s.Values))
	for i, v := range s.Values {
		if x, ok := number(v); ok {
			out[i] = x
		} else {
			out[i] = nan
		}
	}
	return out
}

// Frame returns the series as a two-column frame (index name, value name).
func (s *Series) Frame(indexName, valueName string) *Frame {
	if s.err != nil {
		return errFrame(s.err)
	}
	return FromColumns([]string{indexName, valueName},
		[][]any{append([]any(nil), s.Index...), append([]any(nil), s.Values...)}, nil)
}

// String renders the series as pandas prints one.
func (s *Series) String() string {
	if s.err != nil {
		return "error: " + s.err.Error()
	}
	labels := s.Labels()
	w := 0
	for _, l := range labels {
		w = max(w, displayWidth(l))
	}
	vals := make([]string, len(s.Values))
	vw := 0
	for i, v := range s.Values {
		vals[i] = Format(v)
		vw = max(vw, displayWidth(vals[i]))
	}
	var b strings.Builder
	for i := range labels {
		b.WriteString(pad(labels[i], w, false))
		b.WriteString("    ")
		b.WriteString(pad(vals[i], vw, true))
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "Name: %s, Length: %d", s.Name, s.Len())
	return b.String()
}

// HTML renders the series as a two-column HTML table.
func (s *Series) HTML() string {
	if s.err != nil {
		return `<pre class="frame-error">` + html.EscapeString(s.err.Error()) + `</pre>`
	}
	return s.Frame(s.Name, "count").HTML()
}
