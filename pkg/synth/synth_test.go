package synth

import (
	"bytes"
	"strings"
	"testing"
)

func TestDeterministic(t *testing.T) {
	var a, b, c bytes.Buffer
	Write(&a, Options{Records: 500, Seed: 7})
	Write(&b, Options{Records: 500, Seed: 7})
	Write(&c, Options{Records: 500, Seed: 8})
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same seed wrote different files")
	}
	if bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Error("different seeds wrote the same file")
	}
	if n := bytes.Count(a.Bytes(), []byte("\n- technique_id: ")) + 1; n != 500 {
		t.Errorf("%d records, want 500", n)
	}
}

func TestLayoutFeatures(t *testing.T) {
	for _, schema := range []string{"2021", "2022"} {
		var b bytes.Buffer
		if err := Write(&b, Options{Records: 5000, Seed: 1, Schema: schema}); err != nil {
			t.Fatal(err)
		}
		s := b.String()
		for _, want := range []string{": .nan\n", ": null\n", "\\xE4", "\\\n    ", "\n    ", "  - ", "DeviceProcessEvents"} {
			if !strings.Contains(s, want) {
				t.Errorf("%s: no %q in the output", schema, want)
			}
		}
		if schema == "2022" && (!strings.Contains(s, "event_id: '") || !strings.Contains(s, "filter_in:\n  - ActionType: ")) {
			t.Error("2022: no quoted event ids or filter_in lists")
		}
		if schema == "2021" && !strings.Contains(s, "x_mitre_is_subtechnique: ") {
			t.Error("2021: wrong subtechnique key")
		}
	}
	if err := Write(&bytes.Buffer{}, Options{Records: 1, Schema: "2020"}); err == nil {
		t.Error("unknown schema accepted")
	}
}
