package progress

import (
	"bytes"
	"os"
	"testing"
)

func TestEnabled(t *testing.T) {
	env := func(v string) func(string) string { return func(string) string { return v } }
	var buf bytes.Buffer
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, tt := range []struct {
		name  string
		w     any
		quiet bool
		ci    string
	}{
		{"buffer", &buf, false, ""},
		{"regular file", f, false, ""},
		{"quiet", f, true, ""},
		{"ci", f, false, "true"},
	} {
		if Enabled(tt.w.(interface{ Write([]byte) (int, error) }), tt.quiet, env(tt.ci)) {
			t.Errorf("%s: progress enabled, want it off", tt.name)
		}
	}
	// A nil bar (progress off) ignores calls.
	var b *Bytes = NewBytes(&buf, false)
	b.Update("read", 1, 2)
	b.Done()
	if buf.Len() != 0 {
		t.Errorf("a disabled bar wrote %q", buf.String())
	}
}

func TestBarDraws(t *testing.T) {
	var buf bytes.Buffer
	b := NewBytes(&buf, true)
	b.Update("parse", 512<<10, 1<<20)
	b.Done()
	if !bytes.Contains(buf.Bytes(), []byte("parse")) {
		t.Errorf("bar output %q lacks the stage", buf.String())
	}
}
