package attack

import "github.com/huntbook/huntbook/pkg/render"

// HTML methods: in a notebook cell a result displays as its tables (the
// gophernotes convention: a value with HTML() string renders as HTML),
// through the same renderer the report and the command line use.

// HTML renders the coverage's tables.
func (c *Coverage) HTML() string { return render.HTMLOf(c.Tables()...) }

// HTML renders the technique's components and event rows.
func (v *TechniqueView) HTML() string { return render.HTMLOf(v.Tables()...) }

// HTML renders the event's tactics and rows.
func (v *EventView) HTML() string { return render.HTMLOf(v.Tables()...) }

// HTML renders the gaps' table.
func (g GapList) HTML() string { return render.HTMLOf(g.Tables()...) }

// HTML renders the diff's summary and differences.
func (d *Diff) HTML() string { return render.HTMLOf(d.Tables()...) }
