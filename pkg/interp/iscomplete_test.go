package interp

import "testing"

// TestIsCompleteInvalid: balanced code that Go cannot parse is invalid;
// cells mixing declarations and statements stay complete.
func TestIsCompleteInvalid(t *testing.T) {
	for _, tt := range []struct{ code, want string }{
		{"x := := 1", Invalid},
		{"fmt.Println(x y)", Invalid},
		{"for i := range 3 { i++ ", Incomplete},
		{"1 +", Invalid},
		{"x := 1", Complete},
		{"import \"fmt\"\nfmt.Println(1)", Complete},
		{"import (\n\t\"fmt\"\n\t\"os\"\n)\nfmt.Fprintln(os.Stderr, 1)", Complete},
		{"type T struct{ A int }\nfunc (t T) String() string {\n\treturn \"t\"\n}\nv := T{1}\nv", Complete},
		{"func f() int {\n\treturn 1\n}\n// comment\nf()", Complete},
		{"var a = 1\nconst b = 2\na + b", Complete},
		{"x", Complete},
		{"", Complete},
		{"// only a comment", Complete},
	} {
		if got := IsComplete(tt.code); got != tt.want {
			t.Errorf("IsComplete(%q) = %q, want %q", tt.code, got, tt.want)
		}
	}
}
