package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// asLimit is the address-space limit (prlimit --as) the bounded-input
// cases run under: inputs that once took gigabytes must fail within it.
const asLimit = 2 << 30

// engineASLimit is the address-space limit for runs of notebooks: an idle
// engine process alone holds about 1.8 GB of address space (the Go
// runtime's reservations), which asLimit would not leave room for.
const engineASLimit = 6 << 30

// limited runs huntbook under prlimit with asLimit, where prlimit exists.
func limited(t *testing.T, dir string, args ...string) result {
	t.Helper()
	return limitedTo(t, dir, asLimit, nil, args...)
}

// limitedTo runs huntbook under prlimit with the address-space limit as
// and extra environment variables ("K=V"), where prlimit exists.
func limitedTo(t *testing.T, dir string, as int64, env []string, args ...string) result {
	t.Helper()
	env = append([]string{measure}, env...)
	p, err := exec.LookPath("prlimit")
	if err != nil {
		t.Log("prlimit not found: running without a memory limit")
		return huntbook(t, dir, env, args...)
	}
	saved := bin
	defer func() { bin = saved }()
	bin = p
	return huntbook(t, dir, env, append([]string{fmt.Sprintf("--as=%d", as), "--", saved}, args...)...)
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

// TestRunDisplayTotal: display outputs are capped per run, not only per
// cell: 200 cells of 8 MB of HTML each (1.6 GB, which the report and the
// executed notebook would hold, and huntbook several times over while it
// writes them) run under a 6 GB address-space limit with
// HUNTBOOK_DISPLAY_LIMIT at 64 MiB; the outputs stay near the cap and say
// where it was reached.
func TestRunDisplayTotal(t *testing.T) {
	dir := t.TempDir()
	cells := make([]string, 200)
	for i := range cells {
		cells[i] = `import "strings"; Display(display.HTML(strings.Repeat("x", 8<<20)))`
	}
	cellsNotebook(t, filepath.Join(dir, "nb.ipynb"), cells...)
	r := limitedTo(t, dir, engineASLimit, []string{"HUNTBOOK_DISPLAY_LIMIT=64MiB"}, "run", "nb.ipynb", "-o", "r.html", "--executed", "r.ipynb")
	t.Logf("exit %d in %v, peak RSS %d MB", r.code, r.elapsed.Round(1e6), r.maxRSS>>20)
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	for _, name := range []string{"r.html", "r.ipynb"} {
		st, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if st.Size() > 72<<20 {
			t.Errorf("%s is %d MB: the displays of the run are not capped", name, st.Size()>>20)
		}
	}
	executed := readExecuted(t, filepath.Join(dir, "r.ipynb"))
	var kept, cutAt, dropped int
	for i, c := range executed {
		for _, o := range c.Outputs {
			text := textOf(o.Text)
			switch {
			case o.OutputType == "display_data":
				kept++
			case strings.Contains(text, "display output cut: the displays of this run passed 64.0 MiB in all"):
				cutAt = i + 1
			case strings.Contains(text, "display output dropped: the displays of this run passed 64.0 MiB"):
				dropped++
			}
		}
	}
	if kept != 7 || cutAt != 8 || dropped != 192 {
		t.Errorf("%d displays kept, the cap reached in cell %d, %d later cells noted; want 7, 8 and 192", kept, cutAt, dropped)
	}
}
