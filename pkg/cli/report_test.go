package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestReportCommand(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "report.html")
	tests := []struct {
		name       string
		args       []string
		code       int
		stderr     string // a line stderr must contain
		file       bool   // out must hold a report afterwards
		stdoutHTML bool
	}{
		{"demo to a file", []string{"report", "--demo", "-o", out}, ExitOK, "huntbook: wrote " + out + " (", true, false},
		{"demo to stdout", []string{"report", "--demo", "-o", "-", "--technique", "T1059.001,T1003.001"}, ExitOK, "teaching subset", false, true},
		{"unknown technique", []string{"report", "--demo", "--technique", "T1003.999", "-o", filepath.Join(dir, "x.html")}, ExitFailure, "technique T1003.999 is not in the mapping", false, false},
		{"into a directory", []string{"report", "--demo", "-o", dir}, ExitFailure, "is a directory", false, false},
		// Missing folders are created (README "Output files"); a file in the way is an error.
		{"missing directory", []string{"report", "--demo", "-o", filepath.Join(dir, "new", "r.html")}, ExitOK, "huntbook: wrote " + filepath.Join(dir, "new", "r.html"), false, false},
		{"a file where a folder must be", []string{"report", "--demo", "-o", filepath.Join(out, "r.html")}, ExitFailure, "cannot write", false, false},
		{"both sources", []string{"report", "--demo", "--mapping", "x.yaml"}, ExitUsage, "--demo and --mapping cannot be used together", false, false},
		{"empty output", []string{"report", "--demo", "-o", ""}, ExitUsage, "-o needs a file name", false, false},
		{"argument", []string{"report", "--demo", "extra"}, ExitUsage, "unknown command", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, "", tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.code, stderr)
			}
			if !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, stderr)
			}
			if tt.stdoutHTML != strings.HasPrefix(stdout, "<!DOCTYPE html>") {
				t.Errorf("stdout starts %.40q", stdout)
			}
			if tt.stdoutHTML && !strings.Contains(stdout, `id="technique-t1059-001"`) {
				t.Error("stdout lacks the T1059.001 drill-down")
			}
			if tt.file {
				data, err := os.ReadFile(out)
				if err != nil || !strings.HasPrefix(string(data), "<!DOCTYPE html>") || !strings.HasSuffix(string(data), "</html>\n") {
					t.Errorf("%s does not hold a whole report (%v)", out, err)
				}
			}
		})
	}
	// Failures leave no temporary files behind.
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != "report.html" && e.Name() != "new" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

func TestReportReplacesAtomicallyKeepingMode(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.html")
	if err := os.WriteFile(out, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, "", "report", "--demo", "-o", out); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	fi, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want the old file's 0600", fi.Mode().Perm())
	}
	if fi.Size() < 1000 {
		t.Errorf("size %d: not replaced", fi.Size())
	}
}

func TestByteSize(t *testing.T) {
	for n, want := range map[int64]string{999: "999 B", 87012: "87.0 KB", 1_400_000: "1.4 MB"} {
		if got := byteSize(n); got != want {
			t.Errorf("byteSize(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestReportSectionInputs runs huntbook report with --inventory and
// --compare: good files add their sections; a bad file fails with exit 1,
// naming the file and the place, and writes no report.
func TestReportSectionInputs(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	typo := write("typo.yaml", "events:\n  - channel: Security\n    event_id: 4688\n  - channel: Securty\n    event_id: 4624\n")
	badKey := write("bad-key.yaml", "events:\n  - channel: Security\n    eventid: 4688\n")
	badCSV := write("bad.csv", "channel,event_id,colour\nSecurity,4688,red\n")
	badOld := write("old.yaml", "- technique_id: T1\n  log_channel: Security\n- technique_id: \"T2\n  log_channel: x\n")
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string // a regexp stderr must match
	}{
		{"both sections", []string{"--inventory", typo, "--compare", "demo"}, ExitOK,
			`(?s)` + regexp.QuoteMeta(typo) + `:4: Securty 4624 matches no event in the mapping; check its spelling.*huntbook: wrote `},
		{"unknown inventory key", []string{"--inventory", badKey}, ExitFailure, `inventory: ` + regexp.QuoteMeta(badKey) + `:3:5: unknown key`},
		{"unknown inventory column", []string{"--inventory", badCSV}, ExitFailure, `inventory: ` + regexp.QuoteMeta(badCSV) + `:1:\d+: unknown key`},
		{"inventory missing", []string{"--inventory", filepath.Join(dir, "none.yaml")}, ExitFailure, `inventory: open .*none.yaml: no such file`},
		{"inventory of another format", []string{"--inventory", filepath.Join(dir, "logs.txt")}, ExitFailure, `inventory: .*logs.txt: unknown format`},
		{"malformed compared mapping", []string{"--compare", badOld}, ExitFailure, regexp.QuoteMeta(badOld) + `:\d+(:\d+)?: malformed YAML`},
		{"compared mapping missing", []string{"--compare", filepath.Join(dir, "none.yaml")}, ExitFailure, `none.yaml`},
		{"two standard inputs", []string{"--inventory", "-", "--compare", "-"}, ExitUsage, `only one of --mapping, --inventory, --compare and --attack can be -`},
		{"no list items", []string{"--compare", "demo", "--list-items", "0"}, ExitUsage, `--list-items must be positive, or -1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-")+".html")
			code, _, stderr := run(t, "", append([]string{"report", "--demo", "-o", out}, tt.args...)...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.code, stderr)
			}
			if !regexp.MustCompile(tt.stderr).MatchString(stderr) {
				t.Errorf("stderr does not match %q:\n%s", tt.stderr, stderr)
			}
			data, err := os.ReadFile(out)
			if written := err == nil; written != (tt.code == ExitOK) {
				t.Errorf("report written: %v, want %v", written, tt.code == ExitOK)
			}
			if tt.code == ExitOK {
				for _, want := range []string{`<section id="coverage">`, `<section id="diff">`, "<dt>Inventory SHA-256</dt>"} {
					if !strings.Contains(string(data), want) {
						t.Errorf("report lacks %q", want)
					}
				}
			}
		})
	}
	// Nothing is left behind but the inputs and the one report.
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		switch e.Name() {
		case "typo.yaml", "bad-key.yaml", "bad.csv", "old.yaml", "both-sections.html":
		default:
			t.Errorf("left behind: %s", e.Name())
		}
	}
}
