package workshop

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/huntbook/huntbook/pkg/attack"
	"github.com/huntbook/huntbook/pkg/ossem"
)

// stub is the part of an OSSEM-DM relationship file (relationships/*.yml)
// that exercise 7 asks for.
type stub struct {
	RelationshipID string `yaml:"relationship_id"`
	Name           string `yaml:"name"`
	Attack         struct {
		DataSource    string `yaml:"data_source"`
		DataComponent string `yaml:"data_component"`
	} `yaml:"attack"`
	Behavior struct {
		Source       string `yaml:"source"`
		Relationship string `yaml:"relationship"`
		Target       string `yaml:"target"`
	} `yaml:"behavior"`
	SecurityEvents yaml.Node `yaml:"security_events"` // Kind 0 when absent
}

// CheckStub grades exercise 7: a contribution stub, in the layout of
// OSSEM-DM's relationships folder, for a data component that has no mapped
// security event in m.
func CheckStub(m *ossem.Mapping, text string) *Result {
	const ex = "Exercise 7"
	hint := "start from the example relationship file shown above the exercise; attack.Gaps(m) lists the components with no mapped event."
	if strings.TrimSpace(text) == "" {
		return notAnswered(ex, "ex7", hint)
	}
	no := func(msg, hint string) *Result {
		return &Result{Exercise: ex, Answered: true, Message: "not yet: " + msg, Hint: hint}
	}
	var s stub
	if err := yaml.Unmarshal([]byte(text), &s); err != nil {
		return no("the stub is not valid YAML ("+strings.TrimPrefix(err.Error(), "yaml: ")+").",
			"indent with spaces, two per level, and keep a space after every colon.")
	}
	var missing []string
	for _, f := range []struct{ name, v string }{
		{"relationship_id", s.RelationshipID}, {"name", s.Name},
		{"attack.data_source", s.Attack.DataSource}, {"attack.data_component", s.Attack.DataComponent},
		{"behavior.source", s.Behavior.Source}, {"behavior.relationship", s.Behavior.Relationship},
		{"behavior.target", s.Behavior.Target},
	} {
		if strings.TrimSpace(f.v) == "" {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return no("the stub lacks "+strings.Join(missing, ", ")+".", hint+" A placeholder such as REL-XXXX-XXXX is fine for relationship_id.")
	}
	if ev := s.SecurityEvents; ev.Kind != yaml.SequenceNode && !(ev.Kind == yaml.ScalarNode && ev.Tag == "!!null") {
		return no("security_events must be a list (it may be empty: security_events: []).",
			"each proposed event is one list item with event_id, name, platform and log_source.")
	}
	comp := attack.Component{DataSource: key(s.Attack.DataSource), DataComponent: key(s.Attack.DataComponent)}
	gaps := attack.Gaps(m)
	for _, g := range gaps {
		if key(g.DataSource) == comp.DataSource && key(g.DataComponent) == comp.DataComponent {
			need := "need"
			if len(g.Techniques) == 1 {
				need = "needs"
			}
			return &Result{Exercise: ex, Answered: true, Right: true,
				Message: fmt.Sprintf("right! A well-formed stub for %q (%s), which %s in this mapping %s with no event mapped to it. Propose events under security_events and open a pull request.",
					g.DataComponent, g.DataSource, plural(len(g.Techniques), "technique", "techniques"), need)}
		}
	}
	for i := range m.Records {
		r := &m.Records[i]
		if key(r.DataComponent) == comp.DataComponent {
			if key(r.DataSource) != comp.DataSource {
				return no(fmt.Sprintf("%q belongs to the data source %q, not %q.", r.DataComponent, r.DataSource, s.Attack.DataSource), hint)
			}
			if len(gaps) == 0 {
				// Nothing is left uncovered (the 2022 mapping): proposing
				// further events for any component is the contribution.
				return &Result{Exercise: ex, Answered: true, Right: true,
					Message: fmt.Sprintf("right! This mapping has no gap left, so a well-formed stub proposing more events for %q (%s) is the contribution to make.", r.DataComponent, r.DataSource)}
			}
			return no(fmt.Sprintf("%q already has mapped events for every technique that needs it, so it is not a gap.", r.DataComponent), hint)
		}
	}
	return no(fmt.Sprintf("no technique in this mapping needs a data component called %q.", s.Attack.DataComponent), hint)
}
