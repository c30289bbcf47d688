package cli

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/huntbook/huntbook/internal/golden"
)

const (
	sysmonGroups  = "../sysmon/testdata/groups.xml"
	sysmonExclude = "../sysmon/testdata/empty_exclude.xml"
	sysmonBad     = "../sysmon/testdata/bad/"
	auditBackup   = "../auditpol/testdata/backup.csv"
	auditBad      = "../auditpol/testdata/bad/"
	sharedSysmon  = "../../../shared/data/sysmon/"
)

// TestGoldenSensors runs huntbook inventory and coverage from sensor
// configurations, good and bad, and compares with testdata/cli/sensors_*.golden.
func TestGoldenSensors(t *testing.T) {
	tmp := t.TempDir()
	// A Sysmon configuration with a 100 MB attribute, sparse on disk.
	huge := filepath.Join(tmp, "huge.xml")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("<Sysmon schemaversion=\"4.90\">\n  <HashAlgorithms value=\""); err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(100 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	modular, swift := sharedSysmon+"sysmon-modular-sysmonconfig.xml", sharedSysmon+"swiftonsecurity-sysmonconfig-export.xml"
	cases := []struct {
		name   string
		shared bool
		args   []string
	}{
		{"inventory_yaml", false, []string{"inventory", "--sysmon", sysmonGroups, "--auditpol", auditBackup, "--defender"}},
		{"inventory_table", false, []string{"inventory", "--sysmon", sysmonGroups, "--auditpol", auditBackup, "--cmdline", "--format", "table"}},
		{"inventory_write", false, []string{"inventory", "--sysmon", sysmonGroups, "-o", "$TMP/inv.yaml"}},
		{"inventory_reread", false, []string{"coverage", "--demo", "--inventory", "$TMP/inv.yaml", "--next", "3"}},
		{"inventory_csv_write", false, []string{"inventory", "--sysmon", sysmonGroups, "--auditpol", auditBackup, "--format", "csv", "-o", "$TMP/inv.csv"}},
		{"inventory_csv_reread", false, []string{"coverage", "--demo", "--inventory", "$TMP/inv.csv", "--next", "3"}},
		{"inventory_nothing", false, []string{"inventory"}},
		{"coverage_sensors_demo", false, []string{"coverage", "--demo", "--sysmon", sysmonGroups, "--auditpol", auditBackup, "--next", "6"}},
		{"coverage_sensors_and_inventory", false, []string{"coverage", "--demo", "--inventory", workInv, "--sysmon", sysmonGroups, "--format", "csv"}},
		{"coverage_compare_demo", false, []string{"coverage", "--demo", "--sysmon", sysmonGroups, "--compare-sysmon", sysmonExclude}},
		{"coverage_compare_without_sysmon", false, []string{"coverage", "--demo", "--compare-sysmon", sysmonExclude, "--inventory", workInv}},
		{"report_sensors_demo", false, []string{"report", "--demo", "--sysmon", sysmonGroups, "--auditpol", auditBackup, "-o", "$TMP/report.html"}},
		{"inventory_json", false, []string{"inventory", "--sysmon", sysmonExclude, "--auditpol", "../auditpol/testdata/report.csv", "--format", "json"}},
		{"bad_sysmon_not_xml", false, []string{"inventory", "--sysmon", sysmonBad + "not_xml.xml"}},
		{"bad_sysmon_not_sysmon", false, []string{"coverage", "--demo", "--sysmon", sysmonBad + "not_sysmon.xml"}},
		{"bad_sysmon_billion_laughs", false, []string{"inventory", "--sysmon", sysmonBad + "billion_laughs.xml"}},
		{"bad_sysmon_no_onmatch", false, []string{"inventory", "--sysmon", sysmonBad + "no_onmatch.xml"}},
		{"bad_sysmon_huge_attribute", false, []string{"inventory", "--sysmon", "$TMP/huge.xml", "-o", "$TMP/never.yaml"}},
		{"bad_auditpol_value", false, []string{"inventory", "--auditpol", auditBad + "bad_value.csv"}},
		{"bad_auditpol_columns", false, []string{"coverage", "--demo", "--auditpol", auditBad + "wrong_columns.csv"}},
		{"real_coverage_modular", true, []string{"coverage", "--mapping", shared2021, "--sysmon", modular, "--auditpol", auditBackup, "--next", "8"}},
		{"real_compare_swift_modular", true, []string{"coverage", "--mapping", shared2021, "--sysmon", swift, "--compare-sysmon", modular}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.shared {
				needShared(t)
			}
			args := make([]string, len(tc.args))
			for i, a := range tc.args {
				args[i] = strings.ReplaceAll(a, "$TMP", tmp)
			}
			code, out, errs := run(t, "", args...)
			norm := func(s string) string { return strings.ReplaceAll(s, tmp, "$TMP") }
			got := "# huntbook " + strings.Join(tc.args, " ") + "\n# exit " + strconv.Itoa(code) + "\n# stderr:\n" + norm(errs) + "# stdout:\n" + norm(out)
			golden.Check(t, filepath.Join("..", "..", "testdata", "cli", "sensors_"+tc.name+".golden"), []byte(got))
		})
	}
	if b, err := os.ReadFile(filepath.Join(tmp, "report.html")); err != nil || !strings.Contains(string(b), "Sysmon: widen the ProcessAccess rules") {
		t.Errorf("the report has no configuration change in its Coverage section (err %v)", err)
	}
	if _, err := os.Stat(filepath.Join(tmp, "never.yaml")); err == nil {
		t.Errorf("a failed inventory left its output file")
	}
}
