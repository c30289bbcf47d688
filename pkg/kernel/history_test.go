package kernel

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/pkg/interp"
)

func TestHistory(t *testing.T) {
	h := openHistory("", nil)
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

// runCells adds cells to h as lines from first on; a cell "v" shows "v".
func runCells(h *history, first int, cells ...string) {
	for i, code := range cells {
		var res interp.Result
		if !strings.Contains(code, " ") {
			res.Outputs = []interp.Output{{Type: interp.ExecuteResult, Data: map[string]any{"text/plain": code}}}
		}
		h.add(first+i, code, res)
	}
}

func historyOf(t *testing.T, h *history, req string) string {
	t.Helper()
	b, _ := json.Marshal(h.reply(json.RawMessage(req))["history"])
	return string(b)
}

// TestHistoryFile: with a file, each kernel start is a new session and
// the earlier sessions' cells answer tail, range and search.
func TestHistoryFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "huntbook", "history.jsonl")
	runCells(openHistory(file, nil), 1, "a := 1", "a")
	runCells(openHistory(file, nil), 1, "b := 2", "b")
	h := openHistory(file, nil)
	runCells(h, 1, "c := 3")
	for _, tt := range []struct{ req, want string }{
		{`{"hist_access_type":"tail","n":3}`, `[[2,1,"b := 2"],[2,2,"b"],[3,1,"c := 3"]]`},
		{`{"hist_access_type":"range","session":0,"start":1}`, `[[3,1,"c := 3"]]`},
		{`{"hist_access_type":"range","session":-1,"start":2,"output":true}`, `[[2,2,["b","b"]]]`},
		{`{"hist_access_type":"range","session":1,"start":1}`, `[[1,1,"a := 1"],[1,2,"a"]]`},
		{`{"hist_access_type":"range","session":-3,"start":1}`, `[]`},
		{`{"hist_access_type":"search","pattern":"? := *"}`, `[[1,1,"a := 1"],[2,1,"b := 2"],[3,1,"c := 3"]]`},
	} {
		if got := historyOf(t, h, tt.req); got != tt.want {
			t.Errorf("%s = %s, want %s", tt.req, got, tt.want)
		}
	}
	st, err := os.Stat(file)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("the file: %v, mode %v; want 0600", err, st.Mode().Perm())
	}
	// A line cut short by a crash is skipped; the cells around it stay.
	f, _ := os.OpenFile(file, os.O_WRONLY|os.O_APPEND, 0)
	f.WriteString(`{"session":3,"line":2,"inp`)
	f.Close()
	if got := historyOf(t, openHistory(file, nil), `{"hist_access_type":"tail","n":2}`); got != `[[2,2,"b"],[3,1,"c := 3"]]` {
		t.Errorf("after a cut line: %s", got)
	}
}

// TestHistoryFileBounded: the file is rewritten with its newest half when
// it passes its cap, and a cell too large for it stays in memory only.
func TestHistoryFileBounded(t *testing.T) {
	file := filepath.Join(t.TempDir(), "history.jsonl")
	h := openHistory(file, nil)
	h.maxFile = 4 << 10
	for i := 1; i <= 200; i++ {
		runCells(h, i, fmt.Sprintf("x%03d := %d // %s", i, i, strings.Repeat("-", 40)))
	}
	runCells(h, 201, "big := `"+strings.Repeat("y", MaxHistoryInput)+"`")
	st, err := os.Stat(file)
	if err != nil || st.Size() > 4<<10 {
		t.Fatalf("the file: %v, %d bytes over the cap of 4096", err, st.Size())
	}
	later := openHistory(file, nil)
	got := historyOf(t, later, `{"hist_access_type":"tail","n":1}`)
	if !strings.HasPrefix(got, `[[1,200,"x200 := 200`) {
		t.Errorf("the newest cell in the file: %.60s", got)
	}
	if n := len(later.entries); n < 20 || n > 60 {
		t.Errorf("%d cells kept after the rewrites, want half the cap's worth", n)
	}
	if got := historyOf(t, h, `{"hist_access_type":"tail","n":1}`); !strings.HasPrefix(got, `[[1,201,"big := `) {
		t.Errorf("the big cell is not in this session's history: %.40s", got)
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
