package stix_test

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/pkg/attack"
	"github.com/huntbook/huntbook/pkg/ossem"
	"github.com/huntbook/huntbook/pkg/stix"
)

// The expected tables under testdata/stix were computed from the shared
// bundles by a Python script kept outside the repository (python3's
// json.load and plain walks over the objects, written apart from this
// package): live = neither revoked nor x_mitre_deprecated; the ATT&CK ID
// is the external_id of the first mitre-attack (or mitre-ics-attack)
// reference; "EventCode=a, b" names every integer outside parentheses,
// other channels are one event (their text), "None" none;
// WinEventLog:Sysmon is Microsoft-Windows-Sysmon/Operational and
// WinEventLog:Security is Security. Only its output tables are
// committed; the bundles are MITRE's and stay out of the repository.

const sharedDir = "../../../shared/data/attack/"

var sharedBundles = []struct {
	file, golden, technique string
}{
	{"enterprise-attack-18.1.json", "enterprise-18.1", "T1003.001"},
	{"enterprise-attack-17.1.json", "enterprise-17.1", "T1003.001"},
	{"ics-attack-18.1.json", "ics-18.1", "T0846"},
}

var parsed = map[string]*stix.Bundle{}

// sharedBundle reads a shared bundle once; it skips the test when the file
// is absent, except in CI, where the files must be present.
func sharedBundle(t testing.TB, file string) *stix.Bundle {
	t.Helper()
	if b := parsed[file]; b != nil {
		return b
	}
	data, err := os.ReadFile(sharedDir + file)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared bundle %s is missing in CI: %v", file, err)
		}
		t.Skipf("shared bundle %s not present", file)
	}
	b, err := stix.Parse(data, file)
	if err != nil {
		t.Fatal(err)
	}
	parsed[file] = b
	return b
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func extra(r *ossem.Record, key string) string {
	for _, kv := range r.Extra {
		if kv.Key == key {
			return fmt.Sprint(kv.Value)
		}
	}
	return ""
}

func str(r *ossem.Record, f ossem.Field) string {
	if r.Missing(f) {
		return ""
	}
	return r.String(f)
}

func TestGoldens(t *testing.T) {
	for _, sb := range sharedBundles {
		t.Run(sb.golden, func(t *testing.T) {
			b := sharedBundle(t, sb.file)
			m := b.Mapping()
			dir := filepath.Join("..", "..", "testdata", "stix", sb.golden)
			check := func(name string, got [][]string) {
				t.Helper()
				want := readCSV(t, filepath.Join(dir, name))
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s differs from goldens.py's (-python +huntbook):\n%s", name, diff)
				}
			}
			check("counts.csv", counts(b))

			pairs := [][]string{{"revoked", "revoked_name", "by", "by_name"}}
			for _, t := range b.RevokedBy() {
				pairs = append(pairs, []string{t.ID, t.Name, t.RevokedBy.ID, t.RevokedBy.Name})
			}
			check("revoked_by.csv", pairs)

			v, err := attack.Technique(m, sb.technique)
			if err != nil {
				t.Fatal(err)
			}
			var rows [][]string
			for i := range m.Records {
				r := &m.Records[i]
				if r.TechniqueID != v.ID {
					continue
				}
				if len(b.Strategies) == 0 {
					rows = append(rows, []string{r.TechniqueID, r.Technique, str(r, ossem.DataSource), str(r, ossem.DataComponent)})
					continue
				}
				if extra(r, stix.ColLogChannel) == "" {
					continue // an analytic that cites no log source
				}
				rows = append(rows, []string{r.TechniqueID, r.Technique, extra(r, stix.ColStrategy), str(r, ossem.Name),
					str(r, ossem.EventPlatform), str(r, ossem.DataComponent), str(r, ossem.DataSource),
					extra(r, stix.ColLogChannel), str(r, ossem.EventID), str(r, ossem.Channel), str(r, ossem.Provider)})
			}
			header := []string{"technique_id", "technique", "detection_strategy", "analytic", "platform",
				"data_component", "log_source_name", "log_source_channel", "event_id", "channel", "provider"}
			if len(b.Strategies) == 0 {
				header = []string{"technique_id", "technique", "data_source", "data_component"}
				sort.SliceStable(rows, func(i, j int) bool {
					return rows[i][2]+"\x00"+rows[i][3] < rows[j][2]+"\x00"+rows[j][3]
				})
			}
			check(sb.technique+".csv", append([][]string{header}, rows...))
			if len(b.Strategies) == 0 {
				return
			}

			for name, q := range map[string]attack.EventQuery{
				"event_sysmon_10.csv":     {ID: "10", Channel: "Microsoft-Windows-Sysmon/Operational"},
				"event_security_4688.csv": {ID: "4688", Channel: "Security"},
			} {
				got := [][]string{{"technique_id", "technique"}}
				if ev, err := attack.Event(m, q); err == nil {
					for _, t := range ev.Techniques {
						got = append(got, []string{t.ID, t.Name})
					}
				}
				check(name, got)
			}

			perLog := map[string]int{}
			var logRows, withEvent int
			events := map[[2]string]bool{}
			techs := map[string]bool{}
			for i := range m.Records {
				r := &m.Records[i]
				if extra(r, stix.ColLogChannel) == "" && str(r, ossem.DataSource) == "" {
					continue
				}
				logRows++
				perLog[r.DataSource]++
				techs[r.TechniqueID] = true
				if r.HasEvent() {
					withEvent++
					events[[2]string{r.Channel, r.EventID}] = true
				}
			}
			check("rows.csv", [][]string{{"what", "count"},
				{"rows", fmt.Sprint(logRows)}, {"rows with an event", fmt.Sprint(withEvent)},
				{"distinct events", fmt.Sprint(len(events))}, {"techniques with an analytic", fmt.Sprint(len(techs))}})
			var logs []string
			for l := range perLog {
				logs = append(logs, l)
			}
			sort.Slice(logs, func(i, j int) bool {
				if perLog[logs[i]] != perLog[logs[j]] {
					return perLog[logs[i]] > perLog[logs[j]]
				}
				return logs[i] < logs[j]
			})
			top := [][]string{{"log_source_name", "rows"}}
			for i, l := range logs {
				if i == 20 {
					break
				}
				top = append(top, []string{l, fmt.Sprint(perLog[l])})
			}
			check("rows_per_log_source.csv", top)
		})
	}
}

func counts(b *stix.Bundle) [][]string {
	var live, liveSub, revoked, deprecated, strategies, analytics, comps, detects, pairs int
	for _, t := range b.Techniques {
		switch {
		case t.Live():
			live++
			if t.Sub {
				liveSub++
			}
		case t.Revoked:
			revoked++
		default:
			deprecated++
		}
		if t.RevokedBy != nil {
			pairs++
		}
	}
	for _, s := range b.Strategies {
		if s.Live() {
			strategies++
		}
	}
	for _, a := range b.Analytics {
		if a.Live() {
			analytics++
		}
	}
	for _, c := range b.Components {
		if c.Live() {
			comps++
		}
	}
	detects = len(b.Detects)
	release := ""
	if b.Release.How == stix.Stated {
		release = b.Release.Version
	}
	n := func(x int) string { return fmt.Sprint(x) }
	return [][]string{{"what", "count"},
		{"release", release},
		{"techniques", n(len(b.Techniques))},
		{"live techniques", n(live)},
		{"live sub-techniques", n(liveSub)},
		{"revoked techniques", n(revoked)},
		{"deprecated techniques", n(deprecated)},
		{"live detection strategies", n(strategies)},
		{"live analytics", n(analytics)},
		{"live data components", n(comps)},
		{"data component detects", n(detects)},
		{"revoked-by pairs", n(pairs)},
	}
}

// The bundles as mappings answer the seed's questions through package
// attack unchanged.
func TestSharedAsMapping(t *testing.T) {
	b := sharedBundle(t, "enterprise-attack-18.1.json")
	m := b.Mapping()
	if !strings.HasPrefix(string(m.Schema), ossem.SchemaATTACKPrefix) || m.Schema != "ATT&CK Enterprise v18.1, inferred (STIX 2.0)" {
		t.Errorf("schema %q", m.Schema)
	}
	if got := ossem.Channel.Key(m.Schema); got != "channel" {
		t.Errorf("channel key %q, want the 2022 key", got)
	}
	top, err := attack.TopSubtechniques(m, attack.ColDataSource, 3)
	if err != nil {
		t.Fatal(err)
	}
	if top.Index[0] != "WinEventLog:Sysmon" {
		t.Errorf("top log source %v", top.Index)
	}
	if gaps := attack.Gaps(m); len(gaps) == 0 {
		t.Error("no gaps: components whose log source names no event should be gaps")
	}
	if f := attack.Table(m); f.Err() != nil || f.Len() != len(m.Records) {
		t.Errorf("table: %v", f.Err())
	}
}
