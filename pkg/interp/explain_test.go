package interp

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestExplainedErrors: compile errors and panics speak of the cell, with
// its position, not of the interpreter's syntax tree.
func TestExplainedErrors(t *testing.T) {
	e, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	for _, tt := range []struct{ code, want string }{
		{`fmt.Println(1)`, `cell:1:1: undefined: fmt (import "fmt" in this cell or in one run before it; ` + restartHint + `)`},
		{`workshop.Check()`, `cell:1:1: undefined: workshop (import "github.com/huntbook/huntbook/pkg/workshop" in this cell or in one run before it; ` + restartHint + `)`},
		{"source := upstream\n// the upstream mapping\nupstream := \"x\"", `cell:1:11: undefined: upstream (it is declared later in this cell, on line 3: move that line above its first use)`},
		{"y := nope + 1", `cell:1:6: undefined: nope (not declared in this cell; if an earlier cell declares it, ` + restartHint + `)`},
		{"s := []int{1}\ns[5]", `cell line 2: runtime error: index out of range [5] with length 1`},
		{"x := 1\nx.Foo()", `cell:2:1: not a package: "x" in x.Foo`},
	} {
		res, err := e.Execute(context.Background(), tt.code)
		if err != nil {
			t.Fatal(err)
		}
		o := res.Err()
		if o == nil {
			t.Errorf("%q: no error", tt.code)
			continue
		}
		if diff := cmp.Diff(tt.want, o.EValue); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tt.code, diff)
		}
		if len(o.Traceback) != 1 || o.Traceback[0] != o.EName+": "+o.EValue {
			t.Errorf("%q: traceback %q", tt.code, o.Traceback)
		}
	}
}
