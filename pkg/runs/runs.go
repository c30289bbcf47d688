package runs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/huntbook/huntbook/pkg/notebook"
)

// Limits of Load.
const (
	MaxRecordSize = 16 << 20
	MaxRecords    = 100_000
)

// Suffix names a run record file.
const Suffix = ".run.json"

// Record is the JSON run record file huntbook run writes: the notebook's
// run record, the exit status and the files written.
type Record struct {
	*notebook.Run
	ExitStatus int               `json:"exit_status"`
	Outputs    map[string]string `json:"outputs"` // "report", "executed" → file
}

// Entry is one run record read from a file.
type Entry struct {
	// Path is the record file, slash-separated, relative to the root.
	Path   string `json:"path"`
	Record Record `json:"record"`
}

// Skipped is a file Load could not use.
type Skipped struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// Index is every run record under a root.
type Index struct {
	Root      string    `json:"root"`
	Runs      []Entry   `json:"runs"`
	Skipped   []Skipped `json:"skipped"`
	Truncated bool      `json:"truncated"`
}

// Load reads every run record under root.
func Load(root string) (*Index, error) {
	ix := &Index{Root: root, Runs: []Entry{}, Skipped: []Skipped{}}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root {
				return err
			}
			ix.Skipped = append(ix.Skipped, Skipped{Path: rel(root, p), Reason: err.Error()})
			return nil
		}
		if d.IsDir() || !strings.HasSuffix(d.Name(), Suffix) {
			return nil
		}
		if len(ix.Runs) >= MaxRecords {
			ix.Truncated = true
			return fs.SkipAll
		}
		e, err := ReadFile(p)
		if err != nil {
			ix.Skipped = append(ix.Skipped, Skipped{Path: rel(root, p), Reason: err.Error()})
			return nil
		}
		e.Path = rel(root, p)
		ix.Runs = append(ix.Runs, *e)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("runs: %s: %w; give a folder that holds run records", root, err)
	}
	sort.SliceStable(ix.Runs, func(i, j int) bool {
		a, b := ix.Runs[i].Record.Start, ix.Runs[j].Record.Start
		if !a.Equal(b) {
			return a.Before(b)
		}
		return ix.Runs[i].Path < ix.Runs[j].Path
	})
	return ix, nil
}

// ErrNotRecord is wrapped by ReadFile's errors for files that are not run
// records.
var ErrNotRecord = errors.New("not a huntbook run record")

// ReadFile reads one run record file; Entry.Path is p.
func ReadFile(p string) (*Entry, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("runs: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxRecordSize+1))
	if err != nil {
		return nil, fmt.Errorf("runs: %s: %w", p, err)
	}
	if len(b) > MaxRecordSize {
		return nil, fmt.Errorf("runs: %s: larger than %d bytes: %w", p, MaxRecordSize, ErrNotRecord)
	}
	var r Record
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("runs: %s: %v: %w", p, err, ErrNotRecord)
	}
	if r.Run == nil || r.Notebook == "" || r.Start.IsZero() {
		return nil, fmt.Errorf("runs: %s: no notebook or start: %w", p, ErrNotRecord)
	}
	return &Entry{Path: filepath.ToSlash(p), Record: r}, nil
}

func rel(root, p string) string {
	r, err := filepath.Rel(root, p)
	if err != nil {
		r = p
	}
	return filepath.ToSlash(r)
}

// SeriesKey names the series of a run: the notebook's file name and the
// parameter values.
func SeriesKey(r *notebook.Run) string {
	var b strings.Builder
	b.WriteString(path.Base(filepath.ToSlash(r.Notebook)))
	for _, p := range r.Parameters {
		b.WriteString(" " + p.Name + "=" + p.Value)
	}
	return b.String()
}

// Previous returns the latest run in ix of cur's series with status ok that
// started before cur, or nil.
func Previous(ix *Index, cur *notebook.Run) *Entry {
	key := SeriesKey(cur)
	for i := len(ix.Runs) - 1; i >= 0; i-- {
		e := &ix.Runs[i]
		r := e.Record.Run
		if r.Status == notebook.StatusOK && e.Record.ExitStatus == 0 && r.Start.Before(cur.Start) && SeriesKey(r) == key {
			return e
		}
	}
	return nil
}

// Compare lists what changed from prev to cur.
func Compare(prevPath string, prev, cur *notebook.Run) *notebook.Changes {
	c := &notebook.Changes{Previous: prevPath, PreviousStart: prev.Start,
		NotebookChanged: prev.SHA256 != cur.SHA256,
		Values:          []notebook.ValueChange{}, Inputs: []notebook.InputChange{}}
	from, to := lastValues(prev.Records), lastValues(cur.Records)
	for _, name := range unionKeys(from, to) {
		a, aok := from[name]
		b, bok := to[name]
		if aok && bok && reflect.DeepEqual(a, b) {
			continue
		}
		vc := notebook.ValueChange{Name: name, From: a, To: b}
		la, okA := stringList(a)
		lb, okB := stringList(b)
		if (okA || !aok) && (okB || !bok) {
			vc.Added, vc.Removed = diffSets(la, lb)
		}
		c.Values = append(c.Values, vc)
	}
	fi, ti := inputs(prev.Inputs), inputs(cur.Inputs)
	for _, name := range unionKeys(fi, ti) {
		a, b := fi[name], ti[name]
		if a == b {
			continue
		}
		c.Inputs = append(c.Inputs, notebook.InputChange{Name: name, FromPath: a.Path, FromSHA256: a.SHA256, ToPath: b.Path, ToSHA256: b.SHA256})
	}
	return c
}

func lastValues(rs []notebook.Record) map[string]any {
	m := map[string]any{}
	for _, r := range rs {
		m[r.Name] = r.Value
	}
	return m
}

func inputs(is []notebook.Input) map[string]notebook.Input {
	m := map[string]notebook.Input{}
	for _, in := range is {
		m[in.Name] = in
	}
	return m
}

func unionKeys[V any](a, b map[string]V) []string {
	var keys []string
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

// stringList returns v as a list of strings when it is one (decoded JSON).
func stringList(v any) ([]string, bool) {
	switch l := v.(type) {
	case []string:
		return l, true
	case []any:
		out := make([]string, 0, len(l))
		for _, it := range l {
			s, ok := it.(string)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	return nil, false
}

func diffSets(a, b []string) (added, removed []string) {
	in := func(l []string) map[string]bool {
		m := map[string]bool{}
		for _, s := range l {
			m[s] = true
		}
		return m
	}
	ma, mb := in(a), in(b)
	for s := range mb {
		if !ma[s] {
			added = append(added, s)
		}
	}
	for s := range ma {
		if !mb[s] {
			removed = append(removed, s)
		}
	}
	sort.Strings(added)
	sort.Strings(removed)
	return added, removed
}

// Duration is how long a run took.
func (e *Entry) Duration() time.Duration { return e.Record.End.Sub(e.Record.Start) }
