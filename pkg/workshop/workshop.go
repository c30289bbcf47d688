package workshop

import (
	"fmt"
	"html"
	"slices"
	"strings"

	"github.com/huntbook/huntbook/pkg/attack"
	"github.com/huntbook/huntbook/pkg/ossem"
)

// Result is the verdict of one check.
type Result struct {
	Exercise string // "Exercise 2"
	Answered bool   // false when the answer was left empty
	Right    bool
	Message  string // the verdict in plain words
	Hint     string // set when the answer is not right
}

// String returns the verdict as text: a mark, the exercise, the message and
// the hint, one per line.
func (r *Result) String() string {
	mark := "✘"
	switch {
	case r.Right:
		mark = "✔"
	case !r.Answered:
		mark = "…"
	}
	s := mark + " " + r.Exercise + ": " + r.Message
	if r.Hint != "" {
		s += "\n  Hint: " + r.Hint
	}
	return s
}

// HTML returns the verdict as a coloured box for a notebook.
func (r *Result) HTML() string {
	colour, mark := "#b42318", "✘"
	switch {
	case r.Right:
		colour, mark = "#067647", "✔"
	case !r.Answered:
		colour, mark = "#6b7280", "…"
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<div style="border-left:4px solid %s;padding:4px 10px;margin:4px 0">`, colour)
	fmt.Fprintf(&b, `<strong style="color:%s">%s %s</strong>: %s`, colour, mark, html.EscapeString(r.Exercise), html.EscapeString(r.Message))
	if r.Hint != "" {
		fmt.Fprintf(&b, `<br><em>Hint:</em> %s`, html.EscapeString(r.Hint))
	}
	b.WriteString(`</div>`)
	return b.String()
}

// notAnswered is the verdict for an empty answer.
func notAnswered(exercise, variable, hint string) *Result {
	return &Result{Exercise: exercise,
		Message: fmt.Sprintf("not answered yet. Fill in %s in the cell above, run it, then run this cell again.", variable),
		Hint:    hint}
}

// key normalises an answer item: trimmed, inner spaces collapsed, lower case.
func key(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// set returns the distinct normalised items of list, in order, dropping
// empty ones.
func set(list []string) []string {
	seen := make(map[string]bool)
	var out []string
	for _, s := range list {
		k := key(s)
		if k != "" && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// diff compares an answer with the right set. It returns the answer's
// items that are right, those that are not, and how many right items the
// answer lacks.
func diff(want, got []string) (right, wrong []string, missing int) {
	w := make(map[string]bool)
	for _, s := range set(want) {
		w[s] = true
	}
	for _, s := range set(got) {
		if w[s] {
			right = append(right, s)
		} else {
			wrong = append(wrong, s)
		}
	}
	return right, wrong, len(w) - len(right)
}

func quoteAll(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// grade compares a list answer with the right set and words the verdict.
// noun names one item ("data component"), nouns several.
func grade(exercise string, want, got []string, noun, nouns, hint string) *Result {
	right, wrong, missing := diff(want, got)
	r := &Result{Exercise: exercise, Answered: true}
	if len(wrong) == 0 && missing == 0 {
		r.Right = true
		r.Message = fmt.Sprintf("right! All %s, none missing.", plural(len(right), noun, nouns))
		return r
	}
	var parts []string
	if len(right) > 0 {
		parts = append(parts, fmt.Sprintf("%s of yours %s right", plural(len(right), noun, nouns), isAre(len(right))))
	}
	if len(wrong) > 0 {
		parts = append(parts, fmt.Sprintf("%s should not be there", quoteAll(wrong)))
	}
	if missing > 0 {
		parts = append(parts, fmt.Sprintf("%s missing", plural(missing, noun+" is", nouns+" are")))
	}
	r.Message = "not yet: " + strings.Join(parts, "; ") + "."
	r.Hint = hint
	return r
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// components returns the distinct data components of a technique's rows.
func components(m *ossem.Mapping, id string) []string {
	var out []string
	for i := range m.Records {
		r := &m.Records[i]
		if strings.EqualFold(r.TechniqueID, id) && !r.Missing(ossem.DataComponent) {
			out = append(out, r.DataComponent)
		}
	}
	return set(out)
}

// eventKey identifies a security event: who writes it and its id.
type eventKey struct{ provider, id string }

func (e eventKey) String() string { return e.provider + " " + e.id }

func eventOf(r *ossem.Record) eventKey {
	p := r.Provider
	if p == "" {
		p = r.Channel
	}
	return eventKey{p, r.EventID}
}

// isEvent reports whether r maps the event id written by a provider or
// channel whose name contains provider (any case; "" matches every one).
func isEvent(r *ossem.Record, provider, id string) bool {
	if !r.HasEvent() || !strings.EqualFold(r.EventID, strings.TrimSpace(id)) {
		return false
	}
	p := strings.ToLower(strings.TrimSpace(provider))
	return p == "" || strings.Contains(strings.ToLower(r.Provider), p) || strings.Contains(strings.ToLower(r.Channel), p)
}

// CheckTopDataSource grades exercise 1: the data source that the most
// sub-techniques need (any of them when several tie).
func CheckTopDataSource(m *ossem.Mapping, answer string) *Result {
	const ex = "Exercise 1"
	hint := `attack.TopSubtechniques(m, "data_source", 15) counts the sub-techniques per data source, largest first.`
	if key(answer) == "" {
		return notAnswered(ex, "ex1", hint)
	}
	top, err := attack.TopSubtechniques(m, attack.ColDataSource, 1<<30)
	if err != nil || top.Len() == 0 {
		return &Result{Exercise: ex, Answered: true, Message: "this mapping has no sub-techniques to count."}
	}
	counts := top.Floats()
	for i, label := range top.Labels() {
		if counts[i] != counts[0] {
			break
		}
		if key(label) == key(answer) {
			return &Result{Exercise: ex, Answered: true, Right: true,
				Message: fmt.Sprintf("right! %d sub-techniques need data from %q.", int(counts[0]), label)}
		}
	}
	for i, label := range top.Labels() {
		if key(label) == key(answer) {
			return &Result{Exercise: ex, Answered: true, Hint: hint,
				Message: fmt.Sprintf("not yet: %q is a data source %d sub-techniques need, but another one is needed by more.", label, int(counts[i]))}
		}
	}
	return &Result{Exercise: ex, Answered: true, Hint: hint + " Data source names are lower case, such as \"file\".",
		Message: fmt.Sprintf("not yet: no sub-technique in this mapping needs a data source called %q.", answer)}
}

// CheckComponents grades exercise 2: the data components a technique needs.
func CheckComponents(m *ossem.Mapping, techniqueID string, answer []string) *Result {
	const ex = "Exercise 2"
	hint := fmt.Sprintf(`attack.Technique(m, %q) returns a view whose Components table lists them (column data_component).`, techniqueID)
	if len(set(answer)) == 0 {
		return notAnswered(ex, "ex2", hint)
	}
	return grade(ex, components(m, techniqueID), answer, "data component", "data components", hint)
}

// techniquesOfEvent returns, sorted, the techniques for which the mapping
// lists the event id written by a provider or channel whose name contains
// provider ("Sysmon", "Security"; "" for any).
func techniquesOfEvent(m *ossem.Mapping, provider, id string) []string {
	seen := make(map[string]bool)
	var out []string
	for i := range m.Records {
		r := &m.Records[i]
		if isEvent(r, provider, id) && !seen[r.TechniqueID] {
			seen[r.TechniqueID] = true
			out = append(out, r.TechniqueID)
		}
	}
	slices.Sort(out)
	return out
}

// CheckEventTechniques grades exercise 3: the techniques an event informs.
func CheckEventTechniques(m *ossem.Mapping, provider, id string, answer []string) *Result {
	const ex = "Exercise 3"
	hint := fmt.Sprintf(`loop over m.Records and keep r.TechniqueID where r.EventID == %q and r.Provider mentions %s; list each technique once.`, id, provider)
	if len(set(answer)) == 0 {
		return notAnswered(ex, "ex3", hint)
	}
	return grade(ex, techniquesOfEvent(m, provider, id), answer, "technique", "techniques", hint)
}

// CheckCompare grades exercise 4: the data components techniques a and b
// share, and those only a needs.
func CheckCompare(m *ossem.Mapping, a, b string, shared, onlyA []string) *Result {
	const ex = "Exercise 4"
	hint := fmt.Sprintf(`take the components of %s and of %s (attack.Technique(...).Components), then keep those in both, and those of %s not in %s.`, a, b, a, b)
	if len(set(shared)) == 0 && len(set(onlyA)) == 0 {
		return notAnswered(ex, "ex4Shared and ex4OnlyA", hint)
	}
	ca, cb := components(m, a), components(m, b)
	inB := make(map[string]bool)
	for _, c := range cb {
		inB[c] = true
	}
	var wantShared, wantOnly []string
	for _, c := range ca {
		if inB[c] {
			wantShared = append(wantShared, c)
		} else {
			wantOnly = append(wantOnly, c)
		}
	}
	rs := grade(ex, wantShared, shared, "shared component", "shared components", hint)
	ro := grade(ex, wantOnly, onlyA, "component only "+a+" needs", "components only "+a+" needs", hint)
	if rs.Right && ro.Right {
		return &Result{Exercise: ex, Answered: true, Right: true,
			Message: fmt.Sprintf("right! %s share %s; %s needs %s more.", a+" and "+b,
				plural(len(wantShared), "data component", "data components"), a, plural(len(wantOnly), "component", "components"))}
	}
	msg := "ex4Shared: " + strings.TrimPrefix(rs.Message, "not yet: ") + " ex4OnlyA: " + strings.TrimPrefix(ro.Message, "not yet: ")
	return &Result{Exercise: ex, Answered: true, Message: "not yet. " + msg, Hint: hint}
}

// commandLineGain returns, sorted, the techniques that Security event 4688
// informs only through the "command execution" data component: the ones
// turning on "Include command line in process creation events" adds.
func commandLineGain(m *ossem.Mapping) []string {
	viaCmd := make(map[string]bool)
	viaOther := make(map[string]bool)
	for i := range m.Records {
		r := &m.Records[i]
		if !isEvent(r, "security", "4688") {
			continue
		}
		if key(r.DataComponent) == "command execution" {
			viaCmd[r.TechniqueID] = true
		} else {
			viaOther[r.TechniqueID] = true
		}
	}
	var out []string
	for t := range viaCmd {
		if !viaOther[t] {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out
}

// CheckCommandLine grades exercise 5: the techniques 4688 informs only
// once its command line is logged.
func CheckCommandLine(m *ossem.Mapping, answer []string) *Result {
	const ex = "Exercise 5"
	hint := `for Security 4688, collect the techniques it maps under "command execution" and those it maps under any other component; keep the first set minus the second.`
	if len(set(answer)) == 0 {
		return notAnswered(ex, "ex5", hint)
	}
	return grade(ex, commandLineGain(m), answer, "technique", "techniques", hint)
}

// baseline is what exercise 6's analyst already collects.
var baseline = []struct{ provider, id string }{{"security", "4688"}, {"sysmon", "1"}}

// nextEvents returns the events that would inform the most sub-techniques
// that Security 4688 and Sysmon 1 leave uninformed, and that number. Ties
// are all returned, sorted by provider and id.
func nextEvents(m *ossem.Mapping) (best []string, gain int) {
	informed := make(map[string]bool)
	for i := range m.Records {
		r := &m.Records[i]
		for _, b := range baseline {
			if isEvent(r, b.provider, b.id) {
				informed[r.TechniqueID] = true
			}
		}
	}
	adds := make(map[eventKey]map[string]bool)
	for i := range m.Records {
		r := &m.Records[i]
		if !r.HasEvent() || !r.IsSubtechnique || informed[r.TechniqueID] {
			continue
		}
		e := eventOf(r)
		if adds[e] == nil {
			adds[e] = make(map[string]bool)
		}
		adds[e][r.TechniqueID] = true
	}
	var keys []eventKey
	for e, ts := range adds {
		switch {
		case len(ts) > gain:
			gain, keys = len(ts), []eventKey{e}
		case len(ts) == gain:
			keys = append(keys, e)
		}
	}
	slices.SortFunc(keys, func(a, b eventKey) int { return strings.Compare(a.String(), b.String()) })
	for _, e := range keys {
		best = append(best, e.String())
	}
	return best, gain
}

// CheckNextEvent grades exercise 6: one event id that would inform the
// most sub-techniques still uninformed by Security 4688 and Sysmon 1.
// Any of several tied events is right.
func CheckNextEvent(m *ossem.Mapping, answer string) *Result {
	const ex = "Exercise 6"
	hint := `first list the sub-techniques 4688 or Sysmon 1 inform; then, for every other event, count the sub-techniques outside that list it maps; take the largest count.`
	a := key(answer)
	if a == "" {
		return notAnswered(ex, "ex6", hint)
	}
	best, gain := nextEvents(m)
	for _, b := range best {
		if key(b[strings.LastIndex(b, " ")+1:]) == a || key(b) == a {
			others := len(best) - 1
			msg := fmt.Sprintf("right! Event %s would inform %s nothing you collect informs yet.", answer, plural(gain, "more sub-technique", "more sub-techniques"))
			if others > 0 {
				msg += fmt.Sprintf(" %s would do as well.", plural(others, "other event", "other events"))
			}
			return &Result{Exercise: ex, Answered: true, Right: true, Message: msg}
		}
	}
	return &Result{Exercise: ex, Answered: true, Hint: hint,
		Message: fmt.Sprintf("not yet: the best choice informs %s that 4688 and Sysmon 1 leave dark, and event %q is not among the best.",
			plural(gain, "sub-technique", "sub-techniques"), answer)}
}
