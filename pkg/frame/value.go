package frame

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// number converts numeric cells to float64 (exact for the int64 values the
// mapping holds) and reports whether v is numeric.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case int32:
		return float64(x), true
	case float64:
		return x, true
	case float32:
		return float64(x), true
	}
	return 0, false
}

// Equal reports whether two cells are equal as pandas' == sees them:
// numbers by value, strings and booleans by value, lists by content;
// missing values never equal anything.
func Equal(a, b any) bool {
	if IsNA(a) || IsNA(b) {
		return false
	}
	if x, ok := number(a); ok {
		y, ok := number(b)
		return ok && x == y
	}
	switch x := a.(type) {
	case string:
		y, ok := b.(string)
		return ok && x == y
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	}
	var ka, kb strings.Builder
	writeKey(&ka, a)
	writeKey(&kb, b)
	return ka.String() == kb.String()
}

// writeKey writes an unambiguous key for a cell: equal cells (and all
// missing values) write equal keys.
func writeKey(b *strings.Builder, v any) {
	if IsNA(v) {
		b.WriteString("n;")
		return
	}
	if x, ok := number(v); ok {
		b.WriteString("f")
		b.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
		b.WriteByte(';')
		return
	}
	switch x := v.(type) {
	case string:
		b.WriteString("s")
		b.WriteString(strconv.Itoa(len(x)))
		b.WriteByte(':')
		b.WriteString(x)
	case bool:
		if x {
			b.WriteString("T;")
		} else {
			b.WriteString("F;")
		}
	case []any:
		b.WriteString("[")
		for _, e := range x {
			writeKey(b, e)
		}
		b.WriteString("]")
	case []string:
		b.WriteString("[")
		for _, e := range x {
			writeKey(b, e)
		}
		b.WriteString("]")
	case map[string]any:
		b.WriteString("{")
		for _, k := range sortedKeys(x) {
			writeKey(b, k)
			writeKey(b, x[k])
		}
		b.WriteString("}")
	default:
		s := fmt.Sprintf("%T:%v", v, v)
		b.WriteString("o")
		b.WriteString(strconv.Itoa(len(s)))
		b.WriteByte(':')
		b.WriteString(s)
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Compare orders two cells: numbers, then strings, then booleans, then
// other values by their text; missing values last.
func Compare(a, b any) int {
	ra, rb := rank(a), rank(b)
	if ra != rb {
		return ra - rb
	}
	switch ra {
	case 0:
		x, _ := number(a)
		y, _ := number(b)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	case 1:
		return strings.Compare(a.(string), b.(string))
	case 2:
		x, y := a.(bool), b.(bool)
		switch {
		case x == y:
			return 0
		case !x:
			return -1
		}
		return 1
	case 4:
		return 0
	}
	return strings.Compare(Format(a), Format(b))
}

func rank(v any) int {
	if IsNA(v) {
		return 4
	}
	if _, ok := number(v); ok {
		return 0
	}
	switch v.(type) {
	case string:
		return 1
	case bool:
		return 2
	}
	return 3
}

// Format renders a cell as pandas displays it: None, NaN, True/False,
// integers without a decimal point, lists as [a, b].
func Format(v any) string {
	switch x := v.(type) {
	case nil:
		return "None"
	case string:
		return x
	case bool:
		if x {
			return "True"
		}
		return "False"
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return formatFloat(x)
	case float32:
		return formatFloat(float64(x))
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = formatNested(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case []string:
		return "[" + strings.Join(x, ", ") + "]"
	case map[string]any:
		parts := make([]string, 0, len(x))
		for _, k := range sortedKeys(x) {
			parts = append(parts, "'"+k+"': "+formatNested(x[k]))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprint(v)
}

// formatNested formats values inside lists and maps; strings inside a map
// are quoted as Python's repr shows them.
func formatNested(v any) string {
	if m, ok := v.(map[string]any); ok {
		parts := make([]string, 0, len(m))
		for _, k := range sortedKeys(m) {
			val := Format(m[k])
			if _, isStr := m[k].(string); isStr {
				val = "'" + val + "'"
			}
			parts = append(parts, "'"+k+"': "+val)
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return Format(v)
}

func formatFloat(x float64) string {
	switch {
	case math.IsNaN(x):
		return "NaN"
	case math.IsInf(x, 1):
		return "inf"
	case math.IsInf(x, -1):
		return "-inf"
	case x == math.Trunc(x) && math.Abs(x) < 1e16:
		return strconv.FormatFloat(x, 'f', 1, 64)
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}
