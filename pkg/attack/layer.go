package attack

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"github.com/huntbook/huntbook/pkg/frame"
	"github.com/huntbook/huntbook/pkg/ossem"
)

// Layer versions written by NewLayer.
const (
	LayerFormat      = "4.5"   // ATT&CK Navigator layer file format
	NavigatorVersion = "4.9.1" // the format needs at least 4.9.0
)

// AttackVersion returns the ATT&CK version a mapping schema was built from,
// as Navigator names versions (major numbers): the 2021 file from ATT&CK
// v9, the 2022 file from ATT&CK v11.3, written "11".
//
// A mapping made from an ATT&CK bundle ("ATT&CK Enterprise v18.1 (STIX
// 2.0)") is of its release: "18".
func AttackVersion(s ossem.Schema) string {
	if s == ossem.Schema2022 {
		return "11"
	}
	if rest, ok := strings.CutPrefix(string(s), ossem.SchemaATTACKPrefix); ok {
		if i := strings.Index(rest, " v"); i >= 0 {
			major := rest[i+2:]
			n := 0
			for n < len(major) && major[n] >= '0' && major[n] <= '9' {
				n++
			}
			if n > 0 {
				return major[:n]
			}
		}
	}
	return "9"
}

// Layer colours: the gradient runs from missing to covered; unmappable
// techniques get a fixed grey.
const (
	colorMissing    = "#ff6666"
	colorPartial    = "#ffe766"
	colorCovered    = "#8ec843"
	colorUnmappable = "#bdbdbd"
)

// LayerOptions are the settings of NewLayer. Zero values mean the defaults.
type LayerOptions struct {
	// Name is the layer's name; default "huntbook coverage: " + inventory name.
	Name string
	// Description; default names the mapping, the inventory and the scoring.
	Description string
	// AttackVersion; default AttackVersion(the mapping's schema).
	AttackVersion string
	// Navigator version; default NavigatorVersion.
	Navigator string
	// Remap replaces technique IDs, for a layer of a newer ATT&CK release
	// than the mapping's: a revoked technique becomes the one that
	// replaces it, an ID mapped to "" (deprecated, or unknown to the
	// release) is left out (see Overlay.Remap). A technique that gets a
	// replacement's ID says so in its comment.
	Remap map[string]string
}

// Layer is an ATT&CK Navigator layer, format 4.5. Marshal it with
// encoding/json, or call JSON.
type Layer struct {
	Name         string           `json:"name"`
	Versions     LayerVersions    `json:"versions"`
	Domain       string           `json:"domain"`
	Description  string           `json:"description"`
	Sorting      int              `json:"sorting"`
	Layout       LayerLayout      `json:"layout"`
	HideDisabled bool             `json:"hideDisabled"`
	Techniques   []LayerTechnique `json:"techniques"`
	Gradient     LayerGradient    `json:"gradient"`
	LegendItems  []LayerLegend    `json:"legendItems"`
	Metadata     []LayerMetadata  `json:"metadata"`
}

// LayerVersions is the layer's versions object.
type LayerVersions struct {
	Attack    string `json:"attack"`
	Navigator string `json:"navigator"`
	Layer     string `json:"layer"`
}

// LayerLayout is the layer's layout object.
type LayerLayout struct {
	Layout              string `json:"layout"`
	ShowID              bool   `json:"showID"`
	ShowName            bool   `json:"showName"`
	ShowAggregateScores bool   `json:"showAggregateScores"`
	CountUnscored       bool   `json:"countUnscored"`
	AggregateFunction   string `json:"aggregateFunction"`
	ExpandedSubtechs    string `json:"expandedSubtechniques"`
}

// LayerTechnique is one technique under one tactic. Score is nil for
// unmappable techniques, which Navigator then leaves unscored and shows in
// Color.
type LayerTechnique struct {
	TechniqueID string          `json:"techniqueID"`
	Tactic      string          `json:"tactic,omitempty"`
	Score       *float64        `json:"score,omitempty"`
	Color       string          `json:"color,omitempty"`
	Comment     string          `json:"comment"`
	Enabled     bool            `json:"enabled"`
	Metadata    []LayerMetadata `json:"metadata,omitempty"`
}

// LayerGradient is the layer's score gradient.
type LayerGradient struct {
	Colors   []string `json:"colors"`
	MinValue float64  `json:"minValue"`
	MaxValue float64  `json:"maxValue"`
}

// LayerLegend is one legend item.
type LayerLegend struct {
	Label string `json:"label"`
	Color string `json:"color"`
}

// LayerMetadata is one name/value pair, or a divider.
type LayerMetadata struct {
	Name    string `json:"name,omitempty"`
	Value   string `json:"value,omitempty"`
	Divider bool   `json:"divider,omitempty"`
}

// BaseLayer is the part every huntbook layer shares: format, domain,
// versions, sorting and a side layout with IDs and names, no techniques
// yet. o's Name, Description and AttackVersion win over the defaults given;
// an empty Navigator is NavigatorVersion. Callers add the gradient, legend,
// metadata and techniques that say what their scores mean.
func BaseLayer(o LayerOptions, name, description, attackVersion, aggregate string) *Layer {
	if o.Name == "" {
		o.Name = name
	}
	if o.Description == "" {
		o.Description = description
	}
	if o.AttackVersion == "" {
		o.AttackVersion = attackVersion
	}
	if o.Navigator == "" {
		o.Navigator = NavigatorVersion
	}
	return &Layer{
		Name:        o.Name,
		Versions:    LayerVersions{Attack: o.AttackVersion, Navigator: o.Navigator, Layer: LayerFormat},
		Domain:      "enterprise-attack",
		Description: o.Description,
		Sorting:     3,
		Layout: LayerLayout{Layout: "side", ShowID: true, ShowName: true, ShowAggregateScores: aggregate == "average",
			AggregateFunction: aggregate, ExpandedSubtechs: "annotated"},
		Techniques: []LayerTechnique{},
	}
}

// NewLayer renders a coverage as a Navigator layer: one technique entry per
// technique and tactic, scored 0–100 (the share of its mappable components
// that collected events cover), its comment listing the covered, missing
// and unmappable components, its metadata the collected events that cover
// it and the events that would cover the rest.
func NewLayer(c *Coverage, o LayerOptions) *Layer {
	l := BaseLayer(o, "huntbook coverage: "+c.Inventory,
		fmt.Sprintf("Data components covered by the events in inventory %q, per the OSSEM-DM mapping %s (%s schema). "+
			"Score: share of a technique's mappable data components with a collected event (0-100). "+
			"Grey: no event is mapped to any of its components.", c.Inventory, c.Mapping, c.Schema),
		AttackVersion(c.Schema), "average")
	l.Gradient = LayerGradient{Colors: []string{colorMissing, colorPartial, colorCovered}, MinValue: 0, MaxValue: 100}
	l.LegendItems = []LayerLegend{
		{"covered: every mappable component has a collected event", colorCovered},
		{"partial: some components covered", colorPartial},
		{"missing: events are mapped, none collected", colorMissing},
		{"unmappable: no event mapped to its components", colorUnmappable},
	}
	l.Metadata = []LayerMetadata{
		{Name: "mapping", Value: c.Mapping},
		{Name: "schema", Value: string(c.Schema)},
		{Name: "inventory", Value: c.Inventory},
		{Name: "techniques", Value: fmt.Sprintf("%d covered, %d partial, %d missing, %d unmappable",
			c.Overall.Covered, c.Overall.Partial, c.Overall.Missing, c.Overall.Unmappable)},
	}
	rows := c.TechniquesFrame()
	for i, t := range c.Techniques {
		md, more := layerMetadata(t), rowMetadata(rows, i)
		if len(md) > 0 && len(more) > 0 {
			md = append(md, LayerMetadata{Divider: true})
		}
		base := LayerTechnique{TechniqueID: t.ID, Comment: layerComment(t), Enabled: true, Metadata: append(md, more...)}
		if to, ok := o.Remap[strings.ToUpper(t.ID)]; ok {
			if to == "" {
				continue
			}
			base.TechniqueID = to
			base.Comment = t.ID + " (revoked, replaced by " + to + "). " + base.Comment
		}
		if t.Scored {
			s := math.Round(t.Score * 100)
			base.Score = &s
		} else {
			base.Color = colorUnmappable
		}
		tactics := t.Tactics
		if len(tactics) == 0 {
			tactics = []string{""}
		}
		for _, tac := range tactics {
			lt := base
			lt.Tactic = tac
			l.Techniques = append(l.Techniques, lt)
		}
	}
	return l
}

func layerComment(t TechniqueCoverage) string {
	var parts []string
	for _, st := range []Status{Covered, Missing, Unmappable} {
		var names []string
		for _, cc := range t.Components {
			if cc.Status == st {
				names = append(names, cc.Component.String())
			}
		}
		if len(names) > 0 {
			parts = append(parts, string(st)+": "+strings.Join(names, "; "))
		}
	}
	if len(t.Components) == 0 {
		parts = append(parts, "unmappable: ATT&CK lists no data component for it")
	}
	return strings.Join(parts, ". ")
}

func layerMetadata(t TechniqueCoverage) []LayerMetadata {
	var md []LayerMetadata
	for _, cc := range t.Components {
		for _, ev := range cc.Collected {
			md = append(md, LayerMetadata{Name: "collected", Value: ev.String() + " → " + cc.Component.String()})
		}
	}
	var more []LayerMetadata
	for _, cc := range t.Components {
		if cc.Status != Missing {
			continue
		}
		for _, ev := range cc.Mapped {
			more = append(more, LayerMetadata{Name: "to collect", Value: ev.String() + " → " + cc.Component.String()})
		}
	}
	if len(md) > 0 && len(more) > 0 {
		md = append(md, LayerMetadata{Divider: true})
	}
	return append(md, more...)
}

// rowMetadata is a technique's row of TechniquesFrame as metadata: every
// count and scalar the comment and score do not already give, so that a
// column added to the frame shows in the layer too.
func rowMetadata(rows *frame.Frame, i int) []LayerMetadata {
	var md []LayerMetadata
	for _, col := range rows.Columns() {
		switch col {
		case ColTechniqueID, "technique", "tactic", "score":
			continue
		}
		v := rows.At(i, col)
		if _, list := v.([]any); list || frame.IsNA(v) {
			continue
		}
		md = append(md, LayerMetadata{Name: col, Value: frame.Format(v)})
	}
	return md
}

// JSON returns the layer as indented JSON, ending in a newline.
func (l *Layer) JSON() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(l); err != nil {
		return nil, fmt.Errorf("attack: encoding the layer: %w", err)
	}
	return b.Bytes(), nil
}
