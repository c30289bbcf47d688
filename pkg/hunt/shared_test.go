package hunt

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/internal/golden"
	"github.com/huntbook/huntbook/pkg/sigma"
)

const (
	sharedRules = "../../../shared/data/sigma/rules"
	sharedEVTX  = "../../../shared/data/evtx"
)

func sharedData(t testing.TB) {
	t.Helper()
	for _, p := range []string{sharedRules, sharedEVTX} {
		if _, err := os.Stat(p); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("shared data missing under CI: %v", err)
			}
			t.Skipf("shared data not here: %v", err)
		}
	}
}

// TestSharedHunt runs the 2,407 shared SigmaHQ rules over the 119 shared
// EVTX files and compares the rules matched per file with
// testdata/hunt/shared_per_file.golden, and with the table an independent
// evaluator computed. The golden was reviewed: see the README section
// "Hunting" for the matches checked by hand.
func TestSharedHunt(t *testing.T) {
	sharedData(t)
	set, err := sigma.ReadDir(sharedRules)
	if err != nil {
		t.Fatal(err)
	}
	h := New(set.Rules)
	r, err := h.Run(context.Background(), sharedEVTX)
	if err != nil {
		t.Fatal(err)
	}
	if r.Rules != 2407 || r.Events != 2573 || len(r.Files) != 119 {
		t.Errorf("%d rules, %d events, %d files; want 2407, 2573, 119", r.Rules, r.Events, len(r.Files))
	}
	golden.Check(t, "../../testdata/hunt/shared_per_file.golden", []byte(perFile(r, sharedEVTX)))
	// The same (file, rule, count) triples as an independent evaluator:
	// testdata/hunt/shared_independent.txt was computed by a Python
	// Sigma evaluator (PyYAML, re, ipaddress), written apart from this
	// package, over the same rules and the events pkg/evtx reads.
	want := map[string]bool{}
	data, err := os.ReadFile("../../testdata/hunt/shared_independent.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if !strings.HasPrefix(l, "#") {
			want[l] = true
		}
	}
	got := map[string]bool{}
	for _, f := range r.Files {
		rel, _ := filepath.Rel(sharedEVTX, f.Path)
		for _, rc := range f.Rules {
			got[fmt.Sprintf("%s %s %d", filepath.ToSlash(rel), rc.ID, rc.Events)] = true
		}
	}
	for k := range want {
		if !got[k] {
			t.Errorf("the independent evaluator has %s; hunt does not", k)
		}
	}
	for k := range got {
		if !want[k] {
			t.Errorf("hunt has %s; the independent evaluator does not", k)
		}
	}
	golden.Check(t, "../../testdata/hunt/shared_techniques.golden", []byte(perTechnique(r)))

	// One worker or several: the same result.
	h.Workers = 1
	one, err := h.Run(context.Background(), sharedEVTX)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r, one); diff != "" {
		t.Errorf("one worker (-several +one):\n%s", diff)
	}
}

// perFile is the golden form: each file with its events and the rules that
// fired on it (id, level, events, title).
func perFile(r *Result, root string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %d rules given, %d run; %d files, %d events; %d rules fired\n", r.Rules, r.Runnable, len(r.Files), r.Events, len(r.Matched))
	for _, c := range r.NotRunCounts() {
		fmt.Fprintf(&b, "# not run: %s: %d\n", c.Name, c.N)
	}
	for _, f := range r.Files {
		rel, err := filepath.Rel(root, f.Path)
		if err != nil {
			rel = f.Path
		}
		fmt.Fprintf(&b, "\n%s: %d events, %d rules\n", filepath.ToSlash(rel), f.Events, len(f.Rules))
		for _, rc := range f.Rules {
			fmt.Fprintf(&b, "  %s  %-13s %4d  %s\n", rc.ID, rc.Level, rc.Events, rc.Title)
		}
	}
	return b.String()
}

func perTechnique(r *Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %d techniques evidenced: technique, distinct events, rules\n", len(r.Techniques))
	for _, t := range r.Techniques {
		fmt.Fprintf(&b, "%-10s %4d  %s\n", t.ID, t.Events, strings.Join(t.Rules, "; "))
	}
	return b.String()
}
