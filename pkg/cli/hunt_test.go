package cli

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/internal/golden"
	"github.com/huntbook/huntbook/pkg/hunt"
	"github.com/huntbook/huntbook/pkg/sigma"
)

// dcsyncEVTX is a shared EVTX-ATTACK-SAMPLES file (three 4662 events of a
// DCSync); the rules are the project's own, in testdata/hunt/rules.
const dcsyncEVTX = "../../../shared/data/evtx/Credential Access/CA_DCSync_4662.evtx"

func TestHuntGolden(t *testing.T) {
	if _, err := os.Stat(dcsyncEVTX); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared data missing under CI: %v", err)
		}
		t.Skip("shared EVTX files not here")
	}
	rules := filepath.Join("..", "..", "testdata", "hunt", "rules")
	layer := filepath.Join(t.TempDir(), "layer.json")
	cases := map[string][]string{
		"hunt_table": {"hunt", "--sigma", rules, "--evtx", dcsyncEVTX, "--layer", layer},
		"hunt_csv":   {"hunt", "--sigma", rules, "--evtx", dcsyncEVTX, "--format", "csv"},
		"hunt_json":  {"hunt", "--sigma", rules, "--evtx", dcsyncEVTX, "--format", "json", "--max-matches", "1"},
	}
	for name, args := range cases {
		t.Run(name, func(t *testing.T) {
			code, out, errs := run(t, "", args...)
			got := "# huntbook " + strings.Join(args, " ") + "\n# exit " + strconv.Itoa(code) + "\n# stderr:\n" + errs + "# stdout:\n" + out
			got = strings.ReplaceAll(got, layer, "LAYER.json")
			golden.Check(t, filepath.Join("..", "..", "testdata", "hunt", name+".golden"), []byte(got))
		})
	}
	data, err := os.ReadFile(layer)
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("..", "..", "testdata", "hunt", "hunt_layer.golden.json"), data)
}

func TestHuntBadInput(t *testing.T) {
	rules := filepath.Join("..", "..", "testdata", "hunt", "rules")
	for _, tt := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"hunt", "--evtx", "x.evtx"}, ExitUsage, "--sigma DIR is required"},
		{[]string{"hunt", "--sigma", rules}, ExitUsage, "--evtx DIR|FILE is required"},
		{[]string{"hunt", "--sigma", rules, "--evtx", "x.evtx", "--format", "xml"}, ExitUsage, "unknown format"},
		{[]string{"hunt", "--sigma", "testdata/no-such-dir", "--evtx", "x.evtx"}, ExitFailure, "no such file"},
		{[]string{"hunt", "--sigma", rules, "--evtx", "testdata/no-such.evtx"}, ExitFailure, "no such file"},
		{[]string{"hunt", "--sigma", rules, "--evtx", rules + "/dcsync.yml"}, ExitFailure, "not an EVTX file"},
		{[]string{"hunt", "--sigma", t.TempDir(), "--evtx", "x.evtx"}, ExitFailure, "no Sigma rule"},
		{[]string{"hunt", "--sigma", rules, "--evtx", t.TempDir()}, ExitFailure, "no .evtx file"},
		{[]string{"report", "--demo", "--evtx", "x.evtx", "-o", filepath.Join(t.TempDir(), "r.html")}, ExitUsage, "--evtx needs --sigma"},
	} {
		code, _, errs := run(t, "", tt.args...)
		if code != tt.code || !strings.Contains(errs, tt.msg) {
			t.Errorf("huntbook %s: exit %d, stderr %q; want exit %d saying %q", strings.Join(tt.args, " "), code, errs, tt.code, tt.msg)
		}
	}
}

// The JSON hunt writes is a hunt.Result: read back, it equals the value
// computed directly.
func TestHuntJSONReadsBack(t *testing.T) {
	if _, err := os.Stat(dcsyncEVTX); err != nil {
		t.Skip("shared EVTX files not here")
	}
	rules := filepath.Join("..", "..", "testdata", "hunt", "rules")
	code, out, errOut := run(t, "", "hunt", "--sigma", rules, "--evtx", dcsyncEVTX, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	got := decode[*hunt.Result](t, out)
	set, err := sigma.ReadDir(rules)
	if err != nil {
		t.Fatal(err)
	}
	want, err := hunt.New(set.Rules).Run(t.Context(), dcsyncEVTX)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("hunt JSON read back (-want +got):\n%s", diff)
	}
}
