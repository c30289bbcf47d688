package cli

import (
	"bytes"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/huntbook/huntbook/internal/golden"
)

// run executes huntbook in-process and returns its exit status and streams.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(args, IO{In: strings.NewReader(stdin), Out: &out, Err: &errb,
		Getenv: func(string) string { return "" }})
	return code, out.String(), errb.String()
}

// TestGolden runs each command line listed in testdata/cli/*.golden (first
// line "# huntbook ARGS...") and compares exit status, stdout and stderr.
func TestGolden(t *testing.T) {
	cases := map[string][]string{
		"top_source":      {"top", "--demo", "--by", "data_source", "--subtechniques"},
		"top_component":   {"top", "--demo", "--by", "data_component", "-n", "5", "--format", "csv"},
		"top_all_json":    {"top", "--demo", "--by", "data_component", "-n", "3", "--format", "json"},
		"head":            {"head", "--demo", "-n", "2", "--format", "csv"},
		"relationships":   {"relationships", "--demo"},
		"technique":       {"technique", "--demo", "T1003.001"},
		"technique_json":  {"technique", "--demo", "t1059.001", "--format", "json"},
		"gaps":            {"gaps", "--demo"},
		"gaps_technique":  {"gaps", "--demo", "--technique", "T1003.001", "--format", "csv"},
		"unknown":         {"technique", "--demo", "T1003.009"},
		"bad_by":          {"top", "--demo", "--by", "tactic"},
		"both_sources":    {"head", "--demo", "--mapping", "x.yaml"},
		"bad_format":      {"head", "--demo", "--format", "xml"},
		"no_command":      {"frobnicate"},
		"missing_arg":     {"technique", "--demo"},
		"missing_file":    {"head", "--mapping", "testdata/does-not-exist.yaml"},
		"bad_stdin_shape": {"head", "--mapping", "-"},
	}
	stdin := map[string]string{"bad_stdin_shape": "- technique_id: T1\n  log_channel: Security\n  platform: Windows\n"}
	for name, args := range cases {
		t.Run(name, func(t *testing.T) {
			code, out, errs := run(t, stdin[name], args...)
			got := "# huntbook " + strings.Join(args, " ") + "\n# exit " + strconv.Itoa(code) + "\n# stderr:\n" + errs + "# stdout:\n" + out
			path := filepath.Join("..", "..", "testdata", "cli", name+".golden")
			golden.Check(t, path, []byte(got))
		})
	}
}

func TestExitCodes(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want int
	}{
		{[]string{"top", "--demo"}, 0},
		{[]string{"top", "--demo", "--bogus"}, 2},
		{[]string{"top", "--demo", "-n", "0"}, 2},
		{[]string{"technique", "--demo", "T1", "T2"}, 2},
		{[]string{"technique", "--demo", "T0000"}, 1},
		{[]string{"head", "--mapping", "/nonexistent/mapping.yaml"}, 1},
		{[]string{"--help"}, 0},
		{[]string{"gaps", "--help"}, 0},
	} {
		if code, _, errs := run(t, "", tt.args...); code != tt.want {
			t.Errorf("huntbook %s: exit %d, want %d (%s)", strings.Join(tt.args, " "), code, tt.want, errs)
		}
	}
}
