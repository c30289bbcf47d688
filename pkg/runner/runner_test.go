package runner

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/pkg/notebook"
)

func load(t *testing.T, name string) *notebook.Notebook {
	t.Helper()
	nb, err := notebook.ReadFile(filepath.Join("..", "..", "testdata", "runner", name))
	if err != nil {
		t.Fatal(err)
	}
	return nb
}

// summary is what a test checks of a cell: its outputs' types and text.
func summary(nb *notebook.Notebook) []string {
	var s []string
	for i, c := range nb.Cells {
		if c.Type != notebook.Code {
			continue
		}
		line := c.ID + ":"
		if c.ExecutionCount == nil {
			line += " (not run)"
		}
		for _, o := range c.Outputs {
			switch o.Type {
			case notebook.Stream:
				line += " " + o.Name + "=" + strings.TrimSpace(o.Text)
			case notebook.Error:
				line += " error=" + o.EName
			default:
				line += " " + o.Type
			}
		}
		_ = i
		s = append(s, line)
	}
	return s
}

func TestRunBasics(t *testing.T) {
	var events []string
	start := time.Date(2026, 5, 1, 2, 0, 0, 0, time.UTC)
	out, err := Run(context.Background(), load(t, "basics.ipynb"), Options{
		Name: "basics.ipynb", SHA256: "abc", Version: "test", CellTimeout: time.Minute,
		Values: []Value{{Name: "top", Text: "3", From: "-p"}},
		Now:    func() time.Time { return start },
		Progress: func(e Event) {
			if e.Done {
				events = append(events, e.ID+" "+e.Status)
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"c2:",
		"injected-parameters:",
		"c4: stdout=records: 598",
		"c5: execute_result",
		"c7: execute_result",
		"c9: execute_result",
		"c11: stderr=components: 4 execute_result",
	}
	if diff := cmp.Diff(want, summary(out)); diff != "" {
		t.Errorf("cells (-want +got):\n%s", diff)
	}
	inj := out.Cells[2]
	if diff := cmp.Diff("// Parameters injected by huntbook run.\nvar top int = 3\n", inj.Source); diff != "" {
		t.Errorf("injected cell (-want +got):\n%s", diff)
	}
	if len(events) != 7 || events[6] != "c11 ok" {
		t.Errorf("progress events: %v", events)
	}
	bar := out.Cells[7].Outputs[0].Data
	if !strings.Contains(bar["image/svg+xml"].(string), "<svg") || !strings.HasPrefix(bar["image/png"].(string), "iVBOR") {
		t.Errorf("the chart cell lacks SVG or base64 PNG: %v", keys(bar))
	}
	rec, err := out.Run()
	if err != nil || rec == nil {
		t.Fatalf("run record: %v, %v", rec, err)
	}
	for i := range rec.Cells {
		rec.Cells[i].Duration = 0
	}
	wantRec := &notebook.Run{Version: "test", Notebook: "basics.ipynb", SHA256: "abc", Status: notebook.StatusOK,
		Parameters: []notebook.Parameter{{Name: "top", Type: "int", Value: "3"}}, Start: start, End: start,
		Cells: []notebook.CellRun{{Cell: 2, ID: "c2", Status: "ok"}, {Cell: 3, ID: "injected-parameters", Status: "ok"},
			{Cell: 5, ID: "c4", Status: "ok"}, {Cell: 6, ID: "c5", Status: "ok"}, {Cell: 8, ID: "c7", Status: "ok"},
			{Cell: 10, ID: "c9", Status: "ok"}, {Cell: 12, ID: "c11", Status: "ok"}}}
	if diff := cmp.Diff(wantRec, rec); diff != "" {
		t.Errorf("run record (-want +got):\n%s", diff)
	}
}

func TestRunStops(t *testing.T) {
	tests := []struct {
		name     string
		notebook string
		opts     Options
		ctx      func() (context.Context, context.CancelFunc)
		want     []string
		err      *CellError
	}{
		{"failing cell", "fails.ipynb", Options{}, nil,
			[]string{"c2: stdout=before the failure", "c3: error=Panic", "c4: (not run)"},
			&CellError{Name: "nb", Cell: 3, ID: "c3", Status: "error", EName: "Panic", EValue: "cell line 2: assignment to entry in nil map"}},
		{"allow errors", "fails.ipynb", Options{AllowErrors: true}, nil,
			[]string{"c2: stdout=before the failure", "c3: error=Panic", "c4: stdout=never printed"}, nil},
		{"cell timeout", "loop.ipynb", Options{CellTimeout: 300 * time.Millisecond, AllowErrors: true}, nil,
			[]string{"c1: stdout=started", "c2: error=CellTimeout", "c3: (not run)"},
			&CellError{Name: "nb", Cell: 2, ID: "c2", Status: "timeout", EName: ENameTimeout, EValue: "the cell did not finish within 300ms and was stopped"}},
		{"run timeout", "loop.ipynb", Options{}, func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 500*time.Millisecond)
		}, []string{"c1: stdout=started", "c2: error=RunTimeout", "c3: (not run)"},
			&CellError{Name: "nb", Cell: 2, ID: "c2", Status: "timeout", EName: ENameRunTimeout, EValue: "the run reached its time limit; this cell was stopped and the rest were not run"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.Background(), context.CancelFunc(func() {})
			if tt.ctx != nil {
				ctx, cancel = tt.ctx()
			}
			defer cancel()
			tt.opts.Name = "nb"
			out, err := Run(ctx, load(t, tt.notebook), tt.opts)
			if out == nil {
				t.Fatalf("no notebook returned (err %v)", err)
			}
			if diff := cmp.Diff(tt.want, summary(out)); diff != "" {
				t.Errorf("cells (-want +got):\n%s", diff)
			}
			rec, _ := out.Run()
			if tt.err == nil {
				if err != nil {
					t.Fatalf("error: %v", err)
				}
				return
			}
			var ce *CellError
			if !errors.As(err, &ce) {
				t.Fatalf("error = %v, want a *CellError", err)
			}
			if diff := cmp.Diff(tt.err, ce); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			if rec.Status != tt.err.Status || rec.Failure == nil || rec.Failure.Cell != tt.err.Cell {
				t.Errorf("run record: status %s, failure %+v", rec.Status, rec.Failure)
			}
			if last := rec.Cells[len(rec.Cells)-1]; last.Status != notebook.StatusSkipped {
				t.Errorf("the cell after the failure is %s, want skipped", last.Status)
			}
		})
	}
}

// A cell blocked in compiled code cannot be interrupted: Run gives up on it
// after the grace period and says so.
func TestRunStuck(t *testing.T) {
	nb := &notebook.Notebook{Cells: []notebook.Cell{
		{ID: "a", Type: notebook.Code, Source: "<-make(chan int)"},
		{ID: "b", Type: notebook.Code, Source: "1"},
	}}
	out, err := Run(context.Background(), nb, Options{Name: "nb", CellTimeout: 100 * time.Millisecond, InterruptGrace: 100 * time.Millisecond, AllowErrors: true})
	var ce *CellError
	if !errors.As(err, &ce) || ce.EName != ENameStuck || ce.Cell != 1 {
		t.Fatalf("error = %v, want EngineStuck in cell 1", err)
	}
	if diff := cmp.Diff([]string{"a: error=EngineStuck", "b: (not run)"}, summary(out)); diff != "" {
		t.Errorf("cells (-want +got):\n%s", diff)
	}
}

func TestRunParamsErrors(t *testing.T) {
	out, err := Run(context.Background(), load(t, "params.ipynb"), Options{Name: "params.ipynb",
		Values: []Value{{Name: "top", Text: "many", From: "-p"}}})
	want := `runner: params.ipynb: bad parameters: parameter top (-p): "many" is not a valid int; the notebook's parameters are: technique string, top int, ratio float64, verbose bool, since time.Duration, limit int64, title string, sources []string`
	if out != nil || err == nil || err.Error() != want {
		t.Errorf("got %v, %v\nwant error %s", out, err, want)
	}
}

func TestRunParams(t *testing.T) {
	out, err := Run(context.Background(), load(t, "params.ipynb"), Options{Name: "params.ipynb", Values: []Value{
		{Name: "technique", Text: "T1055", From: "-p"}, {Name: "top", Text: "3", From: "-p"}, {Name: "ratio", Text: "1", From: "-p"},
		{Name: "verbose", Text: "true", From: "-p"}, {Name: "since", Text: "90m", From: "-p"}, {Name: "limit", Text: "-1", From: "-p"},
		{Name: "title", Text: "Weekly", From: "-p"}, {Name: "sources", List: []string{"a", "b"}, IsList: true, From: "p.yaml:1"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"c2:", "injected-parameters:", `c3: stdout=T1055 3 1 true 1h30m0s -1 Weekly ["a" "b"]`}
	if diff := cmp.Diff(want, summary(out)); diff != "" {
		t.Errorf("cells (-want +got):\n%s", diff)
	}
}

func keys(m map[string]any) []string {
	var k []string
	for s := range m {
		k = append(k, s)
	}
	return k
}
