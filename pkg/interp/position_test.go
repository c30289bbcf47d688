package interp

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestPanicPositions: a runtime panic says where in the cell it happened
// and what Go says, with the index and length where they can be told
// (position.go).
func TestPanicPositions(t *testing.T) {
	e := newEngine(t)
	run(t, e, `import ("fmt"; "slices"; "sort")`)
	run(t, e, "func inEarlier(a []int) int {\n\treturn a[7]\n}")
	for _, tc := range []struct{ name, cell, want string }{
		{"index at the top level", "var xs []int\n_ = xs[3]", "cell line 2: runtime error: index out of range [3] with length 0"},
		{"index in a call's argument", "zs := []int{1}\n\nfmt.Println(zs[5])", "cell line 3: runtime error: index out of range [5] with length 1"},
		{"index in the last expression", "ys := []int{}\n_ = 1\nys[2]", "cell line 3: runtime error: index out of range [2] with length 0"},
		{"index by a variable into an array", "arr := [3]int{}\nk := 5\narr[k] = 1", "cell line 3: runtime error: index out of range [5] with length 3"},
		{"negative index", "ns := []int{1}\nm := -1\n_ = ns[m]", "cell line 3: runtime error: index out of range [-1]"},
		{"string index (Go's own message)", "s := \"abc\"\n_ = s[5]", "cell line 2: runtime error: index out of range [5] with length 3"},
		{"slice past the capacity", "xs2 := []int{1, 2}\n_ = xs2[1:5]", "cell line 2: runtime error: slice bounds out of range [:5] with capacity 2"},
		{"slice with low above high", "lo, hi := 2, 1\n_ = xs2[lo:hi]", "cell line 2: runtime error: slice bounds out of range [2:1]"},
		{"index in a loop body: no numbers", "var ps []int\nfor i := 0; i < 3; i++ {\n\t_ = ps[i]\n}", "cell line 3: runtime error: index out of range"},
		{"index by a call: not evaluated again", "func three() int { return 3 }\nvar qs []int\n_ = qs[three()]", "cell line 3: runtime error: index out of range"},
		{"in a function of an earlier cell", "\n\ninEarlier(nil)", "line 2 of an earlier cell: runtime error: index out of range"},
		{"in a callback of compiled code", "vs := []int{3, 1, 2}\nsort.Slice(vs, func(i, j int) bool {\n\tvar w []int\n\treturn w[i] < 0\n})", "cell line 4: runtime error: index out of range"},
		{"in a generic function", "func At[T any](xs []T, i int) T {\n\treturn xs[i]\n}\nAt([]int{1}, 5)", "cell line 2: runtime error: index out of range"},
		{"in the engine's own Go code: no position", "ss := []int{3}\n_ = slices.Insert(ss, 5, 1)", "runtime error: slice bounds out of range"},
		{"nil map", "var m map[string]int\nm[\"a\"] = 1", "cell line 2: assignment to entry in nil map"},
		{"nil pointer", "var p *struct{ X int }\n\np.X = 2", "cell line 3: runtime error: invalid memory address or nil pointer dereference"},
		{"nil interface", "var er error\n_ = er.Error()", "cell line 2: runtime error: invalid memory address or nil pointer dereference"},
		{"interface conversion", "var q interface{} = 1\n_ = q.(string)", "cell line 2: interface conversion: interface {} is int, not string"},
		{"division by zero", "a, b := 1, 0\n_ = a / b", "cell line 2: runtime error: integer divide by zero"},
		{"panic of the cell", "\npanic(\"boom\")", "cell line 2: boom"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := run(t, e, tc.cell).Err()
			if o == nil {
				t.Fatal("no error")
			}
			want := Output{Type: Error, EName: ENamePanic, EValue: tc.want, Traceback: []string{"Panic: " + tc.want}}
			if diff := cmp.Diff(want, *o); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestGoMessage(t *testing.T) {
	for in, want := range map[string]string{
		"reflect: slice index out of range":                     "runtime error: index out of range",
		"reflect: array index out of range":                     "runtime error: index out of range",
		"reflect.Value.Slice: slice index out of bounds":        "runtime error: slice bounds out of range",
		"reflect: call of reflect.Value.Field on zero Value":    "runtime error: invalid memory address or nil pointer dereference",
		"interface conversion: <interface{}> is <int>, not <T>": "interface conversion: interface {} is int, not T",
		"runtime error: index out of range [5] with length 3":   "runtime error: index out of range [5] with length 3",
		"boom": "boom",
	} {
		if got := GoMessage(in); got != want {
			t.Errorf("GoMessage(%q) = %q, want %q", in, got, want)
		}
	}
}
