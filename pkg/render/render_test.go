package render_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/pkg/frame"
	"github.com/huntbook/huntbook/pkg/render"
)

type result struct {
	Name   string       `json:"name"`
	Counts *frame.Frame `json:"counts"`
}

func (r result) Tables() []render.Table {
	return []render.Table{{Title: "Counts of " + r.Name, Frame: r.Counts}, {Frame: r.Counts.Head(1)}}
}

func sample() result {
	return result{Name: "x\x1b]0;pwned\x07", Counts: frame.New([]string{"value", "count"},
		[][]any{{"process\x1b[2J", int64(3)}, {"file", int64(1)}})}
}

func TestWrite(t *testing.T) {
	tests := []struct {
		format render.Format
		want   string
	}{
		{render.Text, "Counts of x\\x1b]0;pwned\\x07\n" +
			"            value  count\n0  process\\x1b[2J      3\n1            file      1\n\n" +
			"            value  count\n0  process\\x1b[2J      3\n"},
		{render.CSV, ",value,count\n0,process\x1b[2J,3\n1,file,1\n"},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		if err := render.Write(&b, tt.format, sample()); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tt.want, b.String()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.format, diff)
		}
	}
}

// TestJSONReadsBack checks the contract: a result written as JSON decodes
// into the same type with the same content.
func TestJSONReadsBack(t *testing.T) {
	var b bytes.Buffer
	in := sample()
	if err := render.Write(&b, render.JSON, in); err != nil {
		t.Fatal(err)
	}
	var out result
	if err := json.Unmarshal(b.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if out.Name != in.Name || out.Counts.String() != in.Counts.String() {
		t.Errorf("read back %q %v, want %q %v", out.Name, out.Counts, in.Name, in.Counts)
	}
}

func TestHTMLEscapes(t *testing.T) {
	got := render.HTMLOf(render.Table{Title: "<b>", Frame: frame.New([]string{"<i>"}, [][]any{{"<script>"}})})
	for _, bad := range []string{"<b>", "<i>", "<script>"} {
		if bytes.Contains([]byte(got), []byte(bad)) {
			t.Errorf("HTML holds %s unescaped:\n%s", bad, got)
		}
	}
}

func TestNotATabler(t *testing.T) {
	var b bytes.Buffer
	if err := render.Write(&b, render.CSV, 42); err == nil {
		t.Error("CSV of an int: no error")
	}
	if _, err := render.ParseFormat("xml"); err == nil {
		t.Error("ParseFormat(xml): no error")
	}
}
