package interp

import (
	"strings"
	"testing"
)

func TestCallAt(t *testing.T) {
	for _, tt := range []struct{ code, want string }{
		{"attack.Technique(|", "attack.Technique"},
		{"fmt.Println(m, |", "fmt.Println"},
		{"fmt.Println(m|)", "fmt.Println"},
		{"x := f(g(1), |", "f"},
		{"x := f(g(|", "g"},
		{"f(1)\nfmt.Sprint(|", "fmt.Sprint"},
		{"f(1)|", ""},
		{"fmt.Println|", ""},
		{"x := []int{|", ""},
		{"v.Components.Head(|", "v.Components.Head"},
		{"f(\"a(b\", |", "f"},
		{"(x + |", ""},
		{"", ""},
	} {
		i := strings.Index(tt.code, "|")
		code := strings.Replace(tt.code, "|", "", 1)
		if i < 0 {
			i = len(code)
		}
		if got := callAt(code, i); got != tt.want {
			t.Errorf("callAt(%q) = %q, want %q", tt.code, got, tt.want)
		}
	}
}

// TestInspectInsideCall: Shift-Tab inside a call's brackets shows the call.
func TestInspectInsideCall(t *testing.T) {
	e, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	for _, code := range []string{`import "github.com/huntbook/huntbook/pkg/attack"`, `import "fmt"`} {
		if _, err := e.Execute(t.Context(), code); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct{ code, want string }{
		{"attack.Technique(", "Technique returns the view of the technique"},
		{"m := 1\nfmt.Println(m, ", "fmt.Println: func("},
	} {
		d, ok := e.Inspect(tt.code, len([]rune(tt.code)))
		text, _ := d.Data["text/plain"].(string)
		if !ok || !strings.Contains(text, tt.want) {
			t.Errorf("Inspect(%q) = %v %q, want %q", tt.code, ok, text, tt.want)
		}
	}
}
