package attack

import (
	"fmt"
	"strings"
)

// Rule layer scores and colours, one per detection state.
const (
	scoreDetected      = 3
	scoreVisibleNoRule = 2
	scoreNotArmed      = 1

	colorDetected      = "#8ec843"
	colorVisibleNoRule = "#ffe766"
	colorNotArmed      = "#ff6666"
)

// ForTechnique narrows rc to one technique: its row, and the rules tagged
// with it. The error names the technique when neither the mapping nor any
// rule knows it.
func (rc *RuleCoverage) ForTechnique(id string) (*RuleCoverage, error) {
	id = strings.ToUpper(strings.TrimSpace(id))
	out := *rc
	out.Techniques = []TechniqueRules{}
	out.RuleJoins = []RuleJoin{}
	for _, t := range rc.Techniques {
		if strings.EqualFold(t.ID, id) {
			out.Techniques = append(out.Techniques, t)
		}
	}
	if len(out.Techniques) == 0 {
		return nil, fmt.Errorf("attack: technique %s is in neither the mapping nor any rule's tags; check the id (T1003.001)", id)
	}
	for _, r := range rc.RuleJoins {
		for _, t := range r.Techniques {
			if t == id {
				out.RuleJoins = append(out.RuleJoins, r)
				break
			}
		}
	}
	return &out, nil
}

// NewRulesLayer renders the rule join as a Navigator layer (format 4.5):
// each technique in one of the three states a hunter acts on is scored
// (3 detected: a rule can fire; 2 visible with no rule; 1 rules not
// armed, their logs not collected) and coloured, its comment naming the
// rules and what would arm the silent ones. Blind techniques (no
// visibility, no rule) are left out. Techniques only rules name are
// listed without a tactic.
func NewRulesLayer(rc *RuleCoverage, o LayerOptions) *Layer {
	l := BaseLayer(o, "huntbook rules: "+rc.Inventory,
		fmt.Sprintf("Sigma rules from %s joined with inventory %q and the mapping %s. "+
			"Score 3 (green): a rule tagged with the technique can fire on the collected events. "+
			"2 (yellow): the collected events make it visible, but no rule can fire. "+
			"1 (red): rules exist but none can fire: their logs are not collected.", rc.Rules, rc.Inventory, rc.Mapping),
		"9", "max")
	l.Gradient = LayerGradient{Colors: []string{colorNotArmed, colorVisibleNoRule, colorDetected}, MinValue: 1, MaxValue: 3}
	l.LegendItems = []LayerLegend{
		{"3 detected: a rule can fire", colorDetected},
		{"2 visible, no rule can fire", colorVisibleNoRule},
		{"1 rules not armed: their logs are not collected", colorNotArmed},
	}
	l.Metadata = []LayerMetadata{
		{Name: "rules", Value: rc.Rules},
		{Name: "mapping", Value: rc.Mapping},
		{Name: "inventory", Value: rc.Inventory},
		{Name: "summary", Value: rc.Summary()},
	}
	tactics := map[string][]string{}
	if rc.TacticsOf != nil {
		tactics = rc.TacticsOf
	}
	for _, t := range rc.Techniques {
		var score float64
		var color string
		switch t.State {
		case Detected:
			score, color = scoreDetected, colorDetected
		case VisibleNoRule:
			score, color = scoreVisibleNoRule, colorVisibleNoRule
		case NotArmed:
			score, color = scoreNotArmed, colorNotArmed
		default:
			continue
		}
		s := score
		base := LayerTechnique{TechniqueID: t.ID, Score: &s, Color: color, Comment: rulesComment(t), Enabled: true,
			Metadata: rulesMetadata(t)}
		tacs := tactics[strings.ToUpper(t.ID)]
		if len(tacs) == 0 {
			tacs = []string{""}
		}
		for _, tac := range tacs {
			lt := base
			lt.Tactic = tac
			l.Techniques = append(l.Techniques, lt)
		}
	}
	return l
}

func rulesComment(t TechniqueRules) string {
	var parts []string
	switch t.State {
	case Detected:
		parts = append(parts, fmt.Sprintf("detected: %d of %d tagged rules can fire", t.Firing, len(t.Rules)))
	case VisibleNoRule:
		if len(t.Rules) == 0 {
			parts = append(parts, "visible (coverage "+string(t.Visibility)+"), no rule is tagged with it")
		} else {
			parts = append(parts, fmt.Sprintf("visible (coverage %s), but none of its %d rules can fire", t.Visibility, len(t.Rules)))
		}
	case NotArmed:
		parts = append(parts, fmt.Sprintf("rules not armed: %d rules, none can fire; their logs are not collected", len(t.Rules)))
	}
	if len(t.Arm) > 0 {
		parts = append(parts, "to arm: "+firstN(t.Arm, 3))
	}
	return strings.Join(parts, ". ")
}

func rulesMetadata(t TechniqueRules) []LayerMetadata {
	var md []LayerMetadata
	for i, r := range t.Rules {
		if i == 10 {
			md = append(md, LayerMetadata{Name: "rules", Value: fmt.Sprintf("… %d more", len(t.Rules)-10)})
			break
		}
		md = append(md, LayerMetadata{Name: string(r.Fire), Value: r.Title})
	}
	return md
}
