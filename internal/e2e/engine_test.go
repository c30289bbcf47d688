package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// cellsNotebook writes a notebook of code cells with the given sources.
func cellsNotebook(t *testing.T, path string, sources ...string) {
	t.Helper()
	var cells []map[string]any
	for i, src := range sources {
		cells = append(cells, map[string]any{"cell_type": "code", "id": fmt.Sprintf("c%d", i+1), "metadata": map[string]any{},
			"source": src, "outputs": []any{}, "execution_count": nil})
	}
	b, err := json.Marshal(map[string]any{"nbformat": 4, "nbformat_minor": 5, "metadata": map[string]any{}, "cells": cells})
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, b)
}

type executedCell struct {
	Outputs []struct {
		OutputType string `json:"output_type"`
		Text       any    `json:"text"`
		EName      string `json:"ename"`
		EValue     string `json:"evalue"`
	} `json:"outputs"`
}

func readExecuted(t *testing.T, path string) []executedCell {
	t.Helper()
	var nb struct {
		Cells []executedCell `json:"cells"`
	}
	if err := json.Unmarshal([]byte(readFile(t, path)), &nb); err != nil {
		t.Fatal(err)
	}
	return nb.Cells
}

func textOf(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		var b strings.Builder
		for _, s := range v {
			b.WriteString(fmt.Sprint(s))
		}
		return b.String()
	}
	return ""
}

// TestRunEngineCrashes: a cell that ends its process becomes an error cell
// naming the cause; huntbook run writes the partial report and executed
// notebook and exits 5 itself (the engine crashed).
func TestRunEngineCrashes(t *testing.T) {
	for _, tc := range []struct{ name, cell, cause string }{
		{"exit", `import "os"; os.Exit(3)`, "the engine process exited with status 3 (a cell called os.Exit?)"},
		{"goroutine panic", `import "time"; go func() { panic("boom") }(); time.Sleep(10 * time.Second)`, "a goroutine panicked: boom"},
		{"goroutine nil", `import ("bytes"; "time"); go func() { var b *bytes.Buffer; b.WriteString("x") }(); time.Sleep(10 * time.Second)`,
			"a goroutine panicked: runtime error: invalid memory address or nil pointer dereference"},
		{"stack overflow", `func f(n int) int { return f(n+1) + 1 }; f(0)`, "the stack overflowed (a recursion without end?)"},
		{"goexit", `import "runtime"; runtime.Goexit()`, "the cell ended the engine's goroutine (runtime.Goexit)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			cellsNotebook(t, filepath.Join(dir, "nb.ipynb"), `import "fmt"; fmt.Println("before")`, tc.cell, `fmt.Println("after")`)
			r := huntbook(t, dir, nil, "run", "nb.ipynb", "-o", "out/nb.html", "--executed", "out/nb.ipynb", "--cell-timeout", "60s")
			if r.code != 5 {
				t.Fatalf("exit %d, want 5\n%s", r.code, r.stderr)
			}
			want := "cell 2 failed: EngineCrashed: " + tc.cause
			if !strings.Contains(r.stderr, want) {
				t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
			}
			cells := readExecuted(t, filepath.Join(dir, "out", "nb.ipynb"))
			if len(cells) != 3 || len(cells[0].Outputs) != 1 || textOf(cells[0].Outputs[0].Text) != "before\n" {
				t.Fatalf("executed cells = %+v", cells)
			}
			last := cells[1].Outputs[len(cells[1].Outputs)-1]
			if last.EName != "EngineCrashed" || !strings.HasPrefix(last.EValue, tc.cause) {
				t.Errorf("cell 2 ends with %s: %s", last.EName, last.EValue)
			}
			if len(cells[2].Outputs) != 0 {
				t.Errorf("cell 3 ran after the crash: %+v", cells[2].Outputs)
			}
			if html := readFile(t, filepath.Join(dir, "out", "nb.html")); !strings.Contains(html, "EngineCrashed") {
				t.Errorf("the report does not show the crash")
			}
		})
	}
}

// TestRunClosedStdout: a cell that closes os.Stdout or os.Stderr does not
// end the run: it gets a note, and the later cells' output is in the
// executed notebook.
func TestRunClosedStdout(t *testing.T) {
	dir := t.TempDir()
	cellsNotebook(t, filepath.Join(dir, "nb.ipynb"), `import ("fmt"; "os"); fmt.Println("before")`, `os.Stdout.Close()`,
		`fmt.Println("after")`, `os.Stderr.Close()`, `fmt.Fprintln(os.Stderr, "err")`)
	mustRun(t, dir, 0, "run", "nb.ipynb", "--executed", "out.ipynb")
	cells := readExecuted(t, filepath.Join(dir, "out.ipynb"))
	var got []string
	for _, c := range cells {
		var texts []string
		for _, o := range c.Outputs {
			texts = append(texts, o.OutputType+": "+textOf(o.Text))
		}
		got = append(got, strings.Join(texts, " | "))
	}
	note := "stream: \nhuntbook: this cell closed os.%[1]s; what it wrote there afterwards was lost. The next cells write to a new os.%[1]s.\n"
	want := []string{"stream: before\n", fmt.Sprintf(note, "Stdout"), "stream: after\n", fmt.Sprintf(note, "Stderr"), "stream: err\n"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("cells' outputs (-want +got):\n%s", diff)
	}
}

// TestRunNoStdin: huntbook run has no one to ask for input: a cell that
// reads standard input sees end of file, with a note that says so, and the
// run goes on.
func TestRunNoStdin(t *testing.T) {
	dir := t.TempDir()
	cellsNotebook(t, filepath.Join(dir, "nb.ipynb"), `import ("bufio"; "fmt"; "os"); var s string; _, err := fmt.Scanln(&s); fmt.Println(err)`,
		`sc := bufio.NewScanner(os.Stdin); fmt.Println(sc.Scan(), sc.Err())`)
	mustRun(t, dir, 0, "run", "nb.ipynb", "--executed", "out.ipynb")
	cells := readExecuted(t, filepath.Join(dir, "out.ipynb"))
	note := "huntbook: standard input is not available here (huntbook run has no one to ask, and a Jupyter front end must allow input); reads see end of file\n"
	var got [][]string
	for _, c := range cells {
		var texts []string
		for _, o := range c.Outputs {
			texts = append(texts, textOf(o.Text))
		}
		got = append(got, texts)
	}
	if diff := cmp.Diff([][]string{{note, "EOF\n"}, {note, "false <nil>\n"}}, got); diff != "" {
		t.Errorf("cells' outputs (-want +got):\n%s", diff)
	}
}

// TestRunEngineMemory: a cell that allocates without end meets the
// engine's limit and ends as an error cell, under a process limit that the
// limit fits in (prlimit) and well before the machine's OOM killer.
func TestRunEngineMemory(t *testing.T) {
	if _, err := exec.LookPath("prlimit"); err != nil {
		t.Skip("prlimit is not installed (util-linux)")
	}
	dir := t.TempDir()
	cellsNotebook(t, filepath.Join(dir, "nb.ipynb"), `var keep [][]byte; for { b := make([]byte, 1<<20); b[0] = 1; keep = append(keep, b) }`)
	c := exec.Command("prlimit", "--as=8589934592", bin, "run", "nb.ipynb", "--engine-memory", "512M", "--executed", "out.ipynb")
	c.Dir = dir
	out, err := c.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 5 {
		t.Fatalf("exit %v, want 5\n%s", err, out)
	}
	want := "EngineCrashed: the engine ran out of memory (its limit is 512.0 MiB; raise it with --engine-memory)"
	if !strings.Contains(string(out), want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
	if cells := readExecuted(t, filepath.Join(dir, "out.ipynb")); len(cells) != 1 || len(cells[0].Outputs) == 0 {
		t.Errorf("executed notebook: %+v", cells)
	}
}

// TestRunCellChdir: a cell's os.Chdir does not move where outputs named
// relative to the run's folder land.
func TestRunCellChdir(t *testing.T) {
	dir := t.TempDir()
	cellsNotebook(t, filepath.Join(dir, "nb.ipynb"), `import "os"; os.Chdir("/")`, `1`)
	mustRun(t, dir, 0, "run", "nb.ipynb", "-o", "out/x.html", "--executed", "out/x.ipynb")
	if got := listDir(t, filepath.Join(dir, "out")); strings.Join(got, " ") != "x.html x.ipynb x.run.json" {
		t.Errorf("out/ holds %v", got)
	}
}

// TestRunDisplayCap: display outputs are capped per cell like stream text.
func TestRunDisplayCap(t *testing.T) {
	dir := t.TempDir()
	cellsNotebook(t, filepath.Join(dir, "nb.ipynb"),
		`import "strings"; big := strings.Repeat("x", 1<<20); for i := 0; i < 40; i++ { Display(display.HTML(big)) }`)
	mustRun(t, dir, 0, "run", "nb.ipynb", "-o", "r.html", "--executed", "r.ipynb")
	for _, name := range []string{"r.html", "r.ipynb"} {
		st, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if st.Size() > 24<<20 {
			t.Errorf("%s is %d bytes: displays are not capped", name, st.Size())
		}
	}
	if !strings.Contains(readFile(t, filepath.Join(dir, "r.ipynb")), "display output cut") {
		t.Errorf("the executed notebook does not say the displays were cut")
	}
}

// TestRunWriteFails: an output that cannot be written does not lose the
// others, and the message says what was written where, without the
// --overwrite hint that is about names taken.
func TestRunWriteFails(t *testing.T) {
	dir := t.TempDir()
	cellsNotebook(t, filepath.Join(dir, "nb.ipynb"), `1`)
	long := strings.Repeat("n", 300) + ".html"
	r := huntbook(t, dir, nil, "run", "nb.ipynb", "-o", long, "--executed", "nb.out.ipynb")
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "wrote "+filepath.Join(dir, "nb.out.ipynb")) || strings.Contains(r.stderr, "--overwrite") ||
		!strings.Contains(r.stderr, "not every output was written") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
	// Nothing asked for can be written: the executed notebook is kept aside.
	r = huntbook(t, dir, []string{"TMPDIR=" + dir}, "run", "nb.ipynb", "-o", long)
	if r.code != 1 || !strings.Contains(r.stderr, "wrote "+filepath.Join(dir, "huntbook-run-nb-")) {
		t.Errorf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
}

// TestRunExitStatuses: huntbook run's exit statuses tell a scheduler what
// happened, and the run record next to the report says the same.
func TestRunExitStatuses(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cells []string
		args  []string
		code  int
	}{
		{"success", []string{`1`}, nil, 0},
		{"a cell raised an error", []string{`panic("boom")`}, nil, 3},
		{"a cell raised an error, later cells ran", []string{`panic("boom")`, `1`}, []string{"--allow-errors"}, 3},
		{"a cell timed out", []string{`for {}`}, []string{"--cell-timeout", "300ms"}, 4},
		{"the run timed out", []string{`for {}`}, []string{"--timeout", "300ms"}, 4},
		{"a cell could not be stopped", []string{`import "time"; time.Sleep(time.Hour)`}, []string{"--cell-timeout", "300ms"}, 4},
		{"the engine crashed", []string{`import "os"; os.Exit(3)`}, nil, 5},
		{"bad input", []string{`1`}, []string{"-p", "nosuch=1"}, 1},
		{"usage", []string{`1`}, []string{"-j", "0"}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			cellsNotebook(t, filepath.Join(dir, "nb.ipynb"), tc.cells...)
			r := huntbook(t, dir, nil, append([]string{"run", "nb.ipynb", "-o", "r.html"}, tc.args...)...)
			if r.code != tc.code {
				t.Fatalf("exit %d, want %d\n%s", r.code, tc.code, r.stderr)
			}
			if tc.code == 1 || tc.code == 2 {
				return // nothing ran
			}
			var rec struct {
				ExitStatus int               `json:"exit_status"`
				Notebook   string            `json:"notebook"`
				SHA256     string            `json:"sha256"`
				Status     string            `json:"status"`
				Outputs    map[string]string `json:"outputs"`
				Cells      []struct {
					Status string `json:"status"`
				} `json:"cells"`
			}
			if err := json.Unmarshal([]byte(readFile(t, filepath.Join(dir, "r.run.json"))), &rec); err != nil {
				t.Fatal(err)
			}
			if rec.ExitStatus != tc.code || rec.Notebook != "nb.ipynb" || len(rec.SHA256) != 64 ||
				rec.Outputs["report"] != filepath.Join(dir, "r.html") || len(rec.Cells) != len(tc.cells) {
				t.Errorf("run record: %+v", rec)
			}
		})
	}
}

// TestRunRetries: --retries runs a notebook again after an engine crash or
// a timeout, and the run record lists every attempt.
func TestRunRetries(t *testing.T) {
	dir := t.TempDir()
	// The first attempt crashes, the second runs.
	cellsNotebook(t, filepath.Join(dir, "flaky.ipynb"),
		`import "os"; if _, err := os.Stat("tried"); err != nil { os.WriteFile("tried", nil, 0o644); os.Exit(3) }`, `1`)
	r := huntbook(t, dir, nil, "run", "flaky.ipynb", "--retries", "2", "--executed", "flaky.out.ipynb")
	if r.code != 0 || !strings.Contains(r.stderr, "attempt 1 of 3: cell 1 EngineCrashed") {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	type attempt struct {
		Attempt int    `json:"attempt"`
		Status  string `json:"status"`
		Failure *struct {
			EName string `json:"ename"`
		} `json:"failure"`
	}
	var rec struct {
		ExitStatus int       `json:"exit_status"`
		Attempts   []attempt `json:"attempts"`
	}
	if err := json.Unmarshal([]byte(readFile(t, filepath.Join(dir, "flaky.out.run.json"))), &rec); err != nil {
		t.Fatal(err)
	}
	if rec.ExitStatus != 0 || len(rec.Attempts) != 2 || rec.Attempts[0].Failure == nil || rec.Attempts[0].Failure.EName != "EngineCrashed" ||
		rec.Attempts[1].Status != "ok" || rec.Attempts[1].Attempt != 2 {
		t.Errorf("run record: %+v", rec)
	}
	// A timeout that does not go away: every attempt is made, and recorded.
	cellsNotebook(t, filepath.Join(dir, "slow.ipynb"), `for {}`)
	r = huntbook(t, dir, nil, "run", "slow.ipynb", "--retries", "1", "--cell-timeout", "200ms", "-o", "slow.html")
	if r.code != 4 {
		t.Fatalf("exit %d, want 4\n%s", r.code, r.stderr)
	}
	if err := json.Unmarshal([]byte(readFile(t, filepath.Join(dir, "slow.run.json"))), &rec); err != nil {
		t.Fatal(err)
	}
	if rec.ExitStatus != 4 || len(rec.Attempts) != 2 || rec.Attempts[1].Status != "timeout" {
		t.Errorf("run record: %+v", rec)
	}
	// A cell error is not transient: no second attempt.
	cellsNotebook(t, filepath.Join(dir, "bad.ipynb"), `panic("boom")`)
	r = huntbook(t, dir, nil, "run", "bad.ipynb", "--retries", "3", "-o", "bad.html")
	if r.code != 3 || strings.Contains(r.stderr, "trying again") {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
}

// TestEngineDiesWithItsParent: a run killed while its cell loops must not
// leave the engine child spinning (it once went on at full CPU).
func TestEngineDiesWithItsParent(t *testing.T) {
	dir := t.TempDir()
	nb := filepath.Join(dir, "loop.ipynb")
	writeFile(t, nb, []byte(`{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
 {"cell_type": "code", "id": "a", "metadata": {}, "execution_count": null, "outputs": [], "source": "for {}"}]}`))
	c := exec.Command(bin, "run", nb, "-o", filepath.Join(dir, "out.html"))
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Second)
	c.Process.Kill()
	c.Wait()
	engines := func() int {
		out, _ := exec.Command("pgrep", "-f", bin+" engine").Output()
		return len(strings.Fields(string(out)))
	}
	for range 50 {
		if engines() == 0 {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Errorf("%d engine processes still run 10 s after their parent was killed", engines())
	exec.Command("pkill", "-9", "-f", bin+" engine").Run()
}
