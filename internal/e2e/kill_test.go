package e2e

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestKillMidway kills huntbook with SIGKILL while it works: the file
// under the final name keeps its old bytes, and nothing new takes a final
// name. What the kill leaves is logged (dot-files beside the target).
// killCase is a command to stop midway.
type killCase struct {
	name    string
	args    []string
	targets []string // final names, each holding old content first
	// ready reports that the process is in the middle of its work.
	ready func(pid int, stderr *bufio.Scanner) bool
}

func TestKillMidway(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 166 MB mapping")
	}
	dir := t.TempDir()
	big := filepath.Join(dir, "big.yaml")
	mustRun(t, dir, 0, "synth", "-n", "300000", "-o", big)

	slow := filepath.Join(dir, "slow.ipynb")
	writeFile(t, slow, []byte(`{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
 {"cell_type": "code", "id": "a", "metadata": {}, "execution_count": null, "outputs": [], "source": "import \"fmt\"\nfmt.Println(\"started\")"},
 {"cell_type": "code", "id": "b", "metadata": {}, "execution_count": null, "outputs": [], "source": "for i := 0; i < 1e12; i++ {}"}
]}`))

	cases := []killCase{
		{
			// Killed while it parses and analyses (the report is written
			// only at the end: nothing of it exists yet).
			name: "report", targets: []string{"report.html"},
			args:  []string{"report", "--mapping", big, "-o", filepath.Join(dir, "report.html")},
			ready: waitRSS(200 << 20),
		},
		{
			// Killed in the endless second cell, after the first printed.
			name: "run", targets: []string{"run.html", "run.ipynb"},
			args: []string{"run", slow, "--progress", "--overwrite", "-o", filepath.Join(dir, "run.html"),
				"--executed", filepath.Join(dir, "run.ipynb")},
			ready: waitLine("[1/2] cell 1 ok"),
		},
		{
			// Killed while the temporary file grows.
			name: "synth", targets: []string{"huge.yaml"},
			args:  []string{"synth", "-n", "2000000", "-o", filepath.Join(dir, "huge.yaml")},
			ready: waitTemp(filepath.Join(dir, ".huge.yaml.*.tmp"), 50<<20),
		},
	}
	for _, tc := range cases {
		for _, sig := range []syscall.Signal{syscall.SIGKILL, syscall.SIGINT, syscall.SIGTERM} {
			if sig != syscall.SIGKILL && tc.name == "run" {
				continue // the runner's own stop (a partial report) is tested with the runner
			}
			killMidway(t, dir, tc, sig)
		}
	}
}

// killMidway starts huntbook, sends sig once ready says it is midway, and
// checks what is left: with SIGKILL only dot-file temporaries beside the
// old targets; with SIGINT or SIGTERM, exit 130 or 143 within a few
// seconds and nothing at all.
func killMidway(t *testing.T, dir string, tc killCase, sig syscall.Signal) {
	{
		t.Run(tc.name+"/"+sig.String(), func(t *testing.T) {
			old := map[string]string{}
			for _, n := range tc.targets {
				old[n] = "old " + n + " content\n"
				writeFile(t, filepath.Join(dir, n), []byte(old[n]))
			}
			before := listDir(t, dir)
			c := exec.Command(bin, tc.args...)
			c.Dir = dir
			stderr, err := c.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := c.Start(); err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(stderr)
			sc.Buffer(nil, 1<<20)
			pid := c.Process.Pid
			if !tc.ready(pid, sc) {
				c.Process.Kill()
				c.Wait()
				t.Fatalf("huntbook %s ended before it could be killed midway", tc.name)
			}
			if err := c.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			sent := time.Now()
			go func() {
				for sc.Scan() {
				}
			}()
			err = c.Wait()
			stopped := time.Since(sent)
			if sig == syscall.SIGKILL {
				if ws, ok := c.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
					t.Fatalf("huntbook %s was not killed: %v", tc.name, err)
				}
			} else {
				want := map[syscall.Signal]int{syscall.SIGINT: 130, syscall.SIGTERM: 143}[sig]
				if code := c.ProcessState.ExitCode(); code != want {
					t.Errorf("exit %d after %v, want %d", code, sig, want)
				}
				// Generous: the point is that it stops, not how fast on a shared machine.
				if stopped > 10*time.Second {
					t.Errorf("stopped %v after %v", stopped, sig)
				}
			}
			for _, n := range tc.targets {
				if got := readFile(t, filepath.Join(dir, n)); got != old[n] {
					t.Errorf("%s changed: %.80q", n, got)
				}
			}
			var left []string
			for _, n := range listDir(t, dir) {
				if !slices.Contains(before, n) {
					left = append(left, n)
				}
			}
			for _, n := range left {
				if !strings.HasPrefix(n, ".") || !strings.HasSuffix(n, ".tmp") {
					t.Errorf("a new file under a final name: %s", n)
				} else if sig != syscall.SIGKILL {
					t.Errorf("a temporary left after %v: %s", sig, n)
				}
				os.Remove(filepath.Join(dir, n))
			}
			t.Logf("%v midway; stopped in %v; left behind: %q", sig, stopped.Round(time.Millisecond), left)
		})
	}
}

// waitLine waits for a line of standard error that contains s.
func waitLine(s string) func(int, *bufio.Scanner) bool {
	return func(_ int, sc *bufio.Scanner) bool {
		for sc.Scan() {
			if strings.Contains(sc.Text(), s) {
				return true
			}
		}
		return false
	}
}

// alive reports whether the process has not exited (a zombie counts as
// exited: it waits only for its parent's wait).
func alive(pid int) bool {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return false
	}
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	return len(f) > 0 && f[0] != "Z" && f[0] != "X"
}

// poll calls ok every 2 ms while pid lives; it reports whether ok said
// yes before the process ended.
func poll(pid int, ok func() bool) bool {
	for alive(pid) {
		if ok() {
			return true
		}
		time.Sleep(2 * time.Millisecond)
	}
	return false
}

// waitRSS waits until the process's resident set passes n bytes: it is
// reading and analysing the mapping.
func waitRSS(n int64) func(int, *bufio.Scanner) bool {
	return func(pid int, _ *bufio.Scanner) bool {
		return poll(pid, func() bool {
			b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "statm"))
			if err != nil {
				return false
			}
			f := strings.Fields(string(b))
			if len(f) < 2 {
				return false
			}
			pages, _ := strconv.ParseInt(f[1], 10, 64)
			return pages*int64(os.Getpagesize()) > n
		})
	}
}

// waitTemp waits until a temporary file matching pattern holds more than n
// bytes.
func waitTemp(pattern string, n int64) func(int, *bufio.Scanner) bool {
	return func(pid int, _ *bufio.Scanner) bool {
		return poll(pid, func() bool {
			m, _ := filepath.Glob(pattern)
			for _, f := range m {
				if fi, err := os.Stat(f); err == nil && fi.Size() > n {
					return true
				}
			}
			return false
		})
	}
}
