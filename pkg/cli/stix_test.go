package cli

import (
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
