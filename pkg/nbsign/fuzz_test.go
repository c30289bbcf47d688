package nbsign

import (
	"errors"
	"testing"
)

// FuzzSignature: any input gives a signature or ErrNotNotebook, never a
// panic; the same input always gives the same signature.
func FuzzSignature(f *testing.F) {
	for _, s := range []string{`{}`, `{"cells": [{"metadata": {"trusted": true}}], "metadata": {"signature": "x"}}`,
		`{"a": [1, 2.5, 1e400, -0, true, null, "é"]}`, `[`, `{"a":` + "\x00"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s1, err := Signature(b, []byte("k"))
		if err != nil {
			if !errors.Is(err, ErrNotNotebook) {
				t.Fatalf("error %v does not wrap ErrNotNotebook", err)
			}
			return
		}
		if s2, _ := Signature(b, []byte("k")); s1 != s2 || len(s1) != 64 {
			t.Fatalf("signatures %q and %q", s1, s2)
		}
	})
}

// FuzzPyNumber: every JSON number text gives a non-empty Python form.
func FuzzPyNumber(f *testing.F) {
	for _, s := range []string{"0", "-0.0", "1e16", "123456789012345678.0", "5e-324"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !jsonNumber.MatchString(s) {
			return
		}
		if pyNumber(s) == "" {
			t.Fatalf("pyNumber(%q) is empty", s)
		}
	})
}
