package attack

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/huntbook/huntbook/pkg/ossem"
)

// StubID is the placeholder relationship_id of a stub: OSSEM-DM assigns
// the real one (REL-YYYY-NNNN) when the contribution is accepted.
const StubID = "REL-XXXX-XXXX"

// Stub is a skeleton OSSEM-DM relationship for a gap: a data component
// that techniques need and no security event is mapped to. Source,
// Relationship and Target are "" when the mapping does not say which
// behaviour the component records (the usual case for a gap).
type Stub struct {
	// File is a file name for it, from its behaviour or its component:
	// "process_executed_api_call.yml", "process_os_api_execution.yml".
	File string
	Component
	Name                         string
	Source, Relationship, Target string
	// Techniques that need it, in order of first appearance.
	Techniques []string
}

// Stubs returns one stub per gap and behaviour (name, source, relationship,
// target) the mapping's rows give for it, or one stub per gap when they
// give none. File names are unique within the result.
func Stubs(m *ossem.Mapping, gaps []Gap) []Stub {
	var out []Stub
	used := make(map[string]int)
	for _, g := range gaps {
		need := make(map[string]bool)
		for _, t := range g.Techniques {
			need[t] = true
		}
		type beh struct{ name, src, rel, tgt string }
		var behs []beh
		seen := make(map[beh]bool)
		for i := range m.Records {
			r := &m.Records[i]
			if !need[r.TechniqueID] || r.DataSource != g.DataSource || r.DataComponent != g.DataComponent {
				continue
			}
			b := beh{present(r, ossem.Name), present(r, ossem.Source), present(r, ossem.Relationship), present(r, ossem.Target)}
			if b == (beh{}) || seen[b] {
				continue
			}
			seen[b] = true
			behs = append(behs, b)
		}
		if len(behs) == 0 {
			behs = []beh{{}}
		}
		for _, b := range behs {
			s := Stub{Component: g.Component, Name: b.name, Source: b.src, Relationship: b.rel, Target: b.tgt,
				Techniques: append([]string(nil), g.Techniques...)}
			base := slug(g.DataSource + " " + g.DataComponent)
			if b.src != "" && b.rel != "" {
				base = slug(b.src + " " + b.rel + " " + b.tgt)
			}
			used[base]++
			if n := used[base]; n > 1 {
				base += "_" + strconv.Itoa(n)
			}
			s.File = base + ".yml"
			out = append(out, s)
		}
	}
	return out
}

func present(r *ossem.Record, f ossem.Field) string {
	if r.Missing(f) {
		return ""
	}
	return strings.TrimSpace(r.String(f))
}

// slug makes a file name part: lower case letters and digits joined by "_".
func slug(s string) string {
	var b strings.Builder
	under := false
	for _, c := range strings.ToLower(s) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			under = false
			b.WriteRune(c)
		} else {
			under = true
		}
	}
	if b.Len() == 0 {
		return "relationship"
	}
	return b.String()
}

// YAML renders the stub in the layout of OSSEM-DM's relationships/*.yml:
// relationship_id, name, contributors, attack (data_source,
// data_component), behavior (source, relationship, target),
// security_events (empty), references, notes. What the mapping does not
// say is null with a comment saying what to write.
func (s Stub) YAML() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# OSSEM-DM relationship skeleton written by huntbook for a gap: no security\n")
	fmt.Fprintf(&b, "# event is mapped to %q.\n", s.Component.String())
	fmt.Fprintf(&b, "# Needed by %d technique(s): %s\n", len(s.Techniques), wrapIDs(s.Techniques))
	fmt.Fprintf(&b, "# Fill in the behaviour and at least one security event, then contribute it:\n")
	fmt.Fprintf(&b, "# https://github.com/OTRF/OSSEM-DM/tree/main/relationships\n")
	fmt.Fprintf(&b, "relationship_id: %s # assigned by OSSEM-DM\n", StubID)
	if s.Name != "" {
		fmt.Fprintf(&b, "name: %s\n", quote(s.Name))
	} else {
		fmt.Fprintf(&b, "name: null # e.g. Process executed Api call\n")
	}
	b.WriteString("contributors:\n- null # your name and handle\n")
	fmt.Fprintf(&b, "attack:\n  data_source: %s\n  data_component: %s\n", quote(s.DataSource), quote(s.DataComponent))
	b.WriteString("behavior:\n")
	for _, kv := range [][3]string{
		{"source", s.Source, "the data element that acts, e.g. process"},
		{"relationship", s.Relationship, "what it does, e.g. executed"},
		{"target", s.Target, "what it acts on, e.g. api call"},
	} {
		if kv[1] != "" {
			fmt.Fprintf(&b, "  %s: %s\n", kv[0], quote(kv[1]))
		} else {
			fmt.Fprintf(&b, "  %s: null # %s\n", kv[0], kv[2])
		}
	}
	b.WriteString("security_events: [] # each: event_id, name, platform, audit_category, log_source, filter_in\n")
	b.WriteString("references: []\nnotes: []\n")
	return b.Bytes()
}

func wrapIDs(ids []string) string {
	var b strings.Builder
	line := 0
	for i, id := range ids {
		if i > 0 {
			b.WriteString(",")
			if line > 60 {
				b.WriteString("\n#  ")
				line = 0
			}
			b.WriteString(" ")
			line += 2
		}
		b.WriteString(id)
		line += len(id)
	}
	return b.String()
}

// quote writes a YAML scalar: plain when that is safe, else double-quoted.
func quote(s string) string {
	plain := s != "" && !strings.ContainsAny(s, ":#{}[],&*!|>'\"%@`\n\t\\") &&
		strings.TrimSpace(s) == s && !strings.HasPrefix(s, "-") && !strings.HasPrefix(s, "?")
	switch strings.ToLower(s) {
	case "null", "~", "true", "false", "yes", "no", "on", "off", ".nan", ".inf":
		plain = false
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		plain = false
	}
	if plain {
		return s
	}
	return strconv.Quote(s)
}
