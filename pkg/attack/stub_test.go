package attack

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestStubsDemo(t *testing.T) {
	m := demo(t)
	stubs := Stubs(m, Gaps(m))
	var b strings.Builder
	for _, s := range stubs {
		b.WriteString("### " + s.File + "\n")
		b.Write(s.YAML())
		// Each stub is YAML with OSSEM-DM's relationship keys.
		var doc struct {
			RelationshipID string            `yaml:"relationship_id"`
			Attack         map[string]string `yaml:"attack"`
			Behavior       map[string]any    `yaml:"behavior"`
			SecurityEvents []any             `yaml:"security_events"`
		}
		if err := yaml.Unmarshal(s.YAML(), &doc); err != nil {
			t.Fatalf("%s: %v", s.File, err)
		}
		if doc.RelationshipID != StubID || doc.Attack["data_component"] != s.DataComponent ||
			len(doc.Behavior) != 3 || doc.SecurityEvents == nil || len(doc.SecurityEvents) != 0 {
			t.Errorf("%s: parsed as %+v", s.File, doc)
		}
	}
	checkGolden(t, "stubs_demo.golden", b.String())
}

func TestSlugAndQuote(t *testing.T) {
	for _, tt := range []struct{ in, slug, quote string }{
		{"process os api execution", "process_os_api_execution", "process os api execution"},
		{"Process: Api-Call!", "process_api_call", `"Process: Api-Call!"`},
		{"", "relationship", `""`},
		{"null", "null", `"null"`},
		{"4688", "4688", `"4688"`},
	} {
		if got := slug(tt.in); got != tt.slug {
			t.Errorf("slug(%q) = %q, want %q", tt.in, got, tt.slug)
		}
		if got := quote(tt.in); got != tt.quote {
			t.Errorf("quote(%q) = %q, want %q", tt.in, got, tt.quote)
		}
	}
}
