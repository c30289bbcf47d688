package report

import (
	"html/template"
	"strings"
	"testing"
	"time"

	"github.com/huntbook/huntbook/pkg/inventory"
	"github.com/huntbook/huntbook/pkg/ossem"
	"github.com/huntbook/huntbook/pkg/sigma"
)

// TestRulesSection: --sigma adds the Detection rules section, with the
// join's summary and its tables; rule text, which comes from whoever wrote
// the rules, is escaped.
func TestRulesSection(t *testing.T) {
	set, err := sigma.ReadDir("../../testdata/sigma/rules")
	if err != nil {
		t.Fatal(err)
	}
	hostile, err := sigma.Parse([]byte("title: <script>alert(1)</script>\nlogsource: {product: windows, service: security}\n"+
		"detection: {selection: {EventID: 4624}, condition: selection}\ntags: [attack.t1078]\n"), "evil.yml")
	if err != nil {
		t.Fatal(err)
	}
	set.Rules = append(set.Rules, hostile...)
	inv, err := inventory.Parse(readRepo(t, "testdata/sigma/inventory.yaml"), "testdata/sigma/inventory.yaml", inventory.YAML)
	if err != nil {
		t.Fatal(err)
	}
	m, err := ossem.Demo()
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(m, Options{Inventory: inv, Rules: set, RulesSource: "testdata/sigma/rules", Now: time.Unix(0, 0).UTC(), Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	page := r.HTML()
	for _, want := range []string{
		`<li><a href="#rules">Detection rules</a></li>`,
		`<section id="rules">`,
		template.HTMLEscapeString(r.Rules.Summary()),
		`id="rules-techniques"`, `id="rules-logsources"`, `id="rules-unknown"`, `id="rules-skipped"`, `id="rules-rules"`,
		"rules_not_armed", "visible_no_rule", "detected",
		"&lt;script&gt;alert(1)&lt;/script&gt;",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(page, "<script>alert(1)") {
		t.Error("a rule title reached the page unescaped")
	}
	// Without rules, no section.
	r, err = New(m, Options{Now: time.Unix(0, 0).UTC()})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(r.HTML(), `<section id="rules">`) {
		t.Error("a Detection rules section without --sigma")
	}
}
