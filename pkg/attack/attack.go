package attack

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/huntbook/huntbook/pkg/frame"
	"github.com/huntbook/huntbook/pkg/ossem"
	"github.com/huntbook/huntbook/pkg/render"
)

// Column names used by the analysis (the same in both schemas).
const (
	ColTechniqueID   = "technique_id"
	ColDataSource    = "data_source"
	ColDataComponent = "data_component"
	ColSource        = "source"
	ColTarget        = "target"
	ColRelationship  = "relationship"
)

var nanCell any = math.NaN() // one boxed NaN shared by every missing cell

// cell returns record r's field f as a frame cell.
func cell(r *ossem.Record, f ossem.Field) any {
	switch r.State(f) {
	case ossem.NaN:
		return nanCell
	case ossem.Null:
		return nil
	}
	switch f {
	case ossem.IsSubtechnique, ossem.Tactic, ossem.Platform, ossem.EventID, ossem.FilterIn:
		return r.Value(f)
	}
	return r.String(f)
}

// Table returns the whole mapping as a table, as pandas' json_normalize
// makes it: the file's keys as columns in order of first appearance, rows
// labelled 0, 1, 2, …
func Table(m *ossem.Mapping) *frame.Frame { return tableOf(m, nil) }

// tableOf builds the table of the given records (all if rows is nil),
// labelled by their positions in the mapping.
func tableOf(m *ossem.Mapping, rows []int) *frame.Frame {
	n := len(m.Records)
	rec := func(i int) *ossem.Record { return &m.Records[i] }
	var labels []int
	if rows != nil {
		n = len(rows)
		labels = rows
		rec = func(i int) *ossem.Record { return &m.Records[rows[i]] }
	}
	cols := make([][]any, len(m.Keys))
	for c, key := range m.Keys {
		col := make([]any, n)
		if f, ok := m.FieldOf(key); ok {
			for r := range n {
				col[r] = cell(rec(r), f)
			}
		} else {
			for r := range n {
				col[r] = extra(rec(r), key)
			}
		}
		cols[c] = col
	}
	return frame.FromColumns(append([]string(nil), m.Keys...), cols, labels)
}

func extra(r *ossem.Record, key string) any {
	for _, kv := range r.Extra {
		if kv.Key == key {
			return kv.Value
		}
	}
	return nanCell
}

// SubComponents returns the seed's enterprise_sub table: the rows of
// sub-techniques, columns technique_id, data_source, data_component,
// duplicates dropped (labels are those of the first rows kept).
func SubComponents(m *ossem.Mapping) *frame.Frame {
	rows := distinct(m, isSubtechnique, ossem.TechniqueID, ossem.DataSource, ossem.DataComponent)
	return frame.FromColumns([]string{ColTechniqueID, ColDataSource, ColDataComponent},
		columnsOf(m, rows, ossem.TechniqueID, ossem.DataSource, ossem.DataComponent), rows)
}

func isSubtechnique(r *ossem.Record) bool {
	return r.IsSubtechnique && !r.Missing(ossem.IsSubtechnique)
}

// distinct returns the positions of the records that keep accepts (all if
// keep is nil) and whose three string fields differ from every earlier
// such record's, missing values (NaN or null) all equal: pandas'
// df[keep][fields].drop_duplicates() without building the columns first.
func distinct(m *ossem.Mapping, keep func(*ossem.Record) bool, a, b, c ossem.Field) []int {
	type key struct {
		a, b, c string
		missing uint8
	}
	seen := make(map[key]struct{})
	var rows []int
	for i := range m.Records {
		r := &m.Records[i]
		if keep != nil && !keep(r) {
			continue
		}
		k := key{a: r.String(a), b: r.String(b), c: r.String(c)}
		for bit, f := range [3]ossem.Field{a, b, c} {
			if r.Missing(f) {
				k.missing |= 1 << bit
			}
		}
		if _, dup := seen[k]; dup {
			continue
		}
		seen[k] = struct{}{}
		rows = append(rows, i)
	}
	return rows
}

// columnsOf builds frame columns for the given fields of the records at rows.
func columnsOf(m *ossem.Mapping, rows []int, fields ...ossem.Field) [][]any {
	cols := make([][]any, len(fields))
	for i := range cols {
		cols[i] = make([]any, len(rows))
	}
	for j, r := range rows {
		rec := &m.Records[r]
		for i, f := range fields {
			cols[i][j] = cell(rec, f)
		}
	}
	return cols
}

// TopSubtechniques counts sub-techniques per data source (by =
// "data_source") or per data component (by = "data_component") and returns
// the n largest counts: the seed's two bar charts.
func TopSubtechniques(m *ossem.Mapping, by string, n int) (*frame.Series, error) {
	return Top(m, by, n, true)
}

// Top counts techniques per data source or data component, as
// TopSubtechniques does, over sub-techniques only (sub) or all techniques.
func Top(m *ossem.Mapping, by string, n int, sub bool) (*frame.Series, error) {
	if by != ColDataSource && by != ColDataComponent {
		return nil, fmt.Errorf("attack: cannot count by %q; use %q or %q", by, ColDataSource, ColDataComponent)
	}
	if n < 1 {
		return nil, fmt.Errorf("attack: cannot show the top %d; use a positive number", n)
	}
	keep := isSubtechnique
	if !sub {
		keep = nil
	}
	rows := distinct(m, keep, ossem.TechniqueID, ossem.DataSource, ossem.DataComponent)
	f := frame.FromColumns([]string{ColTechniqueID, ColDataSource, ColDataComponent},
		columnsOf(m, rows, ossem.TechniqueID, ossem.DataSource, ossem.DataComponent), rows)
	s := f.ValueCounts(by).NLargest(n)
	return s, s.Err()
}

// Relationships returns the relationships among data elements: columns
// source, target, relationship, duplicates and rows with a missing value
// dropped, labelled 0, 1, 2, … (the seed's relationships table).
func Relationships(m *ossem.Mapping) *frame.Frame {
	rows := distinct(m, nil, ossem.Source, ossem.Target, ossem.Relationship)
	complete := rows[:0:0]
	for _, i := range rows {
		r := &m.Records[i]
		if !r.Missing(ossem.Source) && !r.Missing(ossem.Target) && !r.Missing(ossem.Relationship) {
			complete = append(complete, i)
		}
	}
	return frame.FromColumns([]string{ColSource, ColTarget, ColRelationship},
		columnsOf(m, complete, ossem.Source, ossem.Target, ossem.Relationship), nil)
}

// Component is a data component and the data source it belongs to.
type Component struct {
	DataSource    string `json:"data_source"`
	DataComponent string `json:"data_component"`
}

func (c Component) String() string { return c.DataSource + ": " + c.DataComponent }

// TechniqueView is what the mapping says about one technique.
//
// TechniqueView is a result (package render): its JSON form is the contract
// of `huntbook technique --format json`; CSV writes the event rows.
type TechniqueView struct {
	ID        string   `json:"technique_id"`
	Name      string   `json:"technique"`
	Sub       bool     `json:"subtechnique"`
	Tactics   []string `json:"tactics"`
	Platforms []string `json:"platforms"`
	// Components holds its distinct data sources and components, labelled
	// by the first row of each (data_source, data_component).
	Components *frame.Frame `json:"components"`
	// Events holds all its rows with every column, original labels.
	Events *frame.Frame `json:"events"`
	// Gaps lists its components with no mapped security event.
	Gaps []Component `json:"gaps"`
}

// Tables returns the technique's components and its event rows (the
// table CSV writes).
func (v *TechniqueView) Tables() []render.Table {
	return []render.Table{
		{Title: "Data sources and components:", Frame: v.Components},
		{Title: "Security events:", Frame: v.Events, Primary: true},
	}
}

// Technique returns the view of the technique with the given ID; case and
// surrounding space do not matter, in the ID asked for or in the mapping. An unknown ID is an error that suggests close matches.
func Technique(m *ossem.Mapping, id string) (*TechniqueView, error) {
	id = strings.TrimSpace(id)
	var rows []int
	for i := range m.Records {
		if strings.EqualFold(strings.TrimSpace(m.Records[i].TechniqueID), id) {
			rows = append(rows, i)
		}
	}
	if len(rows) == 0 {
		return nil, unknownTechnique(m, strings.ToUpper(id))
	}
	first := &m.Records[rows[0]]
	// The view names the technique as the mapping writes it.
	v := &TechniqueView{ID: first.TechniqueID, Name: first.Technique, Sub: first.IsSubtechnique && !first.Missing(ossem.IsSubtechnique),
		Tactics: first.Tactic, Platforms: first.Platform}
	// The table of its own rows, labelled as in the whole table: what
	// Table(m).Eq(technique_id, id) gives, without building every row.
	v.Events = tableOf(m, rows)
	v.Components = v.Events.Select(ColDataSource, ColDataComponent).DropDuplicates()
	v.Gaps = techniqueGaps(m, rows)
	return v, nil
}

// techniqueGaps returns, in order of appearance, the components of the
// given rows that have no row with an event.
func techniqueGaps(m *ossem.Mapping, rows []int) []Component {
	var order []Component
	covered := make(map[Component]bool)
	for _, i := range rows {
		r := &m.Records[i]
		c := Component{r.DataSource, r.DataComponent}
		if _, seen := covered[c]; !seen {
			order = append(order, c)
			covered[c] = false
		}
		if r.HasEvent() {
			covered[c] = true
		}
	}
	var gaps []Component
	for _, c := range order {
		if !covered[c] {
			gaps = append(gaps, c)
		}
	}
	return gaps
}

func unknownTechnique(m *ossem.Mapping, id string) error {
	seen := make(map[string]bool)
	var close []string
	parent, _, _ := strings.Cut(id, ".")
	for i := range m.Records {
		t := m.Records[i].TechniqueID
		if !seen[t] && strings.HasPrefix(t, parent) {
			close = append(close, t)
		}
		seen[t] = true
	}
	sort.Strings(close)
	msg := fmt.Sprintf("attack: technique %s is not in the mapping (%s, %d techniques)", id, m.Label(), len(seen))
	if len(close) > 0 {
		if len(close) > 10 {
			close = append(close[:10], "…")
		}
		msg += "; did you mean " + strings.Join(close, ", ") + "?"
	}
	return fmt.Errorf("%s", msg)
}

// Gap is a data component with no mapped security event and the techniques
// that need it, in order of first appearance.
type Gap struct {
	Component
	Techniques []string `json:"techniques"`
	// States and RevokedBy say, for each of Techniques in turn, its state
	// in the ATT&CK release the gaps were seen in (Overlay.MarkGaps) and,
	// when revoked, the technique that replaces it ("" otherwise); nil
	// when no release was given.
	States    []State  `json:"technique_states,omitempty"`
	RevokedBy []string `json:"revoked_by,omitempty"`
}

// GapList is the result of `huntbook gaps`: Gaps as a render result, its
// JSON form the list itself.
type GapList []Gap

// Tables returns the gaps as one table (GapsFrame). A terminal shows the
// techniques' IDs without their states, long lists the CLI sums up below
// the table instead; CSV, JSON and HTML carry every column.
func (g GapList) Tables() []render.Table {
	return []render.Table{{Frame: GapsFrame(g), Show: []string{ColDataSource, ColDataComponent, "techniques", "technique_ids"}}}
}

// Gaps returns the components that some technique needs but for which that
// technique has no mapped event, most techniques first (ties in order of
// first appearance).
func Gaps(m *ossem.Mapping) []Gap {
	type pair struct {
		tech string
		comp Component
	}
	covered := make(map[pair]bool)
	var order []pair
	for i := range m.Records {
		r := &m.Records[i]
		if r.Missing(ossem.DataComponent) || r.Missing(ossem.DataSource) {
			continue // a technique ATT&CK gives no data component
		}
		p := pair{r.TechniqueID, Component{r.DataSource, r.DataComponent}}
		if _, seen := covered[p]; !seen {
			order = append(order, p)
			covered[p] = false
		}
		if r.HasEvent() {
			covered[p] = true
		}
	}
	idx := make(map[Component]int)
	var gaps []Gap
	for _, p := range order {
		if covered[p] {
			continue
		}
		i, ok := idx[p.comp]
		if !ok {
			i = len(gaps)
			idx[p.comp] = i
			gaps = append(gaps, Gap{Component: p.comp})
		}
		gaps[i].Techniques = append(gaps[i].Techniques, p.tech)
	}
	sort.SliceStable(gaps, func(a, b int) bool { return len(gaps[a].Techniques) > len(gaps[b].Techniques) })
	return gaps
}

// GapsFrame returns Gaps as a table: data_source, data_component,
// techniques (how many), technique_ids (a list).
func GapsFrame(gaps []Gap) *frame.Frame {
	cols := []string{ColDataSource, ColDataComponent, "techniques", "technique_ids"}
	marked := len(gaps) > 0 && gaps[0].States != nil
	if marked {
		cols = append(cols, "technique_states", ColRevokedBy)
	}
	b := frame.NewBuilder(cols...)
	for _, g := range gaps {
		row := b.Row().Set(ColDataSource, g.DataSource).Set(ColDataComponent, g.DataComponent).
			Set("techniques", int64(len(g.Techniques))).Set("technique_ids", strings2any(g.Techniques))
		if marked {
			states := make([]any, len(g.States))
			for i, st := range g.States {
				states[i] = string(st)
			}
			row.Set("technique_states", states).Set(ColRevokedBy, strings2any(g.RevokedBy))
		}
	}
	return b.Frame()
}
