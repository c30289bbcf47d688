package kernel

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/pkg/interp"
)

func TestHistory(t *testing.T) {
	var h history
	for i, code := range []string{"a := 1", "b := a + 1", "b", "// a/b comment", "b"} {
		var res interp.Result
		if code == "b" {
			res.Outputs = []interp.Output{{Type: interp.ExecuteResult, Data: map[string]any{"text/plain": "2"}}}
		}
		h.add(i+1, code, res)
	}
	tests := []struct {
		req  string
		want string
	}{
		{`{"hist_access_type":"tail","n":2}`, `[[1,4,"// a/b comment"],[1,5,"b"]]`},
		{`{"hist_access_type":"tail","n":1,"output":true}`, `[[1,5,["b","2"]]]`},
		{`{"hist_access_type":"tail","n":1,"output":true}`, `[[1,5,["b","2"]]]`},
		{`{"hist_access_type":"range","session":0,"start":2,"stop":4}`, `[[1,2,"b := a + 1"],[1,3,"b"]]`},
		{`{"hist_access_type":"range","session":1,"start":4}`, `[[1,4,"// a/b comment"],[1,5,"b"]]`},
		{`{"hist_access_type":"range","session":-1,"start":1}`, `[]`},
		{`{"hist_access_type":"search","pattern":"b*"}`, `[[1,2,"b := a + 1"],[1,3,"b"],[1,5,"b"]]`},
		{`{"hist_access_type":"search","pattern":"b*","unique":true}`, `[[1,2,"b := a + 1"],[1,5,"b"]]`},
		{`{"hist_access_type":"search","pattern":"*a/b*"}`, `[[1,4,"// a/b comment"]]`},
		{`{"hist_access_type":"search","pattern":"?"}`, `[[1,3,"b"],[1,5,"b"]]`},
		{`{"hist_access_type":"search","pattern":"[ab] :=*","n":1}`, `[[1,2,"b := a + 1"]]`},
		{`{"hist_access_type":"search","pattern":"[^b]*"}`, `[[1,1,"a := 1"],[1,4,"// a/b comment"]]`},
		{`{"hist_access_type":"search","pattern":"[unclosed"}`, `[]`},
		{`{"hist_access_type":"frobnicate"}`, `[]`},
	}
	for _, tt := range tests {
		r := h.reply(json.RawMessage(tt.req))
		got, _ := json.Marshal(r["history"])
		if diff := cmp.Diff(tt.want, string(got)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.req, diff)
		}
	}
	if r := h.reply(json.RawMessage(`[`)); r["status"] != "error" {
		t.Errorf("bad request: %v", r)
	}
}

// FuzzGlob: any pattern compiles or is refused, never panics; a pattern
// without special characters matches itself.
func FuzzGlob(f *testing.F) {
	for _, s := range []string{"b*", "[^a]?", "[", "[]]", `\`, "a/b*c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		re := glob(p)
		if !strings.ContainsAny(p, "*?[") && utf8.ValidString(p) && len(p) <= MaxPattern {
			if re == nil || !re.MatchString(p) {
				t.Fatalf("literal %q does not match itself", p)
			}
		}
	})
}
