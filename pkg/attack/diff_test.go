package attack

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDiff(t *testing.T) {
	old := parseMapping(t, tiny)
	t.Run("same mapping", func(t *testing.T) {
		if d := DiffMappings(old, old); !d.Empty() {
			t.Errorf("diff of a mapping with itself:\n%s", d.Frame())
		}
	})
	t.Run("edits", func(t *testing.T) {
		// T3 removed; T1's Sysmon 1 row renamed; a Defender row re-labelled
		// with the 2022 provider name (not a change); T4 added.
		edited := strings.Replace(tiny, "event_name: Process Creation.", "event_name: Process Create.", 1)
		edited = strings.Replace(edited, "log_provider: Windows Defender Advanced Threat Protection", "log_provider: Microsoft Defender for Endpoint", 1)
		edited = edited[:strings.Index(edited, "- technique_id: T3")] + strings.ReplaceAll(strings.ReplaceAll(
			tiny[strings.Index(tiny, "- technique_id: T2.001\n  x_mitre_is_subtechnique: true\n  technique: Two\n  tactic: [persistence, defense-evasion]\n  platform: [Windows]\n  data_source: process\n  data_component: process access"):strings.Index(tiny, "- technique_id: T2.001\n  x_mitre_is_subtechnique: true\n  technique: Two\n  tactic: [persistence, defense-evasion]\n  platform: [Windows]\n  data_source: process\n  data_component: process creation")],
			"T2.001", "T4"), "technique: Two", "technique: Four")
		d := DiffMappings(old, parseMapping(t, edited))
		got := map[string][]string{
			"techniques added":      d.TechniquesAdded,
			"techniques removed":    d.TechniquesRemoved,
			"components removed":    componentNames(d.ComponentsRemoved),
			"links added":           d.LinksAdded,
			"links removed":         d.LinksRemoved,
			"events added":          d.EventsAdded,
			"relationships added":   d.RelationshipsAdded,
			"events removed":        d.EventsRemoved,
			"components added":      componentNames(d.ComponentsAdded),
			"relationships removed": d.RelationshipsRemoved,
		}
		want := map[string][]string{
			"techniques added":   {"T4"},
			"techniques removed": {"T3"},
			"components removed": {"firmware: firmware modification"},
			"links added":        {"T4 process: process access"},
			"links removed":      {"T3 firmware: firmware modification"},
			"events added":       {"T4 process: process access (Process accessed Process) Microsoft-Windows-Sysmon/Operational 10"},
		}
		for k, v := range got {
			if len(v) == 0 {
				delete(got, k)
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
		if len(d.EventsChanged) != 1 || !strings.Contains(d.EventsChanged[0].New, "Process Create.") {
			t.Errorf("changed events %+v, want the renamed Sysmon 1 row", d.EventsChanged)
		}
	})
}

// TestDiffReal compares the 2021 and the 2022 files.
func TestDiffReal(t *testing.T) {
	old, new := loadShared(t, "2021"), loadShared(t, "2022")
	d := DiffMappings(old, new)
	checkGolden(t, "diff_2021_2022.golden", d.Summary().String()+"\n")
}
