package report

import (
	"fmt"

	"github.com/huntbook/huntbook/pkg/attack"
)

// diffView is the Diff section: attack.Diff arranged in tables.
type diffView struct {
	Old     ComparedProvenance
	Empty   bool
	Summary table
	Lists   []diffList
}

// diffList is one list of a Diff, such as the event mappings added.
type diffList struct {
	Title string
	Total int
	// Open is true for short lists, shown unfolded; longer ones are
	// collapsed.
	Open  bool
	Table table
}

// openItems is how many items a list may have and still be shown unfolded.
const openItems = 10

func (r *Report) diffView() *diffView {
	d := r.Diff
	if d == nil {
		return nil
	}
	v := &diffView{Old: *r.Provenance.Compared, Empty: d.Empty(),
		Summary: tableOf("diff-summary", "Elements of each kind in the old and new mapping, and how many were added, removed or changed", r.DiffSummary, false)}
	items := func(id, title string, xs []string) {
		if len(xs) == 0 {
			return
		}
		t := table{ID: "diff-" + id, Caption: title, Columns: []string{"item"}}
		for i, x := range cut(r, xs, &t) {
			t.Rows = append(t.Rows, row{Label: i, Cells: []cell{{Text: x}}})
		}
		v.Lists = append(v.Lists, diffList{Title: title, Total: len(xs), Open: len(xs) <= openItems, Table: t})
	}
	changes := func(id, title string, cs []attack.Change) {
		if len(cs) == 0 {
			return
		}
		t := table{ID: "diff-" + id, Caption: title, Columns: []string{"item", "old", "new"}}
		for i, c := range cut(r, cs, &t) {
			t.Rows = append(t.Rows, row{Label: i, Cells: []cell{{Text: c.Key}, {Text: c.Old}, {Text: c.New}}})
		}
		v.Lists = append(v.Lists, diffList{Title: title, Total: len(cs), Open: len(cs) <= openItems, Table: t})
	}
	items("techniques-added", "Techniques added", d.TechniquesAdded)
	items("techniques-removed", "Techniques removed", d.TechniquesRemoved)
	changes("techniques-changed", "Techniques changed", d.TechniquesChanged)
	items("components-added", "Components added", components(d.ComponentsAdded))
	items("components-removed", "Components removed", components(d.ComponentsRemoved))
	items("links-added", "Technique links added", d.LinksAdded)
	items("links-removed", "Technique links removed", d.LinksRemoved)
	items("relationships-added", "Relationships added", d.RelationshipsAdded)
	items("relationships-removed", "Relationships removed", d.RelationshipsRemoved)
	items("events-added", "Event mappings added", d.EventsAdded)
	items("events-removed", "Event mappings removed", d.EventsRemoved)
	changes("events-changed", "Event mappings changed", d.EventsChanged)
	return v
}

// cut returns the first r.ListItems of xs and, when that leaves some
// out, says so in t's note.
func cut[T any](r *Report, xs []T, t *table) []T {
	if r.ListItems < 0 || len(xs) <= r.ListItems {
		return xs
	}
	t.Note = fmt.Sprintf("The first %d of %d are shown; %d more are not. huntbook diff OLD NEW --format csv lists every one.",
		r.ListItems, len(xs), len(xs)-r.ListItems)
	return xs[:r.ListItems]
}

func components(cs []attack.Component) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.String()
	}
	return out
}
