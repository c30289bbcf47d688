package observed

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/huntbook/huntbook/pkg/evtx"
	"github.com/huntbook/huntbook/pkg/frame"
	"github.com/huntbook/huntbook/pkg/render"
)

// Summary is what a set of EVTX files holds: `huntbook logs`' result.
type Summary struct {
	Records   int          `json:"records"`
	First     *time.Time   `json:"first,omitempty"` // earliest TimeCreated; absent without events
	Last      *time.Time   `json:"last,omitempty"`
	Channels  []Count      `json:"channels"`
	Providers []Count      `json:"providers"`
	Events    []EventCount `json:"events"`
	Computers []Count      `json:"computers"`
	Files     []File       `json:"files"`
}

// Count is a name and how many events carry it.
type Count struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// EventCount is one event identity seen, with when.
type EventCount struct {
	Channel  string    `json:"channel"`
	Provider string    `json:"provider"`
	EventID  uint16    `json:"event_id"`
	Count    int       `json:"count"`
	First    time.Time `json:"first"`
	Last     time.Time `json:"last"`
}

// File is one file read and what reading it found.
type File struct {
	Path           string     `json:"path"`
	Records        int        `json:"records"`
	ChunksSkipped  int        `json:"chunks_skipped"`
	RecordsSkipped int        `json:"records_skipped"`
	First          *time.Time `json:"first,omitempty"`
	Last           *time.Time `json:"last,omitempty"`
	// Problems are the reasons for skips (the first 64).
	Problems []string `json:"problems,omitempty"`
}

// Summarize reads every EVTX file named by paths (files, or directories
// searched for *.evtx) and counts what they hold. A file that is not EVTX
// or cannot be read is an error naming it; damaged chunks and records are
// counted in Files.
func Summarize(ctx context.Context, paths ...string) (*Summary, error) {
	var a Accumulator
	if err := a.AddPaths(ctx, paths...); err != nil {
		return nil, err
	}
	return a.Summary(), nil
}

type eventKey struct {
	channel, provider string
	id                uint16
}

// Accumulator counts events as they stream past, for Summary and
// Inventory, without holding them.
type Accumulator struct {
	records   int
	first     time.Time
	last      time.Time
	channels  map[string]int
	providers map[string]int
	computers map[string]int
	events    map[eventKey]*EventCount
	files     []File
}

// Add counts one event.
func (a *Accumulator) Add(e *evtx.Event) {
	if a.events == nil {
		a.channels, a.providers, a.computers = map[string]int{}, map[string]int{}, map[string]int{}
		a.events = map[eventKey]*EventCount{}
	}
	a.records++
	t := e.TimeCreated
	if a.first.IsZero() || t.Before(a.first) {
		a.first = t
	}
	if t.After(a.last) {
		a.last = t
	}
	a.channels[e.Channel]++
	a.providers[e.Provider]++
	a.computers[e.Computer]++
	k := eventKey{e.Channel, e.Provider, e.EventID}
	c := a.events[k]
	if c == nil {
		c = &EventCount{Channel: e.Channel, Provider: e.Provider, EventID: e.EventID, First: t, Last: t}
		a.events[k] = c
	}
	c.Count++
	if t.Before(c.First) {
		c.First = t
	}
	if t.After(c.Last) {
		c.Last = t
	}
}

// AddFile reads one file and counts its events; each event is also given
// to visit, when not nil.
func (a *Accumulator) AddFile(ctx context.Context, path string, visit func(*evtx.Event)) error {
	f, err := evtx.Open(path)
	if err != nil {
		return err // evtx errors name the package and the file
	}
	defer f.Close()
	fs := File{Path: path}
	var first, last time.Time
	for ev, err := range f.Events(ctx) {
		if err != nil {
			return err // evtx errors name the package and the file
		}
		a.Add(ev)
		if visit != nil {
			visit(ev)
		}
		if first.IsZero() || ev.TimeCreated.Before(first) {
			first = ev.TimeCreated
		}
		if ev.TimeCreated.After(last) {
			last = ev.TimeCreated
		}
	}
	st := f.Stats()
	fs.Records, fs.ChunksSkipped, fs.RecordsSkipped = st.Records, st.ChunksSkipped, st.RecordsSkipped
	if st.Records > 0 {
		fs.First, fs.Last = &first, &last
	}
	for _, p := range st.Problems {
		fs.Problems = append(fs.Problems, p.Error())
	}
	a.files = append(a.files, fs)
	return nil
}

// AddPaths reads every EVTX file named by paths (see evtx.Files).
func (a *Accumulator) AddPaths(ctx context.Context, paths ...string) error {
	files, err := evtx.Files(paths...)
	if err != nil {
		return err // evtx errors name the package and the file
	}
	if len(files) == 0 {
		return fmt.Errorf("observed: no .evtx files under %s; name EVTX files or folders that hold them", strings.Join(paths, ", "))
	}
	for _, p := range files {
		if err := a.AddFile(ctx, p, nil); err != nil {
			return err
		}
	}
	return nil
}

// Summary returns the counts so far, sorted: counts descending, then
// names; events by channel, provider and ID.
func (a *Accumulator) Summary() *Summary {
	s := &Summary{
		Records:   a.records,
		Channels:  counts(a.channels),
		Providers: counts(a.providers),
		Computers: counts(a.computers),
		Files:     slices.Clone(a.files),
	}
	if s.Files == nil {
		s.Files = []File{}
	}
	if a.records > 0 {
		first, last := a.first, a.last
		s.First, s.Last = &first, &last
	}
	s.Events = a.eventCounts()
	return s
}

func (a *Accumulator) eventCounts() []EventCount {
	out := make([]EventCount, 0, len(a.events))
	for _, c := range a.events {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(x, y EventCount) int {
		return cmp.Or(strings.Compare(x.Channel, y.Channel), strings.Compare(x.Provider, y.Provider), cmp.Compare(x.EventID, y.EventID))
	})
	return out
}

func counts(m map[string]int) []Count {
	out := make([]Count, 0, len(m))
	for k, v := range m {
		out = append(out, Count{k, v})
	}
	slices.SortFunc(out, func(a, b Count) int { return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Name, b.Name)) })
	return out
}

const timeLayout = time.RFC3339

func timeCell(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC().Format(timeLayout)
}

// Tables are the summary's tables: overall, channels, providers, event
// IDs (the one CSV writes), computers and files.
func (s *Summary) Tables() []render.Table {
	countFrame := func(name string, cs []Count) *frame.Frame {
		rows := make([][]any, len(cs))
		for i, c := range cs {
			rows[i] = []any{c.Name, int64(c.Count)}
		}
		return frame.New([]string{name, "count"}, rows)
	}
	skipped := 0
	for _, f := range s.Files {
		skipped += f.ChunksSkipped + f.RecordsSkipped
	}
	overall := frame.New([]string{"files", "records", "first", "last", "computers", "skipped"},
		[][]any{{int64(len(s.Files)), int64(s.Records), timeCell(s.First), timeCell(s.Last), int64(len(s.Computers)), int64(skipped)}})
	ev := make([][]any, len(s.Events))
	for i, e := range s.Events {
		ev[i] = []any{e.Channel, e.Provider, int64(e.EventID), int64(e.Count), timeCell(&e.First), timeCell(&e.Last)}
	}
	files := make([][]any, len(s.Files))
	for i, f := range s.Files {
		files[i] = []any{f.Path, int64(f.Records), int64(f.ChunksSkipped), int64(f.RecordsSkipped), timeCell(f.First), timeCell(f.Last)}
	}
	return []render.Table{
		{Title: "Overall", Frame: overall, NoLabels: true},
		{Title: "Channels", Frame: countFrame("channel", s.Channels), NoLabels: true},
		{Title: "Providers", Frame: countFrame("provider", s.Providers), NoLabels: true},
		{Title: "Event IDs", Frame: frame.New([]string{"channel", "provider", "event_id", "count", "first", "last"}, ev), Primary: true, NoLabels: true},
		{Title: "Computers", Frame: countFrame("computer", s.Computers), NoLabels: true},
		{Title: "Files", Frame: frame.New([]string{"file", "records", "chunks_skipped", "records_skipped", "first", "last"}, files), NoLabels: true},
	}
}
