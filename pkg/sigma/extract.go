package sigma

import (
	"fmt"
	"math"
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
	r.EventIDs, r.EventIDMatches = eventIDs(detection)
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
// into ids, fields with modifiers into matches.
func eventIDs(detection map[string]any) (ids []string, matches []EventIDMatch) {
	seen := map[string]bool{}
	seenM := map[EventIDMatch]bool{}
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
	for _, k := range sortedKeys(detection) {
		if k == "condition" || k == "timeframe" {
			continue
		}
		walk(detection[k])
	}
	return ids, matches
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
