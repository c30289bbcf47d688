package attack

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/pkg/frame"
	"github.com/huntbook/huntbook/pkg/ossem"
)

// The expected tables under testdata/pandas were computed by pandas 1.5.3
// with the seed notebook's code (testdata/pandas/goldens.py) on the shared
// mapping files, which are third-party data and not part of the repository.

var sharedFiles = map[string]string{
	"2021": "../../../shared/data/ossem-dm/techniques_to_events_mapping.yaml",
	"2022": "../../../shared/data/ossem-dm/techniques_to_events_mapping.v2022.yaml",
}

// loadShared loads a shared mapping file; it skips the test when the file is
// absent, except in CI, where the files must be present.
func loadShared(t testing.TB, schema string) *ossem.Mapping {
	t.Helper()
	path := sharedFiles[schema]
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared mapping %s is missing in CI: %v", path, err)
		}
		t.Skipf("shared mapping %s not present", path)
	}
	m, err := ossem.Load(context.Background(), path, ossem.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// tag encodes a cell as goldens.py does, keeping types and NaN/None apart.
func tag(v any) any {
	switch x := v.(type) {
	case nil:
		return "None"
	case bool:
		if x {
			return "bool:True"
		}
		return "bool:False"
	case int64:
		return fmt.Sprintf("int:%d", x)
	case int:
		return fmt.Sprintf("int:%d", x)
	case float64:
		if math.IsNaN(x) {
			return "NaN"
		}
		return fmt.Sprintf("float:%v", x)
	case string:
		return "str:" + x
	case []any:
		out := []any{"list"}
		for _, e := range x {
			out = append(out, tag(e))
		}
		return out
	case map[string]any:
		out := []any{"dict"}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			out = append(out, []any{k, tag(x[k])})
		}
		return out
	}
	return fmt.Sprintf("unexpected %T", v)
}

type goldenFrame struct {
	Columns []string `json:"columns"`
	Index   []int    `json:"index"`
	Data    [][]any  `json:"data"`
}

type goldenSeries struct {
	Name   string  `json:"name"`
	Index  []any   `json:"index"`
	Values []int64 `json:"values"`
}

func readGolden(t *testing.T, schema, name string, v any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "pandas", schema, name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatal(err)
	}
}

func asGolden(f *frame.Frame) goldenFrame {
	g := goldenFrame{Columns: f.Columns(), Index: f.Labels(), Data: [][]any{}}
	for i := 0; i < f.Len(); i++ {
		row := []any{}
		for _, v := range f.Row(i) {
			row = append(row, tag(v))
		}
		g.Data = append(g.Data, row)
	}
	// Round-trip through JSON so both sides have the same Go types.
	data, _ := json.Marshal(g)
	var out goldenFrame
	json.Unmarshal(data, &out)
	return out
}

func asGoldenSeries(s *frame.Series) goldenSeries {
	g := goldenSeries{Name: s.Name}
	for i := range s.Index {
		g.Index = append(g.Index, tag(s.Index[i]))
		g.Values = append(g.Values, s.Values[i].(int64))
	}
	return g
}

func checkFrame(t *testing.T, schema, name string, got *frame.Frame) {
	t.Helper()
	if err := got.Err(); err != nil {
		t.Fatal(err)
	}
	var want goldenFrame
	readGolden(t, schema, name, &want)
	if diff := cmp.Diff(want, asGolden(got)); diff != "" {
		t.Errorf("%s differs from pandas (-want +got):\n%s", name, diff)
	}
}

func checkSeries(t *testing.T, schema, name string, got *frame.Series) {
	t.Helper()
	if err := got.Err(); err != nil {
		t.Fatal(err)
	}
	var want goldenSeries
	readGolden(t, schema, name, &want)
	if diff := cmp.Diff(want, asGoldenSeries(got)); diff != "" {
		t.Errorf("%s differs from pandas (-want +got):\n%s", name, diff)
	}
}

func TestPandasParity(t *testing.T) {
	for _, schema := range []string{"2021", "2022"} {
		t.Run(schema, func(t *testing.T) {
			m := loadShared(t, schema)
			if string(m.Schema) != schema {
				t.Fatalf("schema = %s, want %s", m.Schema, schema)
			}
			var facts struct {
				Records    int `json:"records"`
				Techniques int `json:"techniques"`
			}
			readGolden(t, schema, "facts", &facts)
			if len(m.Records) != facts.Records {
				t.Errorf("records = %d, want %d", len(m.Records), facts.Records)
			}
			table := Table(m)
			checkFrame(t, schema, "head", table.Head())
			sub := SubComponents(m)
			var subWant struct {
				Rows  int         `json:"rows"`
				First goldenFrame `json:"first"`
			}
			readGolden(t, schema, "sub_components", &subWant)
			if sub.Len() != subWant.Rows {
				t.Errorf("sub-technique components: %d rows, want %d", sub.Len(), subWant.Rows)
			}
			if diff := cmp.Diff(subWant.First, asGolden(sub.Head(20))); diff != "" {
				t.Errorf("sub_components (-want +got):\n%s", diff)
			}
			for _, by := range []string{ColDataSource, ColDataComponent} {
				checkSeries(t, schema, "value_counts_"+by, sub.ValueCounts(by))
				top, err := TopSubtechniques(m, by, 15)
				if err != nil {
					t.Fatal(err)
				}
				checkSeries(t, schema, "top15_"+by, top)
			}
			checkFrame(t, schema, "relationships", Relationships(m))
			v, err := Technique(m, "T1003.001")
			if err != nil {
				t.Fatal(err)
			}
			checkFrame(t, schema, "t1003_001_components", v.Components)
			checkFrame(t, schema, "t1003_001_rows", v.Events)

			var wantGaps map[string][]string
			readGolden(t, schema, "gaps", &wantGaps)
			gotGaps := map[string][]string{}
			for _, g := range Gaps(m) {
				gotGaps[g.DataSource+"|"+g.DataComponent] = g.Techniques
			}
			if diff := cmp.Diff(wantGaps, gotGaps); diff != "" {
				t.Errorf("gaps (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSeedFacts checks the figures quoted from the seed notebook directly,
// independent of the golden files.
func TestSeedFacts(t *testing.T) {
	m := loadShared(t, "2021")
	top, err := TopSubtechniques(m, ColDataSource, 15)
	if err != nil {
		t.Fatal(err)
	}
	wantTop := map[string]int64{"process": 176, "file": 173, "command": 155, "network traffic": 121}
	for i, label := range top.Labels()[:4] {
		if top.Values[i] != wantTop[label] {
			t.Errorf("data source %d: %s %v, want %v", i, label, top.Values[i], wantTop[label])
		}
	}
	comp, _ := TopSubtechniques(m, ColDataComponent, 15)
	if diff := cmp.Diff([]string{"command execution", "process creation", "file modification"}, comp.Labels()[:3]); diff != "" {
		t.Errorf("top components (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]any{int64(155), int64(119), int64(66)}, comp.Values[:3]); diff != "" {
		t.Errorf("top component counts (-want +got):\n%s", diff)
	}
	if n := Relationships(m).Len(); n != 94 {
		t.Errorf("relationships: %d rows, want 94", n)
	}
	v, err := Technique(m, "t1003.001")
	if err != nil {
		t.Fatal(err)
	}
	labels := v.Events.Labels()
	if len(labels) != 18 || labels[0] != 3448 || labels[17] != 3465 {
		t.Errorf("T1003.001 rows labelled %v, want 3448…3465", labels)
	}
	want := []Component{{"process", "os api execution"}}
	if diff := cmp.Diff(want, v.Gaps); diff != "" {
		t.Errorf("T1003.001 gaps (-want +got):\n%s", diff)
	}
	if v.Components.Len() != 4 {
		t.Errorf("T1003.001 has %d components, want 4", v.Components.Len())
	}
}
