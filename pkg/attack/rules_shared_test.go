package attack

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/huntbook/huntbook/internal/golden"
	"github.com/huntbook/huntbook/pkg/inventory"
	"github.com/huntbook/huntbook/pkg/ossem"
	"github.com/huntbook/huntbook/pkg/sigma"
	"github.com/huntbook/huntbook/pkg/sysmon"
)

// TestRulesSharedSysmon joins the 2,407 shared SigmaHQ rules with the real
// 2021 mapping and each shared Sysmon configuration, and compares every
// rule's fire state (and what it collects of its events) with
// testdata/sigma/shared_rules_<config>.golden, after the totals.
func TestRulesSharedSysmon(t *testing.T) {
	const rulesDir = "../../../shared/data/sigma/rules"
	const mappingPath = "../../../shared/data/ossem-dm/techniques_to_events_mapping.yaml"
	for _, p := range []string{rulesDir, mappingPath} {
		if _, err := os.Stat(p); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("shared data %s is missing in CI", p)
			}
			t.Skipf("shared data not present: %v", err)
		}
	}
	set, err := sigma.ReadDir(rulesDir)
	if err != nil {
		t.Fatal(err)
	}
	m, err := ossem.Load(context.Background(), mappingPath, ossem.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"swiftonsecurity-sysmonconfig-export", "sysmon-modular-sysmonconfig"} {
		t.Run(name, func(t *testing.T) {
			c, err := sysmon.Load(filepath.Join("../../../shared/data/sysmon", name+".xml"))
			if err != nil {
				t.Fatal(err)
			}
			inv := &inventory.Inventory{Name: name, Entries: c.Inventory()}
			rc := RulesOf(set, RulesOptions{Mapping: m, Inventory: inv, Source: "SigmaHQ rules/windows"})
			var b strings.Builder
			fmt.Fprintln(&b, rc.Summary())
			for _, tr := range rc.Techniques {
				if tr.ID == "T1003.001" {
					fmt.Fprintf(&b, "T1003.001: %s, %d rules, %d firing, %d silent, %d unplaced; arm: %s\n",
						tr.State, len(tr.Rules), tr.Firing, tr.Silent, tr.Unplaced, strings.Join(tr.Arm, " | "))
				}
			}
			for _, j := range rc.RuleJoins {
				rel, _ := filepath.Rel(rulesDir, j.Path)
				fmt.Fprintf(&b, "%s\t%s\t%s\n", rel, j.Fire, strings.Join(j.Collected, "; "))
			}
			golden.Check(t, "../../testdata/sigma/shared_rules_"+name+".golden", []byte(b.String()))
		})
	}
}
