package report

import (
	"github.com/huntbook/huntbook/internal/csp"

	"fmt"
	"html/template"
	"strings"

	"github.com/huntbook/huntbook/pkg/attack"
	"github.com/huntbook/huntbook/pkg/chart"
	"github.com/huntbook/huntbook/pkg/frame"
	"github.com/huntbook/huntbook/pkg/netgraph"
	"github.com/huntbook/huntbook/pkg/ossem"
)

// page is what the template renders: text and tables only, every string
// escaped by html/template, except the SVG drawings (see trustedSVG).
type page struct {
	Title      string
	P          Provenance
	SchemaNote string
	CSP        string
	CSS        template.CSS
	Script     template.JS

	Head          table
	SourcesSVG    template.HTML
	ComponentsSVG template.HTML
	Sources       table
	Components    table
	GraphSVG      template.HTML
	GraphNote     string
	Relationships table
	Techniques    []techView
	Gaps          table
	GapPairs      int
	Coverage      *coverageView // nil without an inventory
	Attack        *attackView   // nil without an ATT&CK bundle
	Diff          *diffView     // nil without a compared mapping
}

type techView struct {
	Anchor     string
	ID, Name   string
	Sub        bool
	Tactics    string
	Platforms  string
	Components table
	Events     table
	Gaps       []string
}

// table is a frame ready for the template.
type table struct {
	ID      string
	Caption string
	Index   bool // show row labels (pandas' index)
	Columns []string
	Rows    []row
	// Note says how the table was cut, if it was.
	Note string
}

type row struct {
	Label int
	Cells []cell
}

type cell struct {
	Text    string
	Missing bool // None or NaN, shown dimmed
}

func tableOf(id, caption string, f *frame.Frame, index bool) table {
	t := table{ID: id, Caption: caption, Index: index, Columns: f.Columns()}
	labels := f.Labels()
	for i := 0; i < f.Len(); i++ {
		vals := f.Row(i)
		r := row{Label: labels[i], Cells: make([]cell, len(vals))}
		for j, v := range vals {
			r.Cells[j] = cell{Text: frame.Format(v), Missing: frame.IsNA(v)}
		}
		t.Rows = append(t.Rows, r)
	}
	return t
}

func seriesTable(id, caption string, s *frame.Series, what string) table {
	t := table{ID: id, Caption: caption, Columns: []string{what, "sub-techniques"}}
	for i := 0; i < s.Len(); i++ {
		t.Rows = append(t.Rows, row{Label: i, Cells: []cell{{Text: frame.Format(s.Index[i])}, {Text: frame.Format(s.Values[i])}}})
	}
	return t
}

func gapsTable(gaps []attack.Gap) (table, int) {
	t := table{ID: "gaps", Caption: "Data components with no mapped security event", Columns: []string{"data_source", "data_component", "techniques", "technique_ids"}}
	pairs := 0
	for i, g := range gaps {
		pairs += len(g.Techniques)
		t.Rows = append(t.Rows, row{Label: i, Cells: []cell{
			{Text: g.DataSource}, {Text: g.DataComponent}, {Text: fmt.Sprint(len(g.Techniques))}, {Text: strings.Join(g.Techniques, ", ")},
		}})
	}
	return t, pairs
}

func schemaNote(s ossem.Schema) string {
	switch s {
	case ossem.Schema2021:
		return "2021 (x_mitre_is_subtechnique, log_channel, log_provider: the layout the seed notebook read)"
	case ossem.Schema2022:
		return "2022 (is_subtechnique, relationship_id, channel, log_source, filter_in: the layout published upstream since 2022)"
	}
	return string(s)
}

func (r *Report) view() page {
	v := page{
		Title:      "ATT&CK techniques to security events",
		P:          r.Provenance,
		SchemaNote: schemaNote(r.Provenance.Schema),
		CSP:        csp.Policy(script),
		CSS:        template.CSS(pageCSS),
		Script:     template.JS(script),
		Head:       tableOf("head", "The first rows of the mapping (pandas' head())", r.Head, true),
	}
	if r.Provenance.Demo {
		v.Title += " (demo subset)"
	}
	if r.SourcesChart != nil {
		v.SourcesSVG = trustedSVG(chart.Inline(r.SourcesChart.SVG()))
	}
	if r.ComponentsChart != nil {
		v.ComponentsSVG = trustedSVG(chart.Inline(r.ComponentsChart.SVG()))
	}
	v.Sources = seriesTable("top-sources", "Sub-techniques per data source", r.TopSources, "data_source")
	v.Components = seriesTable("top-components", "Sub-techniques per data component", r.TopComponents, "data_component")
	if r.Graph != nil {
		var sb strings.Builder
		r.Graph.WriteSVG(&sb, netgraph.Options{Inline: true})
		v.GraphSVG = trustedSVG(sb.String())
		v.GraphNote = r.Graph.Description()
	}
	v.Relationships = tableOf("relationships", "Relationships among data elements (drop_duplicates, dropna)", r.Relationships, true)
	for _, t := range r.Techniques {
		tv := techView{
			Anchor: "technique-" + anchor(t.ID), ID: t.ID, Name: t.Name, Sub: t.Sub,
			Tactics: strings.Join(t.Tactics, ", "), Platforms: strings.Join(t.Platforms, ", "),
			Components: tableOf("components-"+anchor(t.ID), "Recommended data sources and components", t.Components, true),
			Events:     tableOf("events-"+anchor(t.ID), "Security events mapped so far (every row)", t.Events, true),
		}
		for _, g := range t.Gaps {
			tv.Gaps = append(tv.Gaps, g.String())
		}
		v.Techniques = append(v.Techniques, tv)
	}
	v.Gaps, v.GapPairs = gapsTable(r.Gaps)
	v.Coverage = r.coverageView()
	v.Diff = r.diffView()
	v.Attack = r.attackView()
	return v
}

// anchor makes an id fragment of a technique ID: letters, digits and '-'.
func anchor(id string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(id) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	return b.String()
}
