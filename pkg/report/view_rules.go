package report

import (
	"strings"

	"github.com/huntbook/huntbook/pkg/attack"
)

// rulesView is the Detection rules section: attack.RuleCoverage arranged
// in tables.
type rulesView struct {
	Summary    string
	Joined     bool
	Techniques table
	LogSources table
	Unknown    table
	Skipped    table
	Rules      table
}

func (r *Report) rulesView() *rulesView {
	rc := r.Rules
	if rc == nil {
		return nil
	}
	v := &rulesView{Summary: rc.Summary(), Joined: rc.Inventory != ""}
	v.Techniques = table{ID: "rules-techniques", Caption: "Techniques with rules or visibility: their state, the rules tagged with them, and what would arm the silent ones",
		Columns: []string{"technique_id", "technique", "state", "visibility", "rules", "firing", "silent", "unplaced", "arm"}}
	i := 0
	for _, t := range rc.Techniques {
		if t.State == attack.Blind {
			continue
		}
		vis := cell{Text: string(t.Visibility)}
		if t.Visibility == "" {
			vis = cell{Text: "None", Missing: true}
		}
		v.Techniques.Rows = append(v.Techniques.Rows, row{Label: i, Cells: []cell{{Text: t.ID}, {Text: t.Name},
			{Text: string(t.State)}, vis, num(len(t.Rules)), num(t.Firing), num(t.Silent), num(t.Unplaced), list(t.Arm)}})
		i++
	}
	v.LogSources = table{ID: "rules-logsources", Caption: "Rules per Sigma log source, the events the taxonomy gives it, and how many can fire",
		Columns: []string{"logsource", "rules", "firing", "events"}}
	for i, l := range rc.LogSources {
		v.LogSources.Rows = append(v.LogSources.Rows, row{Label: i, Cells: []cell{{Text: l.LogSource}, num(l.Rules), num(l.Firing), list(l.Events)}})
	}
	v.Unknown = table{ID: "rules-unknown", Caption: "Technique ids in rule tags that the mapping does not know", Columns: []string{"technique_id", "rules"}}
	for i, u := range rc.Unknown {
		v.Unknown.Rows = append(v.Unknown.Rows, row{Label: i, Cells: []cell{{Text: u.ID}, num(u.Rules)}})
	}
	v.Skipped = table{ID: "rules-skipped", Caption: "Files and documents skipped, with the line and the reason", Columns: []string{"path", "line", "reason", "detail"}}
	for i, e := range rc.SkippedBy {
		reason := ""
		if e.Err != nil {
			reason = e.Err.Error()
		}
		v.Skipped.Rows = append(v.Skipped.Rows, row{Label: i, Cells: []cell{{Text: e.Path}, num(e.Line), {Text: reason}, {Text: e.Detail}}})
	}
	v.Rules = table{ID: "rules-rules", Caption: "Every rule read: its log source, whether it can fire, and the configuration change that would arm it",
		Columns: []string{"title", "path", "logsource", "fire", "techniques", "collected", "changes"}}
	for i, j := range rc.RuleJoins {
		v.Rules.Rows = append(v.Rules.Rows, row{Label: i, Cells: []cell{{Text: j.Title}, {Text: j.Path}, {Text: j.LogSource},
			{Text: string(j.Fire)}, {Text: strings.Join(j.Techniques, " ")}, list(j.Collected), list(j.Changes)}})
	}
	return v
}
