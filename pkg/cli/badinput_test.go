package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestBadMappings feeds broken mapping files to commands that write files
// and to commands that print: each must exit 1 with an error that names the
// file and the place, and leave no output file (nor a temporary one) behind.
func TestBadMappings(t *testing.T) {
	rec := "- technique_id: T1\n  x_mitre_is_subtechnique: true\n  log_channel: Security\n"
	utf16 := []byte{0xff, 0xfe}
	for _, r := range "- technique_id: T1\n" {
		utf16 = append(utf16, byte(r), 0)
	}
	cases := []struct {
		name string
		data []byte
		want string // a regexp the error must match, after the file name
	}{
		{"empty", nil, `empty`},
		{"whitespace", []byte("\n\n   \n"), `empty`},
		{"truncated", []byte(rec + "- technique_id: \"T2\n  log_channel: x"), `:\d+: malformed YAML`},
		{"tabs", []byte("- technique_id: T1\n\tlog_channel: x\n"), `:\d+: malformed YAML`},
		{"scalar top level", []byte("just words\n"), `:1:1: top level is not a list`},
		{"map top level", []byte("technique_id: T1\nlog_channel: x\n"), `:1:1: top level is not a list`},
		{"map where a list belongs", []byte(rec + "  tactic:\n    a: b\n"), `:5:\d+: record 0: field "tactic"`},
		{"list item is a list", []byte("- - T1\n"), `:1:\d+: record 0: wrong shape`},
		{"technique_id list", []byte("- technique_id: [T1]\n  log_channel: x\n"), `record 0: field "technique_id"`},
		{"technique_id missing", []byte(rec + "- log_channel: x\n"), `record 1: field "technique_id"`},
		{"subtechnique wrong type", []byte("- technique_id: T1\n  x_mitre_is_subtechnique: sometimes\n"), `record 0: field "x_mitre_is_subtechnique".*true or false`},
		{"tactic wrong type", []byte(rec + "  tactic: 7\n"), `record 0: field "tactic"`},
		{"platform of maps", []byte(rec + "  platform:\n  - a: b\n"), `record 0: field "platform"`},
		{"data_source list", []byte(rec + "  data_source:\n  - process\n"), `record 0: field "data_source"`},
		{"data_component map", []byte(rec + "  data_component: {a: b}\n"), `record 0: field "data_component"`},
		{"name list", []byte(rec + "  name: [a]\n"), `record 0: field "name"`},
		{"source map", []byte(rec + "  source: {a: 1}\n"), `record 0: field "source"`},
		{"relationship list", []byte(rec + "  relationship: [a]\n"), `record 0: field "relationship"`},
		{"target map", []byte(rec + "  target: {a: 1}\n"), `record 0: field "target"`},
		{"event_id float", []byte(rec + "  event_id: 46.88\n"), `record 0: field "event_id"`},
		{"event_id bool", []byte(rec + "  event_id: true\n"), `record 0: field "event_id"`},
		{"event_name list", []byte(rec + "  event_name: [a]\n"), `record 0: field "event_name"`},
		{"event_platform map", []byte(rec + "  event_platform: {a: 1}\n"), `record 0: field "event_platform"`},
		{"audit_category list", []byte(rec + "  audit_category: [a]\n"), `record 0: field "audit_category"`},
		{"audit_sub_category list", []byte(rec + "  audit_sub_category: [a]\n"), `record 0: field "audit_sub_category"`},
		{"log_provider list", []byte(rec + "  log_provider: [a]\n"), `record 0: field "log_provider"`},
		{"filter_in scalar", []byte("- technique_id: T1\n  channel: x\n  filter_in: ActionType\n"), `record 0: field "filter_in"`},
		{"relationship_id list", []byte("- technique_id: T1\n  channel: x\n  relationship_id: [a]\n"), `record 0: field "relationship_id"`},
		{"duplicate key", []byte(rec + "  log_channel: y\n"), `record 0: field "log_channel": .*twice`},
		{"unknown schema", []byte("- technique_id: T1\n  colour: red\n"), `unknown schema`},
		{"mixed schemas", []byte(rec + "- technique_id: T2\n  channel: x\n"), `record 1: field "channel": unknown schema`},
		{"binary garbage", []byte("\x00\x01\x02\x03garbage\xff"), `:1: malformed YAML: a NUL byte`},
		{"utf16 with bom", utf16, `:1:1: malformed YAML: the file is UTF-16`},
		{"several documents", []byte(rec + "---\n" + rec), `malformed YAML: a second YAML document`},
		{"deep nesting", []byte(rec + "  extra: " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n"), `malformed YAML`},
		{"alias bomb", []byte(rec + "  z0: &a [x, x, x, x, x, x, x, x, x, x]\n  z1: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n  z2: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n  z3: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n  z4: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n  z5: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"), `input too large: aliases`},
		{"50 MB single line", append([]byte("- "), bytes.Repeat([]byte("x"), 50<<20)...), `:1:3: record 0: wrong shape`},
	}
	if len(cases) < 30 {
		t.Fatalf("only %d bad inputs", len(cases))
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			in := filepath.Join(dir, "bad.yaml")
			if err := os.WriteFile(in, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "report.html")
			for _, args := range [][]string{
				{"report", "--mapping", in, "-o", out},
				{"top", "--mapping", in, "--format", "csv"},
			} {
				code, stdout, stderr := run(t, "", args...)
				if code != ExitFailure {
					t.Errorf("%s: exit %d, want 1 (stderr %q)", args[0], code, stderr)
				}
				if stdout != "" {
					t.Errorf("%s wrote to stdout: %q", args[0], stdout)
				}
				re := regexp.MustCompile(regexp.QuoteMeta("huntbook: ossem: "+in) + ".*" + tc.want)
				if !re.MatchString(stderr) {
					t.Errorf("%s: error %q does not match %q", args[0], stderr, tc.want)
				}
				if strings.Contains(stderr, "panic") || strings.Count(stderr, "\n") > 3 {
					t.Errorf("%s: error is not one clear message: %q", args[0], stderr)
				}
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 1 {
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Errorf("files left behind: %v", names)
			}
		})
	}
}
