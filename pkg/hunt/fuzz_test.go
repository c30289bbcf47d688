package hunt

import (
	"errors"
	"testing"
)

// FuzzParseCondition: any input parses or fails with ErrInvalid or
// ErrUnsupported, never panics; what parses prints as a condition that
// parses to the same tree.
func FuzzParseCondition(f *testing.F) {
	for _, s := range []string{
		"sel", "a and b or c", "not (a or b)", "1 of sel* and not all of filter_*",
		"all of them", "any of x", "3 of y*", "sel | count() by x > 3", "a | near b",
		"((a))", "(a", "a)", "not", "1 of", "a and and b", "A AND NOT B", "sel-1 or sel.2",
		"selection and not 1 of filter_optional_*", "\x00", "é of them",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCondition(s)
		if err != nil {
			if !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrUnsupported) {
				t.Fatalf("ParseCondition(%q): %v wraps neither sentinel", s, err)
			}
			return
		}
		out := CondString(c)
		c2, err := ParseCondition(out)
		if err != nil {
			t.Fatalf("ParseCondition(%q) printed %q, which does not parse: %v", s, out, err)
		}
		if out2 := CondString(c2); out2 != out {
			t.Fatalf("round trip of %q: %q then %q", s, out, out2)
		}
	})
}

// FuzzCompile: detections built from fuzzed field keys, values and
// conditions compile or fail cleanly, and matching never panics.
func FuzzCompile(f *testing.F) {
	f.Add("Image|endswith", `\cmd.exe`, "sel and not 1 of f*", "C:\\x\\cmd.exe")
	f.Add("CommandLine|windash|contains|all", " -a /b", "all of them", "x -a /b")
	f.Add("A|base64offset|contains", "IEX (", "sel", "SUVYIC")
	f.Add("A|re|i", "(a+)+$", "sel", "aaaa")
	f.Add("A|cidr", "10.0.0.0/8", "sel", "10.1.1.1")
	f.Fuzz(func(t *testing.T, key, value, cond, ev string) {
		det := map[string]any{
			"sel":       map[string]any{key: value},
			"f1":        map[string]any{key: []any{value, nil}},
			"keywords":  []any{value},
			"condition": cond,
		}
		d, err := Compile(det)
		if err != nil {
			if !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrUnsupported) {
				t.Fatalf("Compile: %v wraps neither sentinel", err)
			}
			return
		}
		d.Match(MapEvent{"A": ev, "Image": ev, "CommandLine": ev})
	})
}
