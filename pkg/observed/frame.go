package observed

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/huntbook/huntbook/pkg/evtx"
	"github.com/huntbook/huntbook/pkg/frame"
)

// maxFrameEvents bounds ReadEvents: a notebook holds its events in memory.
const maxFrameEvents = 1 << 20

// ReadEvents reads every event of the EVTX files named by paths (files, or
// directories searched for *.evtx), in file order. It refuses more than
// 1,048,576 events: summarize larger sets with Summarize, which streams.
func ReadEvents(ctx context.Context, paths ...string) ([]*evtx.Event, error) {
	files, err := evtx.Files(paths...)
	if err != nil {
		return nil, err // evtx errors name the package and the file
	}
	var out []*evtx.Event
	for _, p := range files {
		f, err := evtx.Open(p)
		if err != nil {
			return nil, err // evtx errors name the package and the file
		}
		for ev, err := range f.Events(ctx) {
			if err != nil {
				f.Close()
				return nil, err // evtx errors name the package and the file
			}
			if len(out) == maxFrameEvents {
				f.Close()
				return nil, fmt.Errorf("observed: more than %d events under %v; use Summarize, which streams", maxFrameEvents, paths)
			}
			out = append(out, ev)
		}
		f.Close()
	}
	return out, nil
}

// System columns of Frame, before the data columns.
const (
	ColFile      = "file"
	ColFolder    = "folder" // the file's directory name: the tactic in EVTX-ATTACK-SAMPLES
	ColTime      = "time_created"
	ColComputer  = "computer"
	ColChannel   = "channel"
	ColProvider  = "provider"
	ColEventID   = "event_id"
	ColRecordID  = "record_id"
	ColLevel     = "level"
	ColTask      = "task"
	ColUserID    = "user_id"
	ColProcessID = "process_id"
)

var systemCols = []string{ColFile, ColFolder, ColTime, ColComputer, ColChannel, ColProvider,
	ColEventID, ColRecordID, ColLevel, ColTask, ColUserID, ColProcessID}

// Frame is one row per event, as pandas.json_normalize makes of events
// exported as JSON: the System columns, then one column per data field
// name in order of first appearance. A field an event lacks is NaN; a name
// repeated in one event (an array rendered as repeated elements) keeps its
// first value. A data name equal to a System column gets the prefix
// "data.". Numbers are int64, times RFC 3339 strings, the rest strings.
func Frame(events []*evtx.Event) *frame.Frame {
	colIdx := map[string]int{}
	names := append([]string(nil), systemCols...)
	for i, n := range names {
		colIdx[n] = i
	}
	dataName := func(n string) string {
		if _, sys := colIdx[n]; sys && isSystem(n) {
			return "data." + n
		}
		return n
	}
	for _, e := range events {
		for _, f := range e.Data {
			n := dataName(f.Name)
			if _, ok := colIdx[n]; !ok {
				colIdx[n] = len(names)
				names = append(names, n)
			}
		}
	}
	cols := make([][]any, len(names))
	for i := range cols {
		cols[i] = make([]any, len(events))
	}
	for r, e := range events {
		sys := []any{e.File, filepath.Base(filepath.Dir(e.File)), e.TimeCreated.UTC().Format("2006-01-02T15:04:05.0000000Z"),
			e.Computer, e.Channel, e.Provider, int64(e.EventID), int64(e.RecordID), int64(e.Level), int64(e.Task),
			e.UserID, int64(e.ProcessID)}
		for i, v := range sys {
			cols[i][r] = v
		}
		for i := len(systemCols); i < len(names); i++ {
			cols[i][r] = frame.NaN()
		}
		seen := map[string]bool{}
		for _, f := range e.Data {
			n := dataName(f.Name)
			if seen[n] {
				continue
			}
			seen[n] = true
			cols[colIdx[n]][r] = f.Value
		}
	}
	labels := make([]int, len(events))
	for i := range labels {
		labels[i] = i
	}
	return frame.FromColumns(names, cols, labels)
}

func isSystem(n string) bool {
	for _, c := range systemCols {
		if c == n {
			return true
		}
	}
	return false
}

// Events reads the files named by paths and returns their events as a
// Frame: the call a notebook cell makes.
//
//	df, err := observed.Events(ctx, "../shared/data/evtx")
//	df.ValueCounts("provider")
func Events(ctx context.Context, paths ...string) (*frame.Frame, error) {
	evs, err := ReadEvents(ctx, paths...)
	if err != nil {
		return nil, err
	}
	return Frame(evs), nil
}
