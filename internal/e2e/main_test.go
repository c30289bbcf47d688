package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// bin is the huntbook binary that TestMain builds for every test, with
// huntbook-notebook beside it.
var bin string

// twinDirs are folders shared by several tests, removed by TestMain.
var twinDirs []string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "huntbook-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bin = filepath.Join(dir, "huntbook")
	_, here, _, _ := runtime.Caller(0)
	build := exec.Command("go", "build", "-o", dir+string(filepath.Separator), "./cmd/...") // huntbook and huntbook-notebook
	build.Dir = filepath.Join(filepath.Dir(here), "..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: go build: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	for _, d := range twinDirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

// result is what one huntbook process did.
type result struct {
	code           int
	stdout, stderr string
	elapsed        time.Duration
	maxRSS         int64 // peak resident set in bytes, with measure; else 0
}

// measure, among huntbook's env, asks for the peak resident set through
// /usr/bin/time (the rusage of a child started by Go counts the test
// process's pages too, as the child shares its memory until exec).
const measure = "E2E_MEASURE=1"

// huntbook runs the binary in dir with args and the extra environment
// variables env ("K=V"), and waits for it.
func huntbook(t *testing.T, dir string, env []string, args ...string) result {
	t.Helper()
	c := exec.Command(bin, args...)
	timeFile := ""
	if i := slices.Index(env, measure); i >= 0 {
		env = slices.Delete(slices.Clone(env), i, i+1)
		if _, err := os.Stat("/usr/bin/time"); err == nil {
			timeFile = filepath.Join(t.TempDir(), "time")
			c = exec.Command("/usr/bin/time", append([]string{"-f", "%M", "-o", timeFile, bin}, args...)...)
		}
	}
	c.Dir = dir
	c.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	c.Stdout, c.Stderr = &stdout, &stderr
	start := time.Now()
	err := c.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String(), elapsed: time.Since(start)}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("huntbook %s: %v", strings.Join(args, " "), err)
	}
	if timeFile != "" {
		b, _ := os.ReadFile(timeFile)
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		kb, _ := strconv.ParseInt(lines[len(lines)-1], 10, 64)
		r.maxRSS = kb << 10
	}
	return r
}

// mustRun runs huntbook and fails the test unless it exits with want.
func mustRun(t *testing.T, dir string, want int, args ...string) result {
	t.Helper()
	r := huntbook(t, dir, nil, args...)
	if r.code != want {
		t.Fatalf("huntbook %s: exit %d, want %d\nstderr:\n%s", strings.Join(args, " "), r.code, want, r.stderr)
	}
	return r
}

// listDir returns the names in dir, sorted (os.ReadDir sorts).
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	names := []string{}
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
