package runs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/pkg/notebook"
)

var t0 = time.Date(2026, 11, 1, 2, 0, 0, 0, time.UTC)

func writeRecord(t *testing.T, path string, r Record) {
	t.Helper()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func run(nb string, day int, status string, records ...notebook.Record) Record {
	start := t0.Add(time.Duration(day) * 24 * time.Hour)
	code := 0
	if status != notebook.StatusOK {
		code = 3
	}
	return Record{Run: &notebook.Run{Notebook: nb, SHA256: "s", Start: start, End: start.Add(time.Second), Status: status,
		Parameters: []notebook.Parameter{{Name: "p", Type: "string", Value: `"x"`}}, Records: records}, ExitStatus: code}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	writeRecord(t, filepath.Join(dir, "b", "r.run.json"), run("nb/cov.ipynb", 2, "ok"))
	writeRecord(t, filepath.Join(dir, "a", "deep", "r.run.json"), run("cov.ipynb", 1, "error"))
	os.WriteFile(filepath.Join(dir, "junk.run.json"), []byte("{"), 0o644)
	os.WriteFile(filepath.Join(dir, "empty.run.json"), []byte("{}"), 0o644)
	os.WriteFile(filepath.Join(dir, "other.json"), []byte("{"), 0o644)
	ix, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ix.Runs {
		got = append(got, e.Path+" "+e.Record.Status+" "+SeriesKey(e.Record.Run))
	}
	want := []string{`a/deep/r.run.json error cov.ipynb p="x"`, `b/r.run.json ok cov.ipynb p="x"`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("runs (-want +got):\n%s", diff)
	}
	var skipped []string
	for _, s := range ix.Skipped {
		skipped = append(skipped, s.Path)
	}
	if diff := cmp.Diff([]string{"empty.run.json", "junk.run.json"}, skipped); diff != "" {
		t.Errorf("skipped (-want +got):\n%s", diff)
	}
	if _, err := Load(filepath.Join(dir, "missing")); err == nil || !strings.Contains(err.Error(), "give a folder") {
		t.Errorf("missing folder: %v", err)
	}
	// The previous successful run of the series, never a failed one.
	cur := run("cov.ipynb", 3, "ok").Run
	if p := Previous(ix, cur); p == nil || p.Path != "b/r.run.json" {
		t.Errorf("previous: %+v", p)
	}
	if p := Previous(ix, run("cov.ipynb", 2, "ok").Run); p != nil {
		t.Errorf("previous of the first ok run: %+v", p)
	}
}

func TestCompare(t *testing.T) {
	rec := func(name string, v any) notebook.Record {
		var x any
		b, _ := json.Marshal(v)
		json.Unmarshal(b, &x)
		return notebook.Record{Name: name, Value: x}
	}
	for _, tt := range []struct {
		name      string
		from, to  []notebook.Record
		fi, ti    []notebook.Input
		want      []notebook.ValueChange
		wantInput []notebook.InputChange
	}{
		{name: "same", from: []notebook.Record{rec("n", 1)}, to: []notebook.Record{rec("n", 1)}},
		{name: "number", from: []notebook.Record{rec("n", 1)}, to: []notebook.Record{rec("n", 2)},
			want: []notebook.ValueChange{{Name: "n", From: 1.0, To: 2.0}}},
		{name: "last of a name counts", from: []notebook.Record{rec("n", 5), rec("n", 1)}, to: []notebook.Record{rec("n", 1)}},
		{name: "list", from: []notebook.Record{rec("t", []string{"T1", "T2", "T2"})}, to: []notebook.Record{rec("t", []string{"T3", "T2"})},
			want: []notebook.ValueChange{{Name: "t", From: []any{"T1", "T2", "T2"}, To: []any{"T3", "T2"}, Added: []string{"T3"}, Removed: []string{"T1"}}}},
		{name: "list appears", to: []notebook.Record{rec("t", []string{"T1"})},
			want: []notebook.ValueChange{{Name: "t", To: []any{"T1"}, Added: []string{"T1"}}}},
		{name: "value gone", from: []notebook.Record{rec("n", "x")},
			want: []notebook.ValueChange{{Name: "n", From: "x"}}},
		{name: "input", fi: []notebook.Input{{Name: "inv", Path: "a", SHA256: "1"}, {Name: "same", Path: "s", SHA256: "s"}},
			ti:        []notebook.Input{{Name: "inv", Path: "a", SHA256: "2"}, {Name: "same", Path: "s", SHA256: "s"}, {Name: "new", Path: "n", SHA256: "3"}},
			wantInput: []notebook.InputChange{{Name: "inv", FromPath: "a", FromSHA256: "1", ToPath: "a", ToSHA256: "2"}, {Name: "new", ToPath: "n", ToSHA256: "3"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := &notebook.Run{Start: t0, Records: tt.from, Inputs: tt.fi}
			b := &notebook.Run{Start: t0, Records: tt.to, Inputs: tt.ti}
			c := Compare("prev", a, b)
			if tt.want == nil {
				tt.want = []notebook.ValueChange{}
			}
			if tt.wantInput == nil {
				tt.wantInput = []notebook.InputChange{}
			}
			if diff := cmp.Diff(tt.want, c.Values); diff != "" {
				t.Errorf("values (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantInput, c.Inputs); diff != "" {
				t.Errorf("inputs (-want +got):\n%s", diff)
			}
			if c.Changed() != (len(tt.want)+len(tt.wantInput) > 0) {
				t.Errorf("Changed() = %v", c.Changed())
			}
		})
	}
}

// Hostile strings in records are escaped; links are relative to the root.
func TestWriteHTMLEscapes(t *testing.T) {
	dir := t.TempDir()
	r := run(`<script>alert(1)</script>.ipynb`, 1, "ok", notebook.Record{Name: `<img src=x onerror=alert(1)>`, Value: 1.0})
	r.Outputs = map[string]string{"report": filepath.Join(dir, "x", "r.html")}
	writeRecord(t, filepath.Join(dir, "x", "r.run.json"), r)
	ix, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteHTML(&buf, ix); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, bad := range []string{"<script>alert", "<img src=x"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page holds %q unescaped", bad)
		}
	}
	for _, want := range []string{`href="x/r.html"`, `href="x/r.run.json"`, "script-src &#39;sha256-"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
}

// Runs that finish at once each rebuild the page; the last one written
// lists them all.
func TestWriteIndexFileConcurrent(t *testing.T) {
	dir := t.TempDir()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			writeRecord(t, filepath.Join(dir, fmt.Sprintf("r%d.run.json", i)), run("nb.ipynb", i, "ok"))
			if _, err := WriteIndexFile(dir); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	b, err := os.ReadFile(filepath.Join(dir, IndexName))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(b), `.run.json">record</a>`); n != 8 {
		t.Errorf("the page lists %d runs, want 8", n)
	}
}

func ExampleCompare() {
	prev := &notebook.Run{Records: []notebook.Record{{Name: "covered", Value: []any{"T1003", "T1055"}}}}
	cur := &notebook.Run{Records: []notebook.Record{{Name: "covered", Value: []any{"T1055", "T1059"}}}}
	c := Compare("reports/2026-11-30/coverage.run.json", prev, cur)
	for _, v := range c.Values {
		fmt.Println(v.Name, "gained", v.Added, "lost", v.Removed)
	}
	// Output: covered gained [T1059] lost [T1003]
}

// FuzzReadFile: any bytes in a *.run.json file give a record or an error,
// never a panic, and a record renders.
func FuzzReadFile(f *testing.F) {
	b, _ := json.Marshal(run("nb.ipynb", 1, "ok", notebook.Record{Name: "n", Value: 1.0}, notebook.Record{Name: "l", Value: []any{"a"}}))
	f.Add(b)
	f.Add([]byte(`{"notebook":"x","start":"2026-01-01T00:00:00Z","records":[{"name":"n","value":1e308}],"changes":{"values":[{"name":"x"}]}}`))
	f.Add([]byte(`{`))
	f.Add([]byte(`null`))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "r.run.json")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		e, err := ReadFile(p)
		if err != nil {
			return
		}
		ix := &Index{Root: dir, Runs: []Entry{*e, *e}}
		if err := WriteHTML(io.Discard, ix); err != nil {
			t.Fatal(err)
		}
		_ = ix.Tables()
		Compare("p", e.Record.Run, e.Record.Run)
	})
}
