package auditpol

import (
	"fmt"

	"github.com/huntbook/huntbook/pkg/frame"
	"github.com/huntbook/huntbook/pkg/render"
)

// Tables returns the policy as tables (package render): one row per
// subcategory row read (the table CSV writes), then the options.
func (p *Policy) Tables() []render.Table {
	eb := frame.NewBuilder("line", "subcategory", "name", "known", "setting")
	for _, e := range p.Entries {
		eb.Row().Set("line", int64(e.Line)).Set("subcategory", e.Subcategory).Set("name", e.Name).
			Set("known", e.Known).Set("setting", e.Setting.String())
	}
	ob := frame.NewBuilder("line", "option", "value")
	for _, o := range p.Options {
		ob.Row().Set("line", int64(o.Line)).Set("option", o.Name).Set("value", o.Value)
	}
	return []render.Table{
		{Title: fmt.Sprintf("Audit policy %s (%s format):", p.Source, p.Format), Frame: eb.Frame(), Primary: true},
		{Title: "Options:", Frame: ob.Frame(), Empty: "Options: none."},
	}
}
