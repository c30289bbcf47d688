package cli

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/huntbook/huntbook/internal/golden"
)

const shared181 = "../../../shared/data/attack/enterprise-attack-18.1.json"

// needBundle skips a test when the shared bundle is absent, except in CI.
func needBundle(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(shared181); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared bundle %s is missing in CI: %v", shared181, err)
		}
		t.Skipf("shared bundle %s not present", shared181)
	}
}

// The shared ATT&CK v18.1 bundle as --mapping: the technique and event
// commands in every format.
func TestBundleAsMapping(t *testing.T) {
	needBundle(t)
	for _, format := range []string{"table", "csv", "json"} {
		for name, args := range map[string][]string{
			"technique": {"technique", "T1003.001"},
			"event":     {"event", "10", "--channel", "Microsoft-Windows-Sysmon/Operational"},
		} {
			t.Run(name+"_"+format, func(t *testing.T) {
				args := append(args, "--mapping", shared181, "--format", format)
				code, out, errs := run(t, "", args...)
				if code != 0 {
					t.Fatalf("exit %d: %s", code, errs)
				}
				got := "# huntbook " + strings.Join(args, " ") + "\n# exit " + strconv.Itoa(code) + "\n# stderr:\n" + errs + "# stdout:\n" + out
				golden.Check(t, filepath.Join("..", "..", "testdata", "cli", "stix_"+name+"_"+format+".golden"), []byte(got))
			})
		}
	}
}

// A bad bundle stops huntbook with exit status 1 and the place.
func TestBadBundleCLI(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	deep := `{"type": "bundle", "objects": [{"type": "x", "id": "x--1", "n": ` + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + `}]}`
	for _, tc := range []struct {
		name, body, want string
	}{
		{"truncated.json", `{"type": "bundle", "objects": [{"type": "attack-pattern", "id": "attack-pattern--1"`, `stix: .*truncated.json:1:\d+: malformed JSON: the JSON ends too early`},
		{"notbundle.json", `{"type": "attack-pattern", "id": "attack-pattern--1"}`, `stix: .*notbundle.json: not a STIX bundle: its type is "attack-pattern"`},
		{"dangling.json", `{"type": "bundle", "objects": [
{"type": "relationship", "id": "relationship--1", "relationship_type": "detects", "source_ref": "x-mitre-detection-strategy--1", "target_ref": "attack-pattern--1"}]}`,
			`stix: .*dangling.json:2:1: object relationship--1: field "source_ref": dangling reference: x-mitre-detection-strategy--1 is not in the bundle`},
		{"dup.json", `{"type": "bundle", "objects": [{"type": "x", "id": "x--1"},
{"type": "x", "id": "x--1"}]}`, `dup.json:2:1: object x--1: duplicate id`},
		{"deep.json", deep, `deep.json:1:\d+: object x--1: field "": input too large: values nested more than 64 deep|deep.json:1:\d+: .*values nested more than 64 deep`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := run(t, "", "technique", "T1003.001", "--mapping", write(tc.name, tc.body))
			if code != 1 || !regexp.MustCompile(tc.want).MatchString(errs) {
				t.Errorf("exit %d, stderr %q; want 1 and %q", code, errs, tc.want)
			}
		})
	}
	// On standard input too, detected by content.
	code, _, errs := run(t, `{"type": "bundle", "objects": [}`, "head", "--mapping", "-")
	if code != 1 || !strings.Contains(errs, "stix: -:1:32: malformed JSON: want a JSON value, found '}'") {
		t.Errorf("stdin: exit %d, %q", code, errs)
	}
}

const shared171 = "../../../shared/data/attack/enterprise-attack-17.1.json"
const sharedOSSEM2022 = "../../../shared/data/ossem-dm/techniques_to_events_mapping.v2022.yaml"

// --attack on OSSEM-DM, and diff across releases and across sources.
func TestAttackOverlayCLI(t *testing.T) {
	needBundle(t)
	for _, p := range []string{shared171, sharedOSSEM2022} {
		if _, err := os.Stat(p); err != nil {
			t.Skipf("%s not present", p)
		}
	}
	for name, args := range map[string][]string{
		"stix_technique_attack":      {"technique", "T1003.001", "--mapping", sharedOSSEM2022, "--attack", shared181},
		"stix_technique_attack_json": {"technique", "T1003.001", "--mapping", sharedOSSEM2022, "--attack", shared181, "--format", "json"},
		"stix_revoked":               {"technique", "T1002", "--mapping", shared181},
		"stix_diff_releases":         {"diff", shared171, shared181},
	} {
		t.Run(name, func(t *testing.T) {
			code, out, errs := run(t, "", args...)
			got := "# huntbook " + strings.Join(args, " ") + "\n# exit " + strconv.Itoa(code) + "\n# stderr:\n" + errs + "# stdout:\n" + out
			golden.Check(t, filepath.Join("..", "..", "testdata", "cli", name+".golden"), []byte(got))
		})
	}
}

const demoRelease = "../../testdata/attack/demo-release.json"

// gaps and coverage with --attack say which techniques the release has
// retired in every format, not only in the text's closing note: the
// state and revoked_by columns (technique_states and revoked_by, lists in
// the order of technique_ids, for gaps). The release is a small bundle the
// project wrote over the demo mapping's techniques: T1055.012 revoked by
// T1055.001, T1562.001 by T1685, T1014 deprecated, T1071.004 renamed,
// T1105 moved, T1595.002 absent.
func TestRetiredInEveryFormat(t *testing.T) {
	inv := workInv
	for name, args := range map[string][]string{
		"gaps_attack":          {"gaps", "--demo", "--attack", demoRelease},
		"gaps_attack_csv":      {"gaps", "--demo", "--attack", demoRelease, "--format", "csv"},
		"gaps_attack_json":     {"gaps", "--demo", "--attack", demoRelease, "--format", "json"},
		"coverage_attack":      {"coverage", "--demo", "--inventory", inv, "--attack", demoRelease, "--next", "3"},
		"coverage_attack_csv":  {"coverage", "--demo", "--inventory", inv, "--attack", demoRelease, "--format", "csv"},
		"coverage_attack_json": {"coverage", "--demo", "--inventory", inv, "--attack", demoRelease, "--format", "json", "--next", "2"},
	} {
		t.Run(name, func(t *testing.T) {
			code, out, errs := run(t, "", args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			got := "# huntbook " + strings.Join(args, " ") + "\n# exit " + strconv.Itoa(code) + "\n# stderr:\n" + errs + "# stdout:\n" + out
			golden.Check(t, filepath.Join("..", "..", "testdata", "cli", name+".golden"), []byte(got))
		})
	}
}

// On the real data, OSSEM-DM's 2021 mapping seen in ATT&CK v18.1: the
// gaps' CSV and JSON name T1053.001 (At (Linux)) revoked by T1053.002 and
// T1053.004 deprecated, and coverage's per-technique CSV and JSON carry
// the same states.
func TestRetiredColumnsShared(t *testing.T) {
	needBundle(t)
	ossem2021 := "../../../shared/data/ossem-dm/techniques_to_events_mapping.yaml"
	if _, err := os.Stat(ossem2021); err != nil {
		t.Skipf("%s not present", ossem2021)
	}
	states := func(t *testing.T, rows [][]string, header []string, list bool) map[string][2]string {
		t.Helper()
		col := map[string]int{}
		for i, h := range header {
			col[h] = i
		}
		idCol, stateCol := "technique_id", "state"
		if list {
			idCol, stateCol = "technique_ids", "technique_states"
		}
		for _, c := range []string{idCol, stateCol, "revoked_by"} {
			if _, ok := col[c]; !ok {
				t.Fatalf("no column %s in %v", c, header)
			}
		}
		out := map[string][2]string{}
		for _, r := range rows {
			ids, sts, bys := []string{r[col[idCol]]}, []string{r[col[stateCol]]}, []string{r[col["revoked_by"]]}
			if list {
				split := func(s string) []string { return strings.Split(strings.Trim(s, "[]"), ", ") }
				ids, sts, bys = split(ids[0]), split(sts[0]), split(bys[0])
			}
			if len(ids) != len(sts) || len(ids) != len(bys) {
				t.Fatalf("lists of %d ids, %d states, %d replacements: %v", len(ids), len(sts), len(bys), r)
			}
			for i := range ids {
				out[ids[i]] = [2]string{sts[i], bys[i]}
			}
		}
		return out
	}
	csvOf := func(t *testing.T, args ...string) [][]string {
		t.Helper()
		code, out, errs := run(t, "", args...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil || len(rows) < 2 {
			t.Fatalf("CSV: %v, %d rows", err, len(rows))
		}
		return rows
	}
	want := map[string][2]string{"T1053.001": {"revoked", "T1053.002"}, "T1053.004": {"deprecated", ""}, "T1003.001": {"current", ""}}
	check := func(t *testing.T, got map[string][2]string) {
		t.Helper()
		for id, w := range want {
			if got[id] != w {
				t.Errorf("%s: %v, want %v", id, got[id], w)
			}
		}
	}
	t.Run("gaps", func(t *testing.T) {
		rows := csvOf(t, "gaps", "--mapping", ossem2021, "--attack", shared181, "--format", "csv")
		check(t, states(t, rows[1:], rows[0], true))
		code, out, errs := run(t, "", "gaps", "--mapping", ossem2021, "--attack", shared181, "--format", "json")
		var gaps []struct {
			Techniques []string `json:"techniques"`
			States     []string `json:"technique_states"`
			RevokedBy  []string `json:"revoked_by"`
		}
		if err := json.Unmarshal([]byte(out), &gaps); code != 0 || err != nil {
			t.Fatalf("exit %d, %v: %s", code, err, errs)
		}
		got := map[string][2]string{}
		for _, g := range gaps {
			for i, id := range g.Techniques {
				got[id] = [2]string{g.States[i], g.RevokedBy[i]}
			}
		}
		check(t, got)
	})
	t.Run("coverage", func(t *testing.T) {
		args := []string{"coverage", "--mapping", ossem2021, "--inventory", workInv, "--attack", shared181}
		rows := csvOf(t, append(args, "--format", "csv")...)
		check(t, states(t, rows[1:], rows[0], false))
		code, out, errs := run(t, "", append(args, "--format", "json")...)
		var c struct {
			Release    string `json:"attack_release"`
			Techniques []struct {
				ID        string `json:"technique_id"`
				State     string `json:"state"`
				RevokedBy string `json:"revoked_by"`
			} `json:"techniques"`
		}
		if err := json.Unmarshal([]byte(out), &c); code != 0 || err != nil {
			t.Fatalf("exit %d, %v: %s", code, err, errs)
		}
		got := map[string][2]string{}
		for _, tc := range c.Techniques {
			got[tc.ID] = [2]string{tc.State, tc.RevokedBy}
		}
		check(t, got)
		if !strings.HasPrefix(c.Release, "ATT&CK Enterprise v18.1") {
			t.Errorf("attack_release %q", c.Release)
		}
	})
}
