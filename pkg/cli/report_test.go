package cli

import (
	"os"
	"path/filepath"
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
		{"missing directory", []string{"report", "--demo", "-o", filepath.Join(dir, "no", "r.html")}, ExitFailure, "cannot write", false, false},
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
		if e.Name() != "report.html" {
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
