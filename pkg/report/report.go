package report

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/huntbook/huntbook/pkg/attack"
	"github.com/huntbook/huntbook/pkg/chart"
	"github.com/huntbook/huntbook/pkg/frame"
	"github.com/huntbook/huntbook/pkg/hunt"
	"github.com/huntbook/huntbook/pkg/inventory"
	"github.com/huntbook/huntbook/pkg/netgraph"
	"github.com/huntbook/huntbook/pkg/ossem"
	"github.com/huntbook/huntbook/pkg/sigma"
	"github.com/huntbook/huntbook/pkg/stix"
)

// DefaultTechniques are drilled into when Options.Techniques is empty: the
// seed notebook's use case, OS Credential Dumping: LSASS Memory.
var DefaultTechniques = []string{"T1003.001"}

// Chart titles, as the seed notebook wrote them.
const (
	TitleTopSources    = "Count of sub-techniques per Data Source (Top 15)"
	TitleTopComponents = "Count of sub-techniques per Data Component (Top 15)"
	TitleGraph         = "Relationships among Data Elements"
	TitleCoverage      = "Mean technique coverage score per tactic (%)"
)

// DefaultListItems is how many items of each list the Diff section shows
// when Options.ListItems is zero.
const DefaultListItems = 500

// Options tune New. The zero value gives the seed notebook's report,
// generated now by an unnamed version.
type Options struct {
	// Techniques to drill into, in order; nil means DefaultTechniques.
	Techniques []string
	// Top is how many data sources and components the charts show; zero
	// means 15.
	Top int
	// HeadRows is how many rows of the mapping the head table shows; zero
	// means 5.
	HeadRows int
	// Now is the time the report states it was generated; zero means
	// time.Now(). Tests fix it so that output compares byte for byte.
	Now time.Time
	// Version is huntbook's version, stated in the report.
	Version string

	// Inventory, when not nil, adds the Coverage section: what the events
	// it lists cover in the mapping (attack.CoverageOf).
	Inventory *inventory.Inventory
	// Compare, when not nil, adds the Diff section: what changed from this
	// older mapping to the report's (attack.DiffMappings).
	Compare *ossem.Mapping
	// Hunt, when not nil, adds the Hunt section: the Sigma rules that
	// fired on EVTX files (hunt.Hunter.Run), per technique, rule and file,
	// beside the Coverage status of each technique when there is an
	// inventory.
	Hunt *hunt.Result
	// Observed, with Hunt, is the inventory of the events the hunted files
	// hold: the Hunt section shows each technique's coverage by them
	// (observed) beside the Coverage section's (configured).
	Observed *inventory.Inventory
	// Rules, when not nil, adds the Detection rules section: the Sigma
	// rules joined with the mapping and Inventory (attack.RulesOf); without
	// an inventory it lists the rules' log sources and techniques only.
	// RulesSource names where they were read.
	Rules       *sigma.Set
	RulesSource string
	// Attack, when not nil, adds the ATT&CK section: the mapping's
	// techniques seen in that release (attack.NewOverlay): which are
	// retired, and for the drilled-into techniques the events MITRE's
	// analytics cite that the mapping lacks and the reverse.
	Attack *stix.Bundle
	// ListItems is how many items of each list the Diff section shows; the
	// rest are counted, not shown. Zero means DefaultListItems, a negative
	// value every item.
	ListItems int
}

// Provenance says where the report's data came from.
type Provenance struct {
	Source    string
	SHA256    string
	Schema    ossem.Schema
	Records   int
	Columns   int
	Generated time.Time
	Version   string
	Demo      bool
	Label     string
	// Inventory names the inventory of the Coverage section; nil without one.
	Inventory *InventoryProvenance
	// Attack names the ATT&CK bundle of the ATT&CK section; nil without one.
	Attack *AttackProvenance
	// Compared names the older mapping of the Diff section; nil without one.
	Compared *ComparedProvenance
}

// AttackProvenance says which ATT&CK bundle the ATT&CK section read.
type AttackProvenance struct {
	Source  string
	SHA256  string
	Release string // "ATT&CK Enterprise v18.1 (inferred)"
	Basis   string // what the release rests on
}

// InventoryProvenance says which inventory the Coverage section read.
type InventoryProvenance struct {
	Source  string // the file, or "-" for standard input
	Name    string
	SHA256  string // "" when not given
	Entries int
}

// ComparedProvenance says which mapping the Diff section compared with.
type ComparedProvenance struct {
	Source  string
	SHA256  string
	Schema  ossem.Schema
	Records int
	Demo    bool
}

// Report is the seed notebook's whole analysis of one mapping: data
// computed by package attack, ready to render.
type Report struct {
	Provenance      Provenance
	Head            *frame.Frame
	TopSources      *frame.Series
	TopComponents   *frame.Series
	SourcesChart    *chart.Bar
	ComponentsChart *chart.Bar
	Graph           *netgraph.Graph
	Relationships   *frame.Frame
	Techniques      []*attack.TechniqueView
	Gaps            []attack.Gap

	// Coverage is what Options.Inventory covers; nil without an inventory.
	Coverage *attack.Coverage
	// CoverageChart is the mean score of each tactic that has a scored
	// technique; nil when none has.
	CoverageChart *chart.Bar
	// Rules is Options.Rules joined with the mapping and the inventory;
	// nil without rules.
	Rules *attack.RuleCoverage
	// Overlay is the mapping seen in Options.Attack; nil without it.
	Overlay *attack.Overlay
	// Diff is what changed from Options.Compare to the mapping, and
	// DiffSummary counts it per kind of element; nil without Compare.
	Diff        *attack.Diff
	DiffSummary *frame.Frame
	// ListItems is Options.ListItems with its default applied.
	ListItems int
	// Hunt is Options.Hunt; nil without one. Observed is the coverage of
	// Options.Observed; nil without one.
	Hunt     *hunt.Result
	Observed *attack.Coverage
}

// New runs the analysis on m. An unknown technique is an error that
// suggests close matches.
func New(m *ossem.Mapping, o Options) (*Report, error) {
	if m == nil {
		return nil, errors.New("report: no mapping")
	}
	if o.Top <= 0 {
		o.Top = 15
	}
	if o.HeadRows <= 0 {
		o.HeadRows = 5
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	techs := o.Techniques
	if len(techs) == 0 {
		techs = DefaultTechniques
	}
	r := &Report{Provenance: Provenance{
		Source: m.Source, SHA256: m.SHA256, Schema: m.Schema, Records: len(m.Records), Columns: len(m.Keys),
		Generated: o.Now.UTC().Truncate(time.Second), Version: o.Version, Demo: m.Demo, Label: m.Label(),
	}}
	// The head of the table of the first records is the head of the
	// table: columns come from the whole mapping's keys either way.
	head := *m
	head.Records = m.Records[:min(o.HeadRows, len(m.Records))]
	r.Head = attack.Table(&head)
	// Both counts start from the same deduplicated sub-technique rows,
	// as in the seed (enterprise_sub); build them once.
	sub := attack.SubComponents(m)
	if err := sub.Err(); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	r.TopSources = sub.ValueCounts(attack.ColDataSource).NLargest(o.Top)
	r.TopComponents = sub.ValueCounts(attack.ColDataComponent).NLargest(o.Top)
	for _, s := range []*frame.Series{r.TopSources, r.TopComponents} {
		if err := s.Err(); err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
	}
	var err error
	if r.TopSources.Len() > 0 {
		if r.SourcesChart, err = chart.FromSeries(topTitle(TitleTopSources, o.Top), r.TopSources); err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
	}
	if r.TopComponents.Len() > 0 {
		if r.ComponentsChart, err = chart.FromSeries(topTitle(TitleTopComponents, o.Top), r.TopComponents); err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
	}
	r.Relationships = attack.Relationships(m)
	if err := r.Relationships.Err(); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	if r.Relationships.Len() > 0 {
		if r.Graph, err = netgraph.FromFrame(TitleGraph, r.Relationships, attack.ColSource, attack.ColTarget, attack.ColRelationship); err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
	}
	seen := make(map[string]bool)
	for _, id := range techs {
		v, err := attack.Technique(m, id)
		if err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
		if seen[v.ID] {
			continue
		}
		seen[v.ID] = true
		r.Techniques = append(r.Techniques, v)
	}
	r.Gaps = attack.Gaps(m)
	r.ListItems = o.ListItems
	if r.ListItems == 0 {
		r.ListItems = DefaultListItems
	}
	if o.Inventory != nil {
		inv := o.Inventory
		r.Provenance.Inventory = &InventoryProvenance{Source: inv.Source, Name: inv.Name, SHA256: inv.SHA256, Entries: len(inv.Entries)}
		r.Coverage = attack.CoverageOf(m, inv)
		if scores := r.Coverage.TacticScores(); scores.Len() > 0 {
			if r.CoverageChart, err = chart.FromSeries(TitleCoverage, scores); err != nil {
				return nil, fmt.Errorf("report: %w", err)
			}
		}
	}
	r.Hunt = o.Hunt
	if o.Hunt != nil && o.Observed != nil {
		r.Observed = attack.CoverageOf(m, o.Observed)
	}
	if o.Attack != nil {
		r.Overlay = attack.NewOverlay(m, o.Attack)
		r.Provenance.Attack = &AttackProvenance{Source: o.Attack.Source, SHA256: o.Attack.SHA256,
			Release: o.Attack.Label(), Basis: o.Attack.Release.String()}
	}
	if o.Rules != nil {
		ro := attack.RulesOptions{Mapping: m, Inventory: o.Inventory, Source: o.RulesSource}
		if o.Attack != nil {
			ro.Release, ro.ReleaseName = attack.ReleaseKnows(o.Attack), o.Attack.Label()
		}
		r.Rules = attack.RulesOf(o.Rules, ro)
	}
	if old := o.Compare; old != nil {
		r.Provenance.Compared = &ComparedProvenance{Source: old.Source, SHA256: old.SHA256, Schema: old.Schema, Records: len(old.Records), Demo: old.Demo}
		r.Diff = attack.DiffMappings(old, m)
		r.DiffSummary = r.Diff.Summary()
		if err := r.DiffSummary.Err(); err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
	}
	return r, nil
}

// topTitle adapts the seed's "(Top 15)" to another n.
func topTitle(title string, n int) string {
	return strings.Replace(title, "(Top 15)", fmt.Sprintf("(Top %d)", n), 1)
}

//go:embed report.tmpl
var pageTemplate string

//go:embed report.css
var pageCSS string

//go:embed report.js
var pageJS string

// tmpl is parsed on first use, not when a huntbook command that writes no
// report starts.
var tmpl = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("report").Funcs(template.FuncMap{
		"join":    strings.Join,
		"rfc3339": func(t time.Time) string { return t.Format(time.RFC3339) },
	}).Parse(pageTemplate))
})

// script is every script of the page, in one element; its hash goes into
// the page's Content Security Policy, so no other script can run.
var script = netgraph.Script() + "\n" + pageJS

// trustedSVG marks SVG drawn by packages chart and netgraph as safe HTML.
// This is the report's only opt-out of html/template's escaping. It is
// sound because both packages escape every text they take from the
// mapping (their hostile-string tests and this package's prove it) and
// emit no script here: the graph is drawn without its script, which the
// page carries once under its Content Security Policy hash.
func trustedSVG(svg string) template.HTML { return template.HTML(svg) }

// WriteHTML writes the report as one self-contained HTML file: styles,
// script and drawings inline, nothing fetched from anywhere.
func (r *Report) WriteHTML(w io.Writer) error {
	v := r.view()
	var buf bytes.Buffer
	if err := tmpl().Execute(&buf, v); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	_, err := buf.WriteTo(w)
	return err
}

// HTML returns the report as HTML, for notebooks.
func (r *Report) HTML() string {
	var sb strings.Builder
	if err := r.WriteHTML(&sb); err != nil {
		return "<pre>" + template.HTMLEscapeString(err.Error()) + "</pre>"
	}
	return sb.String()
}
