package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/pkg/inventory"
	"github.com/huntbook/huntbook/pkg/ossem"
)

// The files of the Coverage and Diff golden, named as the CLI would name
// them from the repository's root, so that the golden does not depend on
// where the test runs.
const (
	inventoryFile = "testdata/inventory/workstations.yaml"
	oldDemoFile   = "testdata/report/demo-old.yaml"
)

func readRepo(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("../..", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// workstations returns the example inventory and the hex SHA-256 of its bytes.
func workstations(t testing.TB) (*inventory.Inventory, string) {
	t.Helper()
	inv, err := inventory.Parse(readRepo(t, inventoryFile), inventoryFile, inventory.YAML)
	if err != nil {
		t.Fatal(err)
	}
	return inv, inv.SHA256
}

// oldDemo returns the older copy of the demo mapping the Diff golden compares with.
func oldDemo(t testing.TB) *ossem.Mapping {
	t.Helper()
	m, err := ossem.Parse(readRepo(t, oldDemoFile), oldDemoFile, 1)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// withSections is fixed plus the example inventory and the older demo.
func withSections(t testing.TB) Options {
	o := fixed
	o.Inventory, _ = workstations(t)
	o.Compare = oldDemo(t)
	return o
}

func TestGoldenDemoCoverageDiff(t *testing.T) {
	got := render(t, demo(t), withSections(t))
	path := filepath.Join(goldenDir, "demo-coverage-diff.html")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./pkg/report -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("demo report with coverage and diff differs (-want +got):\n%s\nrun go test ./pkg/report -update if the change is intended", diff)
	}
}

// section returns the HTML of the section with the given id.
func section(t testing.TB, page, id string) string {
	t.Helper()
	start := strings.Index(page, `<section id="`+id+`"`)
	if start < 0 {
		t.Fatalf("no section %s", id)
	}
	end := strings.Index(page[start:], "</section>")
	return page[start : start+end]
}

func TestSectionsOnlyWhenAsked(t *testing.T) {
	inv, sum := workstations(t)
	tests := []struct {
		name         string
		inventory    *inventory.Inventory
		compare      *ossem.Mapping
		wantCoverage bool
		wantDiff     bool
	}{
		{"neither", nil, nil, false, false},
		{"inventory", inv, nil, true, false},
		{"compare", nil, oldDemo(t), false, true},
		{"both", inv, oldDemo(t), true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := fixed
			o.Inventory, o.Compare = tt.inventory, tt.compare
			out := render(t, demo(t), o)
			for _, c := range []struct {
				want  bool
				marks []string
			}{
				{tt.wantCoverage, []string{`<section id="coverage">`, `<a href="#coverage">`, "<dt>Inventory</dt><dd><code>" + inventoryFile + "</code>", "<dt>Inventory SHA-256</dt><dd><code>" + sum + "</code>"}},
				{tt.wantDiff, []string{`<section id="diff">`, `<a href="#diff">`, "<dt>Compared with</dt><dd><code>" + oldDemoFile + "</code> · schema 2021 · 52 records", "<dt>Compared SHA-256</dt>"}},
			} {
				for _, m := range c.marks {
					if strings.Contains(out, m) != c.want {
						t.Errorf("contains %q = %v, want %v", m, !c.want, c.want)
					}
				}
			}
		})
	}
}

func TestCoverageSection(t *testing.T) {
	r, err := New(demo(t), withSections(t))
	if err != nil {
		t.Fatal(err)
	}
	v := r.coverageView()
	// Reconnaissance has only unmappable techniques in the demo: no score,
	// so no bar, rather than a bar at zero.
	if diff := cmp.Diff([]string{"reconnaissance"}, v.Unscored); diff != "" {
		t.Errorf("unscored tactics (-want +got):\n%s", diff)
	}
	for _, l := range r.CoverageChart.Labels {
		if l == "reconnaissance" {
			t.Error("the chart has a bar for reconnaissance")
		}
	}
	// One type, every rendering: the report's tables are the coverage's
	// frames, column for column, so a field added to coverage shows here.
	if diff := cmp.Diff(r.Coverage.TechniquesFrame().Columns(), v.Techniques.Columns); diff != "" {
		t.Errorf("technique table columns (-frame +report):\n%s", diff)
	}
	if diff := cmp.Diff(r.Coverage.TacticsFrame().Columns(), v.Tactics.Columns); diff != "" {
		t.Errorf("tactic table columns (-frame +report):\n%s", diff)
	}
	rows := make(map[string][]string)
	for _, row := range v.Techniques.Rows {
		var cells []string
		for _, c := range row.Cells {
			cells = append(cells, c.Text)
		}
		rows[row.Cells[0].Text] = cells
	}
	tests := []struct {
		id   string
		want []string
	}{
		// The row is attack.Coverage.TechniquesFrame's, as the CLI's CSV has it.
		{"T1003.001", []string{"T1003.001", "LSASS Memory", "[credential-access]", "covered", "1.0", "3", "0", "0", "1",
			"[process: process creation, process: process access, command: command execution]", "[]", "[]", "[process: os api execution]",
			"[Security 4688 → process: process creation, Microsoft-Windows-Sysmon/Operational 1 → process: process creation, " +
				"Microsoft-Windows-Sysmon/Operational 10 → process: process access, Security 4688 → command: command execution, " +
				"Microsoft-Windows-Sysmon/Operational 1 → command: command execution]"}},
		{"T1595.002", []string{"T1595.002", "Vulnerability Scanning", "[reconnaissance]", "unmappable", "None", "0", "0", "0", "2",
			"[]", "[]", "[]", "[network traffic: network traffic content, internet scan: response content]", "[]"}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, rows[tt.id]); diff != "" {
				t.Errorf("row (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDiffListsAreCapped(t *testing.T) {
	// The demo adds 533 event mappings to the older copy.
	tests := []struct {
		name      string
		listItems int
		wantRows  int
		wantNote  string
	}{
		{"default", 0, DefaultListItems, "The first 500 of 533 are shown; 33 more are not."},
		{"every item", -1, 533, ""},
		{"three", 3, 3, "The first 3 of 533 are shown; 530 more are not."},
		{"more than there are", 1000, 533, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := withSections(t)
			o.ListItems = tt.listItems
			r, err := New(demo(t), o)
			if err != nil {
				t.Fatal(err)
			}
			var got *diffList
			for _, l := range r.diffView().Lists {
				if l.Title == "Event mappings added" {
					got = &l
				}
			}
			if got == nil {
				t.Fatal("no list of event mappings added")
			}
			if got.Total != 533 || len(got.Table.Rows) != tt.wantRows || got.Open {
				t.Errorf("total %d, rows %d, open %v; want 533, %d, false", got.Total, len(got.Table.Rows), got.Open, tt.wantRows)
			}
			if !strings.HasPrefix(got.Table.Note, tt.wantNote) || (tt.wantNote == "") != (got.Table.Note == "") {
				t.Errorf("note %q, want %q", got.Table.Note, tt.wantNote)
			}
		})
	}
}

func TestDiffOfTheSameMapping(t *testing.T) {
	o := fixed
	o.Compare = demo(t)
	out := section(t, render(t, demo(t), o), "diff")
	if !strings.Contains(out, "No differences in techniques, components, relationships or event mappings.") {
		t.Error("no sentence saying nothing changed")
	}
	if strings.Contains(out, "<details") {
		t.Error("lists of an empty diff")
	}
}
