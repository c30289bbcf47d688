package sigma

import (
	"fmt"
	"math"
	"path"
	"strconv"
	"strings"
)

// ruleOf builds a Rule from a rule document (collection actions already
// applied).
func ruleOf(doc map[string]any, name string, line int) (Rule, *Error) {
	bad := func(format string, args ...any) (Rule, *Error) {
		return Rule{}, &Error{Path: name, Line: line, Err: ErrShape, Detail: fmt.Sprintf(format, args...)}
	}
	if _, ok := doc["correlation"]; ok {
		return bad("a correlation rule; huntbook reads detection rules only")
	}
	det, ok := doc["detection"]
	if !ok {
		if _, ok := doc["filter"]; ok {
			return bad("a Sigma filter (it has filter, no detection); huntbook reads detection rules only")
		}
		return bad("no detection key; a Sigma rule needs title, logsource and detection")
	}
	detection, ok := det.(map[string]any)
	if !ok {
		return bad("detection is %s, not a mapping of search identifiers and a condition", kindOf(det))
	}
	if _, ok := detection["condition"]; !ok {
		return bad("detection has no condition")
	}
	r := Rule{Path: name, Line: line, Detection: detection}
	for _, f := range []struct {
		key string
		dst *string
	}{{"title", &r.Title}, {"id", &r.ID}, {"status", &r.Status}, {"level", &r.Level}, {"description", &r.Description}} {
		v, ok := doc[f.key]
		if !ok || v == nil {
			continue
		}
		s, ok := scalarString(v)
		if !ok {
			return bad("%s is %s, not text", f.key, kindOf(v))
		}
		*f.dst = s
	}
	if v, ok := doc["logsource"]; ok && v != nil {
		m, ok := v.(map[string]any)
		if !ok {
			return bad("logsource is %s, not a mapping of product, category, service", kindOf(v))
		}
		for _, f := range []struct {
			key string
			dst *string
		}{{"product", &r.LogSource.Product}, {"category", &r.LogSource.Category}, {"service", &r.LogSource.Service}, {"definition", &r.LogSource.Definition}} {
			if v, ok := m[f.key]; ok && v != nil {
				s, ok := scalarString(v)
				if !ok {
					return bad("logsource %s is %s, not text", f.key, kindOf(v))
				}
				*f.dst = s
			}
		}
	}
	var err error
	if r.Tags, err = stringList(doc["tags"]); err != nil {
		return bad("tags: %v", err)
	}
	r.Techniques, r.Tactics = classifyTags(r.Tags)
	if r.Fields, err = stringList(doc["fields"]); err != nil {
		return bad("fields: %v", err)
	}
	if v, ok := doc["related"]; ok && v != nil {
		l, ok := v.([]any)
		if !ok {
			return bad("related is %s, not a list of id and type", kindOf(v))
		}
		for i, e := range l {
			m, ok := e.(map[string]any)
			if !ok {
				return bad("related item %d is %s, not a mapping of id and type", i+1, kindOf(e))
			}
			id, _ := scalarString(m["id"])
			typ, _ := scalarString(m["type"])
			r.Related = append(r.Related, Related{ID: id, Type: typ})
		}
	}
	r.EventIDs, r.EventIDMatches, r.NegatedEventIDs = eventIDs(detection)
	return r, nil
}

// scalarString is a scalar's text: strings as they are, numbers and
// booleans as YAML writes them. nil is "".
func scalarString(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case nil:
		return "", true
	case int:
		return strconv.Itoa(x), true
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return strconv.FormatFloat(x, 'f', -1, 64), true
		}
		return strconv.FormatFloat(x, 'g', -1, 64), true
	case bool:
		return strconv.FormatBool(x), true
	}
	return "", false
}

// stringList reads a list of scalars, or one scalar as a list of one.
func stringList(v any) ([]string, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case []any:
		out := make([]string, 0, len(x))
		for i, e := range x {
			s, ok := scalarString(e)
			if !ok {
				return nil, fmt.Errorf("item %d is %s, not text", i+1, kindOf(e))
			}
			out = append(out, s)
		}
		return out, nil
	}
	if s, ok := scalarString(v); ok {
		return []string{s}, nil
	}
	return nil, fmt.Errorf("%s, not a list", kindOf(v))
}

// attackTag splits an ATT&CK tag: attack.t1003.001 → ('t', "T1003.001");
// attack.g0007 → ('g', …), attack.s0002 → ('s', …); attack.execution →
// ('a', "execution"); anything else → 0.
func attackTag(t string) (kind byte, name string) {
	if len(t) < 8 || !strings.EqualFold(t[:7], "attack.") {
		return 0, ""
	}
	rest := t[7:]
	digits := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return false
			}
		}
		return true
	}
	switch c := rest[0] | 0x20; {
	case (c == 't' || c == 'g' || c == 's') && len(rest) == 5 && digits(rest[1:]):
		return c, strings.ToUpper(rest)
	case c == 't' && len(rest) == 9 && rest[5] == '.' && digits(rest[1:5]) && digits(rest[6:]):
		return c, strings.ToUpper(rest)
	}
	for i := 0; i < len(rest); i++ {
		c := rest[i] | 0x20
		if !(c >= 'a' && c <= 'z' || (i > 0 && (rest[i] == '-' || rest[i] == '_'))) {
			return 0, ""
		}
	}
	return 'a', strings.ReplaceAll(strings.ToLower(rest), "_", "-")
}

// classifyTags finds the ATT&CK techniques and tactics among tags, in any
// case: attack.t1003.001 → T1003.001, attack.credential_access →
// credential-access.
func classifyTags(tags []string) (techniques, tactics []string) {
	seenT := map[string]bool{}
	seenA := map[string]bool{}
	for _, t := range tags {
		switch kind, name := attackTag(strings.TrimSpace(t)); kind {
		case 't':
			if !seenT[name] {
				seenT[name] = true
				techniques = append(techniques, name)
			}
		case 'a':
			if !seenA[name] {
				seenA[name] = true
				tactics = append(tactics, name)
			}
		}
	}
	return techniques, tactics
}

// eventIDs collects the EventID fields of a detection: equality values
// into ids, fields with modifiers into matches; the ids of selections the
// condition only negates into negated.
func eventIDs(detection map[string]any) (ids []string, matches []EventIDMatch, negated []string) {
	seen := map[string]bool{}
	seenM := map[EventIDMatch]bool{}
	negOnly := negatedOnly(detection)
	var inNegated bool
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for _, k := range sortedKeys(x) {
				field, mods, _ := strings.Cut(k, "|")
				if !strings.EqualFold(strings.TrimSpace(field), "EventID") {
					walk(x[k])
					continue
				}
				for _, s := range scalars(x[k]) {
					if inNegated {
						if mods == "" {
							negated = append(negated, s)
						}
						continue
					}
					if mods == "" {
						if !seen[s] {
							seen[s] = true
							ids = append(ids, s)
						}
						continue
					}
					m := EventIDMatch{Modifiers: mods, Value: s}
					if !seenM[m] {
						seenM[m] = true
						matches = append(matches, m)
					}
				}
			}
		}
	}
	for _, neg := range []bool{false, true} {
		for _, k := range sortedKeys(detection) {
			if k == "condition" || k == "timeframe" || negOnly[k] != neg {
				continue
			}
			inNegated = neg
			walk(detection[k])
		}
	}
	// A negated id also read positively is not "only negated".
	var out []string
	seenN := map[string]bool{}
	for _, s := range negated {
		if !seen[s] && !seenN[s] {
			seenN[s] = true
			out = append(out, s)
		}
	}
	return ids, matches, out
}

var parens = strings.NewReplacer("(", " ( ", ")", " ) ")

// negatedOnly finds the search identifiers the condition names only after
// not: "selection and not filter" → {filter}; "not 1 of filter_*" → every
// identifier filter_* matches. An identifier also named without not, or a
// not before a parenthesis, counts as read (huntbook does not evaluate
// conditions; package hunt does).
func negatedOnly(detection map[string]any) map[string]bool {
	var conds []string
	switch c := detection["condition"].(type) {
	case string:
		conds = []string{c}
	case []any:
		for _, x := range c {
			if s, ok := x.(string); ok {
				conds = append(conds, s)
			}
		}
	}
	hasNot := false
	for _, c := range conds {
		if strings.Contains(strings.ToLower(c), "not") {
			hasNot = true
		}
	}
	if !hasNot {
		return nil
	}
	var names []string
	for k := range detection {
		if k != "condition" && k != "timeframe" {
			names = append(names, k)
		}
	}
	neg, pos := map[string]bool{}, map[string]bool{}
	mark := func(set map[string]bool, pattern string) {
		if pattern == "them" {
			pattern = "*"
		}
		for _, n := range names {
			if ok, _ := path.Match(pattern, n); ok || n == pattern {
				set[n] = true
			}
		}
	}
	for _, c := range conds {
		toks := strings.Fields(parens.Replace(c))
		for i := 0; i < len(toks); i++ {
			t := strings.ToLower(toks[i])
			negate := false
			if t == "not" {
				negate = true
				i++
				if i >= len(toks) {
					break
				}
				t = strings.ToLower(toks[i])
			}
			set := pos
			if negate {
				set = neg
			}
			switch t {
			case "and", "or", "(", ")":
				continue
			case "1", "all", "any":
				if i+2 < len(toks) && strings.EqualFold(toks[i+1], "of") {
					mark(set, toks[i+2])
					i += 2
				}
				continue
			}
			mark(set, toks[i])
		}
	}
	for n := range pos {
		delete(neg, n)
	}
	return neg
}

// scalars lists the scalar values of v (one scalar, or a list of them),
// trimmed, as text; nested lists and maps are ignored.
func scalars(v any) []string {
	var out []string
	add := func(e any) {
		if e == nil {
			return
		}
		if s, ok := scalarString(e); ok {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	if l, ok := v.([]any); ok {
		for _, e := range l {
			add(e)
		}
		return out
	}
	add(v)
	return out
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return sortStrings(keys)
}
