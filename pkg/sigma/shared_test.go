package sigma

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// sharedRules is SigmaHQ's rules/windows (2,407 rules), in the shared
// data folder; tests skip without it, except under CI=true.
const sharedRules = "../../../shared/data/sigma/rules"

func readShared(t testing.TB) *Set {
	t.Helper()
	if _, err := os.Stat(sharedRules); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared Sigma rules %s are missing in CI: %v", sharedRules, err)
		}
		t.Skipf("shared Sigma rules not present: %v", err)
	}
	set, err := ReadDir(sharedRules)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// TestSharedCounts compares the reader with counts computed independently:
// testdata/sigma/shared_expected.json was written by a Python script
// outside the repository (PyYAML's C loader over every .yml file; a rule is
// a document with a detection; techniques are tags matching
// attack.tNNNN[.NNN] in any case, upper-cased, once per rule; a log source
// is product|category|service; "with_event_ids" counts rules whose
// detection, condition and timeframe excepted, and selections the
// condition names only after not excepted, has an EventID key without
// modifiers at any depth).
func TestSharedCounts(t *testing.T) {
	set := readShared(t)
	data, err := os.ReadFile("../../testdata/sigma/shared_expected.json")
	if err != nil {
		t.Fatal(err)
	}
	var want struct {
		Files        int      `json:"files"`
		Rules        int      `json:"rules"`
		Tagged       int      `json:"tagged"`
		WithEventIDs int      `json:"with_event_ids"`
		Techniques   int      `json:"techniques"`
		T1003001     int      `json:"T1003.001"`
		Top10        [][2]any `json:"top10"`
		LogSources   [][2]any `json:"logsources"`
	}
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	perTech := map[string]int{}
	logSources := map[string]int{}
	tagged, withIDs := 0, 0
	for _, r := range set.Rules {
		if len(r.Techniques) > 0 {
			tagged++
		}
		if len(r.EventIDs) > 0 {
			withIDs++
		}
		for _, id := range r.Techniques {
			perTech[id]++
		}
		ls := r.LogSource
		logSources[ls.Product+"|"+ls.Category+"|"+ls.Service]++
	}
	type pair struct {
		K string
		N int
	}
	ranked := func(m map[string]int, n int) []pair {
		var out []pair
		for k, v := range m {
			out = append(out, pair{k, v})
		}
		sort.Slice(out, func(i, j int) bool {
			if out[i].N != out[j].N {
				return out[i].N > out[j].N
			}
			return out[i].K < out[j].K
		})
		if n > 0 && len(out) > n {
			out = out[:n]
		}
		return out
	}
	fromJSON := func(l [][2]any) []pair {
		out := []pair{}
		for _, p := range l {
			out = append(out, pair{fmt.Sprint(p[0]), int(p[1].(float64))})
		}
		return out
	}
	got := map[string]any{
		"files": set.Files, "rules": len(set.Rules), "skipped": len(set.Skipped), "tagged": tagged,
		"with_event_ids": withIDs, "techniques": len(perTech), "T1003.001": perTech["T1003.001"],
		"top10": ranked(perTech, 10), "logsources": ranked(logSources, 0),
	}
	exp := map[string]any{
		"files": want.Files, "rules": want.Rules, "skipped": 0, "tagged": want.Tagged,
		"with_event_ids": want.WithEventIDs, "techniques": want.Techniques, "T1003.001": want.T1003001,
		"top10": fromJSON(want.Top10), "logsources": fromJSON(want.LogSources),
	}
	if d := cmp.Diff(exp, got); d != "" {
		t.Errorf("shared rules (-want +got)\n%s", d)
	}
	// The taxonomy places every rule but the one whose log source is the
	// bare product windows.
	unplaced := map[string]int{}
	for _, r := range set.Rules {
		if r.LogSource.Events() == nil {
			unplaced[r.LogSource.String()]++
		}
	}
	if d := cmp.Diff(map[string]int{"windows": 1}, unplaced); d != "" {
		t.Errorf("log sources the taxonomy does not place (-want +got)\n%s", d)
	}
}
