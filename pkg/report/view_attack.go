package report

import (
	"fmt"
	"strings"

	"github.com/huntbook/huntbook/pkg/attack"
)

// attackView is the ATT&CK section: attack.Overlay arranged in tables.
type attackView struct {
	Release    string
	Basis      string
	Counts     table
	Retired    table
	Techniques []attackTechnique
	All        table
}

// attackTechnique is a drilled-into technique seen in the release.
type attackTechnique struct {
	Title  string
	Note   string
	Events table
}

func (r *Report) attackView() *attackView {
	o := r.Overlay
	if o == nil {
		return nil
	}
	p := r.Provenance.Attack
	v := &attackView{Release: p.Release, Basis: p.Basis}
	v.Counts = table{ID: "attack-counts", Caption: "The mapping's techniques per state in the release", Columns: []string{"state", "techniques"}}
	for i, st := range []attack.State{attack.Current, attack.Renamed, attack.Moved, attack.Deprecated, attack.Revoked, attack.Unknown} {
		v.Counts.Rows = append(v.Counts.Rows, row{Label: i, Cells: []cell{{Text: string(st)}, num(o.Counts[st])}})
	}
	v.Retired = table{ID: "attack-retired", Caption: "Techniques of the mapping the release has deprecated, revoked, or does not know",
		Columns: []string{"technique_id", "technique", "state", "replaced by", "note"}}
	for i, t := range o.Retired() {
		by := t.RevokedBy
		if by != "" {
			by += " " + t.RevokedByName
		}
		v.Retired.Rows = append(v.Retired.Rows, row{Label: i, Cells: []cell{{Text: t.ID}, {Text: t.Name}, {Text: string(t.State)},
			{Text: by, Missing: by == ""}, {Text: t.Note(o.Release)}}})
	}
	for _, tv := range r.Techniques {
		st := o.Of(tv.ID)
		if st == nil {
			continue
		}
		at := attackTechnique{Title: tv.ID + " " + tv.Name + " in the release", Note: st.Note(o.Release) + "."}
		at.Events = table{ID: "attack-events-" + anchor(tv.ID), Caption: "Events one side cites and the other does not",
			Columns: []string{"event", "cited by"}}
		if !st.Analytics {
			at.Note += " The release has no analytics for it to compare events with."
		}
		for _, e := range st.AttackOnly {
			at.Events.Rows = append(at.Events.Rows, row{Label: len(at.Events.Rows), Cells: []cell{{Text: e}, {Text: "ATT&CK's analytics, not the mapping"}}})
		}
		for _, e := range st.MappingOnly {
			at.Events.Rows = append(at.Events.Rows, row{Label: len(at.Events.Rows), Cells: []cell{{Text: e}, {Text: "the mapping, no analytic"}}})
		}
		v.Techniques = append(v.Techniques, at)
	}
	v.All = table{ID: "attack-all", Caption: "Every technique of the mapping, its state and the events each side alone cites",
		Columns: []string{"technique_id", "technique", "state", "in the release", "events ATT&CK only", "events mapping only"}}
	for i, t := range o.Techniques {
		in := t.NameInRelease
		if len(t.TacticsInRelease) > 0 {
			in += " (" + strings.Join(t.TacticsInRelease, ", ") + ")"
		}
		if t.RevokedBy != "" {
			in = fmt.Sprintf("→ %s %s", t.RevokedBy, t.RevokedByName)
		}
		v.All.Rows = append(v.All.Rows, row{Label: i, Cells: []cell{{Text: t.ID}, {Text: t.Name}, {Text: string(t.State)},
			{Text: in, Missing: in == ""}, {Text: strings.Join(t.AttackOnly, ", ")}, {Text: strings.Join(t.MappingOnly, ", ")}}})
	}
	return v
}
