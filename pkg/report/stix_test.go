package report

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/huntbook/huntbook/pkg/ossem"
	"github.com/huntbook/huntbook/pkg/stix"
)

const shared181 = "../../../shared/data/attack/enterprise-attack-18.1.json"

// The report on ATT&CK v18.1 as the mapping renders every section; with
// the bundle as --attack on OSSEM-DM, it adds the ATT&CK section.
func TestReportOnBundle(t *testing.T) {
	if _, err := os.Stat(shared181); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared bundle missing in CI: %v", err)
		}
		t.Skip("shared bundle not present")
	}
	var b *stix.Bundle
	m, err := ossem.Load(context.Background(), shared181, ossem.Options{JSON: stix.Options{}.Hook(func(x *stix.Bundle) { b = x })})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	for name, o := range map[string]Options{
		"as mapping": {Now: now},
		"overlay":    {Now: now, Attack: b, Techniques: []string{"T1003.001", "T1055"}},
	} {
		t.Run(name, func(t *testing.T) {
			r, err := New(m, o)
			if err != nil {
				t.Fatal(err)
			}
			html := r.HTML()
			for _, id := range []string{"mapping", "data-sources", "data-components", "relationships", "technique-t1003-001", "gaps"} {
				if !strings.Contains(html, `<section id="`+id+`"`) {
					t.Errorf("no section %s", id)
				}
			}
			if !strings.Contains(html, "ATT&amp;CK Enterprise v18.1, inferred (STIX 2.0)") {
				t.Error("the schema label is not shown")
			}
			if o.Attack != nil && (!strings.Contains(html, `<section id="attack"`) || !strings.Contains(html, "T1003.001 is current in ATT&amp;CK Enterprise v18.1 (inferred)")) {
				t.Error("no ATT&CK section")
			}
		})
	}
}
