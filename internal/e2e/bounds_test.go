package e2e

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// asLimit is the address-space limit (prlimit --as) the bounded-input
// cases run under: inputs that once took gigabytes must fail within it.
const asLimit = 2 << 30

// limited runs huntbook under prlimit with asLimit, where prlimit exists.
func limited(t *testing.T, dir string, args ...string) result {
	t.Helper()
	p, err := exec.LookPath("prlimit")
	if err != nil {
		t.Log("prlimit not found: running without a memory limit")
		return huntbook(t, dir, []string{measure}, args...)
	}
	saved := bin
	defer func() { bin = saved }()
	bin = p
	return huntbook(t, dir, []string{measure}, append([]string{fmt.Sprintf("--as=%d", asLimit), "--", saved}, args...)...)
}

// TestBoundedInputs is the regression suite for inputs that exhausted
// memory or time: records that each add a key (1.7 GB on 1.9 MB, a crash
// on 17.6 MB), one record with 100k keys (102 s), /dev/zero as a mapping
// (8 GB before failing), UTF-32 taken for UTF-16.
func TestBoundedInputs(t *testing.T) {
	dir := t.TempDir()
	rec := "- technique_id: T1003\n  x_mitre_is_subtechnique: false\n  technique: OS Credential Dumping\n" +
		"  tactic:\n  - credential-access\n  data_source: process\n  data_component: process access\n" +
		"  event_id: 10\n  log_channel: Microsoft-Windows-Sysmon/Operational\n  log_provider: Microsoft-Windows-Sysmon\n"
	var each, many strings.Builder
	for i := range 40000 {
		fmt.Fprintf(&each, "%s  extra_%d: x\n", rec, i)
	}
	many.WriteString(rec)
	for i := range 100000 {
		fmt.Fprintf(&many, "  k%d: v\n", i)
	}
	writeFile(t, filepath.Join(dir, "each.yaml"), []byte(each.String()))
	writeFile(t, filepath.Join(dir, "many.yaml"), []byte(many.String()))
	writeFile(t, filepath.Join(dir, "utf32.yaml"), []byte("\xff\xfe\x00\x00-\x00\x00\x00"))
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"a new key per record", []string{"report", "--mapping", "each.yaml", "--technique", "T1003", "-o", "out.html"}, "more than 1024 distinct keys"},
		{"100k keys in one record", []string{"head", "--mapping", "many.yaml"}, "more than 256 keys of its own"},
		{"dev zero as a mapping", []string{"top", "--mapping", "/dev/zero"}, "/dev/zero:1: malformed YAML: a NUL byte"},
		{"dev zero compared", []string{"report", "--demo", "--compare", "/dev/zero", "-o", "out.html"}, "a NUL byte"},
		{"dev zero in diff", []string{"diff", "demo", "/dev/zero"}, "a NUL byte"},
		{"UTF-32", []string{"top", "--mapping", "utf32.yaml"}, "the file is UTF-32; save it as UTF-8"},
		{"dev zero as a notebook", []string{"run", "/dev/zero", "-o", "out.html"}, "/dev/zero:1:1: a NUL byte"},
		{"dev zero as parameters", []string{"run", "../../notebooks/attack_techniques_to_events.ipynb", "-f", "/dev/zero", "-o", "out.html"}, "parameters: /dev/zero: byte 0 is NUL"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := limited(t, dir, tc.args...)
			t.Logf("exit %d in %v, peak RSS %d MB", r.code, r.elapsed.Round(1e6), r.maxRSS>>20)
			if r.code != 1 || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want 1 and %q", r.code, r.stderr, tc.want)
			}
			if strings.Contains(r.stderr, "ossem: ossem:") || strings.Contains(r.stderr, "goroutine ") {
				t.Errorf("stderr: %s", r.stderr)
			}
		})
	}
}
