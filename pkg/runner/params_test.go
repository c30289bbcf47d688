package runner

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/pkg/notebook"
)

func TestParseParams(t *testing.T) {
	tests := []struct {
		name, src string
		want      []Param
		err       string
	}{
		{"typed and inferred", "import \"time\"\n\nvar (\n\ta int = 3\n\tb = \"x\"\n\tc = 2.5\n\td = true\n)\nconst e = 7\nvar f time.Duration = time.Hour\nvar g = 90 * time.Second\nvar h = []string{\"p\"}\nvar i = int64(-4)\n", []Param{
			{Name: "a", Type: "int", Default: "3", Line: 4},
			{Name: "b", Type: "string", Default: `"x"`, Line: 5},
			{Name: "c", Type: "float64", Default: "2.5", Line: 6},
			{Name: "d", Type: "bool", Default: "true", Line: 7},
			{Name: "e", Type: "int", Const: true, Default: "7", Line: 9},
			{Name: "f", Type: "time.Duration", Default: "time.Hour", Line: 10},
			{Name: "g", Type: "time.Duration", Default: "90 * time.Second", Line: 11},
			{Name: "h", Type: "[]string", Default: `[]string{"p"}`, Line: 12},
			{Name: "i", Type: "int64", Default: "int64(-4)", Line: 13},
		}, ""},
		{"short declarations and statements", "technique := \"T1003.001\"\ntop := 15\nfmt.Println(top)\ntop = 3\n", []Param{
			{Name: "technique", Type: "string", Default: `"T1003.001"`, Line: 1},
			{Name: "top", Type: "int", Default: "15", Line: 2},
		}, ""},
		{"redeclared keeps its place", "var a = 1\nvar b = 2\nvar a = \"s\"\n", []Param{
			{Name: "a", Type: "string", Default: `"s"`, Line: 3},
			{Name: "b", Type: "int", Default: "2", Line: 2},
		}, ""},
		{"no declarations", "// nothing\n", nil, ""},
		{"unknown type", "var n = f()\n", nil, "bad parameters: line 1: n: cannot tell the type of f(); declare it with one (var name TYPE = value)"},
		{"unsupported type", "var m map[string]int\n", nil, "bad parameters: line 1: m: type map[string]int cannot be set from the command line; use one of string, bool, int, int8…int64, uint…uint64, float32, float64, time.Duration, []string, []int, []int64, []float64, []bool"},
		{"syntax error", "var a = \nvar b = 2\n", nil, "bad parameters: line 2: expected operand, found 'var'; the parameters cell must be valid Go"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseParams(tt.src)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err || !errors.Is(err, ErrParams) {
					t.Fatalf("error = %v, want %s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("params (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBind(t *testing.T) {
	params := []Param{
		{Name: "s", Type: "string"}, {Name: "n", Type: "int"}, {Name: "u8", Type: "uint8"}, {Name: "f", Type: "float64"},
		{Name: "b", Type: "bool"}, {Name: "d", Type: "time.Duration"}, {Name: "l", Type: "[]string"}, {Name: "li", Type: "[]int"},
	}
	const all = "the notebook's parameters are: s string, n int, u8 uint8, f float64, b bool, d time.Duration, l []string, li []int"
	tests := []struct {
		name   string
		values []Value
		want   []notebook.Parameter
		err    string
	}{
		{"every type from -p", []Value{
			{Name: "li", Text: "1, 2", From: "-p"}, {Name: "s", Text: `a "quoted" \ value`, From: "-p"}, {Name: "n", Text: "-42", From: "-p"},
			{Name: "u8", Text: "255", From: "-p"}, {Name: "f", Text: "1e3", From: "-p"}, {Name: "b", Text: "true", From: "-p"},
			{Name: "d", Text: "1h30m", From: "-p"}, {Name: "l", Text: "process, file", From: "-p"},
		}, []notebook.Parameter{
			{Name: "s", Type: "string", Value: `"a \"quoted\" \\ value"`}, {Name: "n", Type: "int", Value: "-42"},
			{Name: "u8", Type: "uint8", Value: "255"}, {Name: "f", Type: "float64", Value: "1000"}, {Name: "b", Type: "bool", Value: "true"},
			{Name: "d", Type: "time.Duration", Value: "time.Duration(5400000000000)"}, {Name: "l", Type: "[]string", Value: `[]string{"process", "file"}`},
			{Name: "li", Type: "[]int", Value: "[]int{1, 2}"},
		}, ""},
		{"yaml list and a later value wins", []Value{
			{Name: "l", List: []string{"a,b", "c"}, IsList: true, From: "p.yaml:2"}, {Name: "n", Text: "1", From: "p.yaml:3"}, {Name: "n", Text: "2", From: "-p"},
		}, []notebook.Parameter{{Name: "n", Type: "int", Value: "2"}, {Name: "l", Type: "[]string", Value: `[]string{"a,b", "c"}`}}, ""},
		{"empty list", []Value{{Name: "l", Text: "", From: "-p"}}, []notebook.Parameter{{Name: "l", Type: "[]string", Value: "[]string{}"}}, ""},
		{"unknown name", []Value{{Name: "top", Text: "3", From: "-p"}}, nil, `bad parameters: unknown parameter "top" (-p); ` + all},
		{"not an int", []Value{{Name: "n", Text: "ten", From: "-p"}}, nil, `bad parameters: parameter n (-p): "ten" is not a valid int; ` + all},
		{"out of range", []Value{{Name: "u8", Text: "256", From: "-p"}}, nil, `bad parameters: parameter u8 (-p): "256" is not a valid uint8; ` + all},
		{"not finite", []Value{{Name: "f", Text: "NaN", From: "-p"}}, nil, `bad parameters: parameter f (-p): "NaN" is not a valid float64; ` + all},
		{"bad duration", []Value{{Name: "d", Text: "3", From: "-p"}}, nil, `bad parameters: parameter d (-p): "3" is not a valid time.Duration (write it like 90s, 15m or 24h); ` + all},
		{"list for a scalar", []Value{{Name: "n", List: []string{"1"}, IsList: true, From: "p.yaml:1"}}, nil, `bad parameters: parameter n (p.yaml:1): want one int, found a list; ` + all},
		{"null", []Value{{Name: "s", Null: true, From: "p.yaml:1"}}, nil, `bad parameters: parameter s (p.yaml:1): null is not a string; ` + all},
		{"bad list item", []Value{{Name: "li", Text: "1,x", From: "-p"}}, nil, `bad parameters: parameter li (-p): item 2: "x" is not a valid int; ` + all},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Bind(params, tt.values)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err || !errors.Is(err, ErrParams) {
					t.Fatalf("error = %v\nwant    %s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("bound (-want +got):\n%s", diff)
			}
		})
	}
	if _, err := Bind(nil, []Value{{Name: "x", Text: "1", From: "-p"}}); err == nil || err.Error() != `bad parameters: "x" (-p): the notebook declares no parameters; tag the cell that sets its defaults with "parameters"` {
		t.Errorf("no parameters cell: %v", err)
	}
}
