package sysmon

import (
	"fmt"

	"github.com/huntbook/huntbook/pkg/frame"
	"github.com/huntbook/huntbook/pkg/render"
)

// Tables returns the configuration as tables (package render): one row
// per event type (the table CSV writes), then the options and warnings.
func (c *Config) Tables() []render.Table {
	eb := frame.NewBuilder("element", "ids", "state", "include_rules", "exclude_rules", "reason")
	for _, e := range c.Events {
		ids := make([]any, len(e.IDs))
		for i, id := range e.IDs {
			ids[i] = int64(id)
		}
		eb.Row().Set("element", e.Element).Set("ids", ids).Set("state", string(e.State)).
			Set("include_rules", int64(e.IncludeRules)).Set("exclude_rules", int64(e.ExcludeRules)).Set("reason", e.Reason)
	}
	ob := frame.NewBuilder("option", "value", "line")
	for _, o := range c.Options {
		ob.Row().Set("option", o.Name).Set("value", o.Value).Set("line", int64(o.Line))
	}
	wb := frame.NewBuilder("line", "element", "warning")
	for _, w := range c.Warnings {
		wb.Row().Set("line", int64(w.Line)).Set("element", w.Element).Set("warning", w.Message)
	}
	return []render.Table{
		{Title: fmt.Sprintf("Sysmon configuration %s, schema %s:", c.Source, c.SchemaVersion), Frame: eb.Frame(), Primary: true},
		{Title: "Options:", Frame: ob.Frame(), Empty: "Options: none."},
		{Title: "Warnings:", Frame: wb.Frame(), Empty: "Warnings: none."},
	}
}
