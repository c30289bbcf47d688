package observed

import (
	"fmt"
	"slices"
	"strings"

	"github.com/huntbook/huntbook/pkg/attack"
	"github.com/huntbook/huntbook/pkg/frame"
	"github.com/huntbook/huntbook/pkg/inventory"
	"github.com/huntbook/huntbook/pkg/ossem"
	"github.com/huntbook/huntbook/pkg/render"
)

// Standings set, per technique, what the configuration should log, what
// the logs show and what fired: configured, observed, detected.
type Standings struct {
	Mapping    string `json:"mapping"`
	Configured string `json:"configured,omitempty"` // the configured inventory's name; "" when none was given
	Observed   string `json:"observed"`
	// Hunted is true when detections were given (a Sigma hunt ran).
	Hunted     bool       `json:"hunted"`
	Techniques []Standing `json:"techniques"`
	// Counts of techniques: observed covered or partial, configured covered
	// or partial, detected, and observed but not configured.
	ObservedCount   int `json:"observed_techniques"`
	ConfiguredCount int `json:"configured_techniques"`
	DetectedCount   int `json:"detected_techniques"`
	UnexpectedCount int `json:"observed_not_configured"`
}

// Standing is one technique's three states.
type Standing struct {
	ID      string   `json:"technique_id"`
	Name    string   `json:"technique"`
	Tactics []string `json:"tactics"`
	// Configured is the technique's coverage status by the configured
	// inventory (covered, partial, missing, unmappable); "" without one.
	Configured attack.Status `json:"configured,omitempty"`
	// Observed is its status by the events seen in the logs.
	Observed      attack.Status `json:"observed"`
	ObservedScore float64       `json:"observed_score"`
	// Events are the observed events that cover its components.
	Events []string `json:"events"`
	// Detections are the rules that fired on it (from the hunt).
	Detections []string `json:"detections,omitempty"`
}

// Join computes the standings: coverage of the mapping by the configured
// inventory (nil: none) and by the observed one, and the detections
// (technique ID → rules that matched; nil: no hunt ran). Techniques that
// are neither observed, configured nor detected are left out; detected
// techniques the mapping does not know come last, with no status.
//
//	configured covered, observed missing    a broken pipeline or a silent host
//	observed covered, configured missing    logs the configuration does not account for
//	detected, not observed                  cannot happen: a rule fires on observed events
func Join(m *ossem.Mapping, configured *inventory.Inventory, obs *Inventory, detected map[string][]string) *Standings {
	oc := attack.CoverageOf(m, obs.Inventory())
	s := &Standings{Mapping: oc.Mapping, Observed: obs.Name, Hunted: detected != nil, Techniques: []Standing{}}
	conf := map[string]attack.Status{}
	if configured != nil {
		s.Configured = configured.Name
		for _, t := range attack.CoverageOf(m, configured).Techniques {
			conf[t.ID] = t.Status
		}
	}
	seen := func(st attack.Status) bool { return st == attack.Covered || st == attack.Partial }
	for _, t := range oc.Techniques {
		st := Standing{ID: t.ID, Name: t.Name, Tactics: t.Tactics, Observed: t.Status, ObservedScore: round2(t.Score),
			Configured: conf[t.ID], Detections: detected[t.ID], Events: []string{}}
		for _, cc := range t.Components {
			for _, e := range cc.Collected {
				if n := e.String(); !slices.Contains(st.Events, n) {
					st.Events = append(st.Events, n)
				}
			}
		}
		if !seen(st.Observed) && !seen(st.Configured) && len(st.Detections) == 0 {
			continue
		}
		if seen(st.Observed) {
			s.ObservedCount++
			if configured != nil && !seen(st.Configured) {
				s.UnexpectedCount++
			}
		}
		if seen(st.Configured) {
			s.ConfiguredCount++
		}
		if len(st.Detections) > 0 {
			s.DetectedCount++
		}
		s.Techniques = append(s.Techniques, st)
	}
	// Detections of techniques the mapping does not know come last.
	known := map[string]bool{}
	for _, t := range oc.Techniques {
		known[t.ID] = true
	}
	var extra []string
	for id, rules := range detected {
		if !known[id] && len(rules) > 0 {
			extra = append(extra, id)
		}
	}
	slices.Sort(extra)
	for _, id := range extra {
		s.Techniques = append(s.Techniques, Standing{ID: id, Tactics: []string{}, Events: []string{}, Detections: detected[id]})
		s.DetectedCount++
	}
	return s
}

func round2(x float64) float64 { return float64(int64(x*100+0.5)) / 100 }

// Tables is one row per technique: configured (with a configured
// inventory), observed, its score, the events seen, detections (after a
// hunt).
func (s *Standings) Tables() []render.Table {
	cols := []string{"technique_id", "technique"}
	if s.Configured != "" {
		cols = append(cols, "configured")
	}
	cols = append(cols, "observed", "observed_score", "events")
	if s.Hunted {
		cols = append(cols, "detected")
	}
	rows := make([][]any, len(s.Techniques))
	for i, t := range s.Techniques {
		r := []any{t.ID, t.Name}
		if s.Configured != "" {
			r = append(r, string(t.Configured))
		}
		r = append(r, string(t.Observed), t.ObservedScore, strings.Join(t.Events, "; "))
		if s.Hunted {
			r = append(r, strings.Join(t.Detections, "; "))
		}
		rows[i] = r
	}
	title := fmt.Sprintf("Techniques by %s: %d observed (covered or partial by the events seen)", s.Mapping, s.ObservedCount)
	if s.Configured != "" {
		title += fmt.Sprintf(", %d configured, %d observed but not configured", s.ConfiguredCount, s.UnexpectedCount)
	}
	if s.Hunted {
		title += fmt.Sprintf(", %d detected", s.DetectedCount)
	}
	return []render.Table{{Title: title, Frame: frame.New(cols, rows), Primary: true, NoLabels: true, Empty: title + "\nnone"}}
}
