package frame

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var na = math.NaN()

// rows returns a frame's labels and formatted cells, for comparisons.
func rows(f *Frame) []string {
	var out []string
	for i := 0; i < f.Len(); i++ {
		cells := []string{}
		for _, v := range f.Row(i) {
			cells = append(cells, Format(v))
		}
		out = append(out, Format(int64(f.labels[i]))+": "+strings.Join(cells, " | "))
	}
	return out
}

func sample() *Frame {
	return New([]string{"t", "src", "comp", "tags"}, [][]any{
		{"T1", "process", "creation", []any{"a", "b"}},
		{"T2", "file", nil, []any{"a"}},
		{"T1", "process", "creation", []any{"a", "b"}},
		{"T3", "file", na, []any{"a"}},
		{"T2", "command", "execution", []any{"b", "a"}},
		{"T4", "file", na, []any{}},
	})
}

func TestOperations(t *testing.T) {
	tests := []struct {
		name string
		got  *Frame
		want []string
	}{
		{"head default", sample().Head(), []string{
			"0: T1 | process | creation | [a, b]", "1: T2 | file | None | [a]", "2: T1 | process | creation | [a, b]",
			"3: T3 | file | NaN | [a]", "4: T2 | command | execution | [b, a]"}},
		{"head 0", sample().Head(0), nil},
		{"head negative", sample().Head(-4), []string{"0: T1 | process | creation | [a, b]", "1: T2 | file | None | [a]"}},
		{"select keeps labels", sample().Eq("t", "T2").Select("comp", "t"), []string{"1: None | T2", "4: execution | T2"}},
		{"eq", sample().Eq("src", "file"), []string{"1: T2 | file | None | [a]", "3: T3 | file | NaN | [a]", "5: T4 | file | NaN | []"}},
		{"eq nan matches nothing", sample().Eq("comp", na), nil},
		{"isin", sample().IsIn("t", "T3", "T4", "T9").Select("t"), []string{"3: T3", "5: T4"}},
		{"where", sample().Where("tags", func(v any) bool { return len(v.([]any)) == 2 }).Select("t"), []string{"0: T1", "2: T1", "4: T2"}},
		{"filter rows", sample().Filter(func(r []any) bool { return r[0] == "T2" && !IsNA(r[2]) }).Select("t", "comp"), []string{"4: T2 | execution"}},
		{"drop duplicates all", sample().DropDuplicates().Select("t"), []string{"0: T1", "1: T2", "3: T3", "4: T2", "5: T4"}},
		{"drop duplicates subset keeps first", sample().DropDuplicates("src").Select("src"), []string{"0: process", "1: file", "4: command"}},
		{"None and NaN are one missing value", sample().DropDuplicates("src", "comp").Select("src", "comp"), []string{
			"0: process | creation", "1: file | None", "4: command | execution"}},
		{"lists by content, order matters", sample().DropDuplicates("tags").Select("tags"), []string{"0: [a, b]", "1: [a]", "4: [b, a]", "5: []"}},
		{"dropna any", sample().DropNA().Select("t"), []string{"0: T1", "2: T1", "4: T2"}},
		{"dropna all", New([]string{"a", "b"}, [][]any{{nil, na}, {nil, "x"}}).DropNAAll(), []string{"1: None | x"}},
		{"reset index", sample().Eq("t", "T2").ResetIndex().Select("t"), []string{"0: T2", "1: T2"}},
		{"sort", sample().SortBy("comp", "t").Select("comp", "t"), []string{
			"0: creation | T1", "2: creation | T1", "4: execution | T2", "1: None | T2", "3: NaN | T3", "5: NaN | T4"}},
		{"empty frame", New([]string{"a"}, nil).DropDuplicates().DropNA().Head(), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.got.Err(); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, rows(tt.got)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestDropNASubset(t *testing.T) {
	if n := sample().DropNA("t", "src").Len(); n != 6 {
		t.Errorf("dropna on complete columns kept %d of 6 rows", n)
	}
	if n := sample().DropNA("comp").Len(); n != 3 {
		t.Errorf("dropna(comp) kept %d rows, want 3", n)
	}
}

func TestMissingColumn(t *testing.T) {
	for name, f := range map[string]*Frame{
		"select":          sample().Select("t", "nope"),
		"eq":              sample().Eq("nope", 1),
		"drop duplicates": sample().DropDuplicates("nope"),
		"dropna":          sample().DropNA("nope"),
		"chained":         sample().Select("nope").Head().DropDuplicates(),
	} {
		t.Run(name, func(t *testing.T) {
			err := f.Err()
			if !errors.Is(err, ErrNoColumn) || !strings.Contains(err.Error(), `"nope"`) || !strings.Contains(err.Error(), "columns: t, src, comp, tags") {
				t.Errorf("err = %v", err)
			}
			if !strings.Contains(f.HTML(), "nope") || !strings.HasPrefix(f.String(), "error: ") {
				t.Error("the error does not show in renderings")
			}
		})
	}
	if err := sample().ValueCounts("nope").Err(); !errors.Is(err, ErrNoColumn) {
		t.Errorf("value counts: %v", err)
	}
	if err := New([]string{"a", "a"}, nil).Err(); err == nil {
		t.Error("duplicate column names accepted")
	}
	if err := New([]string{"a"}, [][]any{{1, 2}}).Err(); err == nil {
		t.Error("ragged row accepted")
	}
}

func TestValueCounts(t *testing.T) {
	f := New([]string{"c"}, [][]any{{"b"}, {"a"}, {nil}, {"b"}, {na}, {"a"}, {"c"}, {int64(1)}, {"1"}})
	s := f.ValueCounts("c")
	if diff := cmp.Diff([]string{"b", "a", "c", "1", "1"}, s.Labels()); diff != "" {
		t.Errorf("labels (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]any{int64(2), int64(2), int64(1), int64(1), int64(1)}, s.Values); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}
	if _, ok := s.Index[3].(int64); !ok {
		t.Errorf("the integer 1 and the string \"1\" must stay apart: %#v", s.Index)
	}
	if got := s.NLargest(2).Labels(); !cmp.Equal(got, []string{"b", "a"}) {
		t.Errorf("nlargest(2) = %v", got)
	}
	if got := s.NLargest(4).Labels(); !cmp.Equal(got, []string{"b", "a", "c", "1"}) {
		t.Errorf("nlargest(4) = %v", got)
	}
	if n := New([]string{"c"}, nil).ValueCounts("c").Len(); n != 0 {
		t.Errorf("empty: %d entries", n)
	}
}

// TestTieOrder checks the pandas tie order past 17 distinct values, where
// numpy's introsort stops being stable (values from pandas 1.5.3:
// pd.Series(list).value_counts() on this input).
func TestTieOrder(t *testing.T) {
	var col [][]any
	for i, n := range []int{1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2} {
		for k := 0; k < n; k++ {
			col = append(col, []any{string(rune('a' + i))})
		}
	}
	got := New([]string{"c"}, col).ValueCounts("c").Labels()
	want := strings.Split("t n d r f h p j b l s q o a m i g e c k", " ")
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestRender(t *testing.T) {
	f := New([]string{"name", "n", "flag", "list"}, [][]any{
		{`<script>alert(1)</script>`, int64(4688), true, []any{"x", "y"}},
		{nil, na, false, []any{}},
	})
	h := f.HTML()
	for _, want := range []string{`<table border="1" class="dataframe">`, "&lt;script&gt;alert(1)&lt;/script&gt;", "<td>4688</td>", "<td>True</td>", "<td>None</td>", "<td>NaN</td>", "<td>[x, y]</td>", "<th>1</th>"} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML lacks %q:\n%s", want, h)
		}
	}
	if strings.Contains(h, "<script>") {
		t.Error("HTML is not escaped")
	}
	wantText := "                        name     n   flag    list\n0  <script>alert(1)</script>  4688   True  [x, y]\n1                       None   NaN  False      []"
	if diff := cmp.Diff(wantText, f.String()); diff != "" {
		t.Errorf("text (-want +got):\n%s", diff)
	}
	var csv, js strings.Builder
	f.WriteCSV(&csv, true)
	if want := ",name,n,flag,list\n0,<script>alert(1)</script>,4688,True,\"[x, y]\"\n1,,,False,[]\n"; csv.String() != want {
		t.Errorf("csv %q", csv.String())
	}
	f.WriteJSON(&js)
	if !strings.Contains(js.String(), `"index": [`) || !strings.Contains(js.String(), "null") {
		t.Errorf("json %s", js.String())
	}
	var many [][]any
	for i := 0; i < 100; i++ {
		many = append(many, []any{int64(i)})
	}
	long := New([]string{"i"}, many)
	if !strings.Contains(long.HTML(), "<p>100 rows × 1 columns</p>") || !strings.Contains(long.String(), "[100 rows x 1 columns]") {
		t.Error("long frames are not elided")
	}
}

func TestNormalize(t *testing.T) {
	f := NormalizeJSON([]byte(`[{"a": 1, "b": {"c": 2.5, "d": [1, 2]}}, {"a": "x", "e": null}]`))
	if err := f.Err(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"a", "b.c", "b.d", "e"}, f.Columns()); diff != "" {
		t.Errorf("columns (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"0: 1 | 2.5 | [1, 2] | NaN", "1: x | NaN | NaN | None"}, rows(f)); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	y := NormalizeYAML([]byte("- b: .nan\n  a: null\n- a: [x]\n"))
	if diff := cmp.Diff([]string{"0: NaN | None", "1: NaN | [x]"}, rows(y)); diff != "" {
		t.Errorf("yaml rows (-want +got):\n%s", diff)
	}
	bomb := "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
	if err := NormalizeYAML([]byte("- " + strings.ReplaceAll(strings.TrimSpace(bomb), "\n", "\n  "))).Err(); err == nil || !strings.Contains(err.Error(), "aliases") {
		t.Errorf("alias bomb: %v", err)
	}
	if err := NormalizeYAML([]byte("a: 1")).Err(); err == nil {
		t.Error("a mapping was accepted as a list of records")
	}
}

func TestNormalizeTooWide(t *testing.T) {
	var b strings.Builder
	b.WriteString("[")
	for i := 0; i < 5000; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"k%d": 1}`, i)
	}
	b.WriteString("]")
	err := NormalizeJSON([]byte(b.String())).Err()
	if err == nil || !strings.Contains(err.Error(), "distinct keys") {
		t.Errorf("5000 records with 5000 keys: %v", err)
	}
}

func TestGotaRoundTrip(t *testing.T) {
	f := New([]string{"s", "n"}, [][]any{{"a", int64(1)}, {nil, int64(2)}})
	g := f.Gota()
	if g.Err != nil || g.Nrow() != 2 || g.Ncol() != 2 {
		t.Fatalf("gota: %v %dx%d", g.Err, g.Nrow(), g.Ncol())
	}
	back := FromGota(g)
	if diff := cmp.Diff([]string{"0: a | 1", "1: NaN | 2"}, rows(back)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// FuzzNormalizeJSON: any bytes give a frame or an error frame, never a
// panic; a frame has as many cells per column as rows.
func FuzzNormalizeJSON(f *testing.F) {
	f.Add([]byte(`[{"a": 1, "b": {"c": [1, {"d": null}]}}, {"e": 1.5}]`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"a": 1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkShape(t, NormalizeJSON(data))
	})
}

// FuzzNormalizeYAML is FuzzNormalizeJSON for YAML input.
func FuzzNormalizeYAML(f *testing.F) {
	f.Add([]byte("- a: 1\n  b: {c: .nan}\n- a: null\n"))
	f.Add([]byte("a: &a [1]\nb: *a\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkShape(t, NormalizeYAML(data))
	})
}

func checkShape(t *testing.T, fr *Frame) {
	t.Helper()
	if fr.Err() != nil {
		if !strings.HasPrefix(fr.Err().Error(), "frame: ") {
			t.Fatalf("error without package prefix: %v", fr.Err())
		}
		return
	}
	for i, c := range fr.cols {
		if len(c) != fr.Len() {
			t.Fatalf("column %q has %d cells for %d rows", fr.names[i], len(c), fr.Len())
		}
	}
	_ = fr.String()
	_ = fr.HTML()
}

func TestBuilder(t *testing.T) {
	b := NewBuilder("a")
	b.Row().Set("b", "x").Set("a", int64(1))
	b.Row().Set("a", int64(2))
	b.Row().Set("c", []any{"l"})
	got := b.Frame()
	if diff := cmp.Diff([]string{"a", "b", "c"}, got.Columns()); diff != "" {
		t.Errorf("columns (-want +got):\n%s", diff)
	}
	if got.Len() != 3 || got.At(0, "a") != int64(1) || got.At(0, "b") != "x" || !IsNA(got.At(1, "b")) ||
		!IsNA(got.At(0, "c")) || !IsNA(got.At(2, "a")) {
		t.Errorf("frame:\n%s", got)
	}
	if empty := NewBuilder("x", "y").Frame(); empty.Len() != 0 || len(empty.Columns()) != 2 {
		t.Errorf("empty builder: %v", empty)
	}
}
