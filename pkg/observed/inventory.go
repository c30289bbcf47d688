package observed

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/huntbook/huntbook/pkg/frame"
	"github.com/huntbook/huntbook/pkg/inventory"
	"github.com/huntbook/huntbook/pkg/logsource"
	"github.com/huntbook/huntbook/pkg/render"
)

// Inventory is the inventory of events seen: every (channel, provider,
// event ID) in the files, with its count and first and last time.
type Inventory struct {
	Name    string       `json:"name"`
	Files   int          `json:"files"`
	Records int          `json:"records"`
	Events  []EventCount `json:"events"`
}

// InventoryOf is the inventory of what s saw.
func InventoryOf(name string, s *Summary) *Inventory {
	return &Inventory{Name: name, Files: len(s.Files), Records: s.Records, Events: slices.Clone(s.Events)}
}

// Entries are the inventory's entries as package inventory reads them:
// channel, provider (when the event has them) and event ID, the count and
// the time range in the note. An event with neither channel nor provider
// cannot be an entry and is left out.
func (o *Inventory) Entries() []inventory.Entry {
	var out []inventory.Entry
	for _, e := range o.Events {
		if e.Channel == "" && e.Provider == "" {
			continue
		}
		out = append(out, inventory.Entry{Channel: e.Channel, Provider: e.Provider, EventID: strconv.Itoa(int(e.EventID)), Note: e.note()})
	}
	return out
}

func (e EventCount) note() string {
	return fmt.Sprintf("seen %d times, %s to %s", e.Count, e.First.UTC().Format(timeLayout), e.Last.UTC().Format(timeLayout))
}

// Inventory returns o as an *inventory.Inventory, usable wherever
// inventories are (coverage, report).
func (o *Inventory) Inventory() *inventory.Inventory {
	return &inventory.Inventory{Name: o.Name, Entries: o.Entries(),
		Description: fmt.Sprintf("the events seen in %d EVTX files (%d records)", o.Files, o.Records)}
}

// WriteYAML writes the inventory in the YAML that inventory.Load reads.
func (o *Inventory) WriteYAML(w io.Writer) error {
	return inventory.Write(w, o.Inventory(), "huntbook inventory --evtx: the events seen, how often and when in each note.\nhuntbook coverage --inventory reads it.")
}

// Tables is the inventory as one table.
func (o *Inventory) Tables() []render.Table {
	rows := make([][]any, len(o.Events))
	for i, e := range o.Events {
		rows[i] = []any{e.Channel, e.Provider, int64(e.EventID), int64(e.Count), timeCell(&e.First), timeCell(&e.Last)}
	}
	return []render.Table{{Title: fmt.Sprintf("Observed: %d events in %d files (%d records)", len(o.Events), o.Files, o.Records),
		Frame: frame.New([]string{"channel", "provider", "event_id", "count", "first", "last"}, rows), NoLabels: true}}
}

// Comparison is configured beside observed.
type Comparison struct {
	Configured string `json:"configured"`
	Observed   string `json:"observed"`
	// Seen are configured entries and how often their events were seen.
	Seen []Configured `json:"seen"`
	// NeverSeen are configured entries no event in the files matches: a
	// broken pipeline, a silent host, or an event that did not happen.
	NeverSeen []Configured `json:"never_seen"`
	// NotConfigured are events seen in a log the configuration speaks for
	// (a channel or provider of one of its entries) that no entry matches:
	// the host ran another configuration, or the inventory is incomplete.
	NotConfigured []EventCount `json:"not_configured"`
	// OtherLogs are events seen in logs the configuration does not speak
	// for at all (System, Application, … beside a Sysmon configuration).
	OtherLogs []EventCount `json:"other_logs"`
	// NotInLogs are configured entries that event logs cannot show:
	// Defender for Endpoint tables.
	NotInLogs []Configured `json:"not_in_logs"`
}

// Configured is one configured entry and what was seen of it.
type Configured struct {
	Entry  inventory.Entry `json:"entry"`
	Count  int             `json:"count"`
	Events []EventCount    `json:"events,omitempty"` // the observed events it matched
}

// Compare sets a configured inventory (from a Sysmon configuration, an
// audit policy or a file) beside the events observed.
//
//	configured Security 4688, seen 3 times     Seen
//	configured Sysmon 10, never seen           NeverSeen
//	Sysmon 3 seen, no Sysmon entry for 3       NotConfigured (the config has Sysmon entries)
//	System 7045 seen beside a Sysmon config    OtherLogs
//	configured DeviceProcessEvents             NotInLogs
func Compare(configured *inventory.Inventory, obs *Inventory) *Comparison {
	c := &Comparison{Configured: configured.Name, Observed: obs.Name,
		Seen: []Configured{}, NeverSeen: []Configured{}, NotConfigured: []EventCount{}, OtherLogs: []EventCount{}, NotInLogs: []Configured{}}
	matched := make([]bool, len(obs.Events))
	logs := map[string]bool{}
	for _, e := range configured.Entries {
		if e.Table != "" {
			c.NotInLogs = append(c.NotInLogs, Configured{Entry: e})
			continue
		}
		for _, n := range []string{e.Channel, e.Provider} {
			if n != "" {
				logs[logsource.Event{Channel: n, ID: "x"}.Key().Log] = true
			}
		}
		ce := Configured{Entry: e}
		for i, ev := range obs.Events {
			if e.Matches(ev.Channel, ev.Provider, strconv.Itoa(int(ev.EventID))) {
				matched[i] = true
				ce.Count += ev.Count
				ce.Events = append(ce.Events, ev)
			}
		}
		if ce.Count > 0 {
			c.Seen = append(c.Seen, ce)
		} else {
			c.NeverSeen = append(c.NeverSeen, ce)
		}
	}
	for i, ev := range obs.Events {
		if matched[i] {
			continue
		}
		inLog := false
		for _, n := range []string{ev.Channel, ev.Provider} {
			if n != "" && logs[logsource.Event{Channel: n, ID: "x"}.Key().Log] {
				inLog = true
			}
		}
		if inLog {
			c.NotConfigured = append(c.NotConfigured, ev)
		} else {
			c.OtherLogs = append(c.OtherLogs, ev)
		}
	}
	slices.SortStableFunc(c.Seen, func(a, b Configured) int { return cmp.Compare(b.Count, a.Count) })
	return c
}

func entryName(e inventory.Entry) string {
	if e.Table != "" {
		return e.Table
	}
	return logsource.Event{Channel: e.Channel, Provider: e.Provider, ID: e.EventID}.String()
}

// Tables: seen, never seen, not configured, other logs, not in logs.
func (c *Comparison) Tables() []render.Table {
	conf := func(cs []Configured) *frame.Frame {
		rows := make([][]any, len(cs))
		for i, x := range cs {
			var ids []string
			for _, e := range x.Events {
				ids = append(ids, logsource.Event{Channel: e.Channel, Provider: e.Provider, ID: strconv.Itoa(int(e.EventID))}.String())
			}
			why := x.Entry.Reason
			if why == "" {
				why = x.Entry.Note
			}
			rows[i] = []any{entryName(x.Entry), x.Entry.Partial, int64(x.Count), strings.Join(ids, "; "), why}
		}
		return frame.New([]string{"configured", "partial", "seen", "observed_as", "reason"}, rows)
	}
	evs := func(es []EventCount) *frame.Frame {
		rows := make([][]any, len(es))
		for i, e := range es {
			rows[i] = []any{e.Channel, e.Provider, int64(e.EventID), int64(e.Count), timeCell(&e.First), timeCell(&e.Last)}
		}
		return frame.New([]string{"channel", "provider", "event_id", "count", "first", "last"}, rows)
	}
	return []render.Table{
		{Title: fmt.Sprintf("Configured and seen (%d)", len(c.Seen)), Frame: conf(c.Seen), NoLabels: true, Empty: "none"},
		{Title: fmt.Sprintf("Configured but never seen (%d): a broken pipeline, a silent host, or nothing happened", len(c.NeverSeen)),
			Frame: conf(c.NeverSeen), NoLabels: true, Empty: "none", Primary: true},
		{Title: fmt.Sprintf("Seen but not configured (%d), in the configured logs", len(c.NotConfigured)), Frame: evs(c.NotConfigured), NoLabels: true, Empty: "none"},
		{Title: fmt.Sprintf("Seen in other logs (%d)", len(c.OtherLogs)), Frame: evs(c.OtherLogs), NoLabels: true, Empty: "none"},
		{Title: fmt.Sprintf("Configured, not in event logs (%d)", len(c.NotInLogs)), Frame: conf(c.NotInLogs), NoLabels: true, Empty: "none"},
	}
}
