package nbcli

import (
	"bytes"
	"fmt"
	"github.com/huntbook/huntbook/pkg/cli"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/pkg/notebook"
	"github.com/huntbook/huntbook/pkg/runner"
)

// The test binary stands in for huntbook when `huntbook run` starts child
// processes (several notebooks, the engine of a run) or a test starts
// concurrent runs.
func init() {
	if os.Getenv(childEnv) == "1" || os.Getenv(engineEnv) == "1" {
		os.Exit(cli.Main(os.Args[1:], cli.Stdio()))
	}
}

func runnerData(name string) string {
	p, _ := filepath.Abs(filepath.Join("..", "..", "testdata", "runner", name))
	return p
}

// huntbookRun runs huntbook in-process in dir and returns its exit status and stderr.
func huntbookRun(t *testing.T, dir string, args ...string) (int, string) {
	t.Helper()
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	var out, errb bytes.Buffer
	code := cli.Main(args, cli.IO{In: strings.NewReader(""), Out: &out, Err: &errb})
	return code, out.String() + errb.String()
}

func readNotebook(t *testing.T, path string) *notebook.Notebook {
	t.Helper()
	nb, err := notebook.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return nb
}

func TestRunWritesReportAndNotebook(t *testing.T) {
	dir := t.TempDir()
	code, msg := huntbookRun(t, dir, "run", runnerData("basics.ipynb"), "-p", "top=4",
		"-o", "out/{notebook}-{param:technique}-{param:top}.html", "--executed", "out/{notebook}.ipynb")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, msg)
	}
	html, err := os.ReadFile(filepath.Join(dir, "out", "basics-T1003.001-4.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<a href="#h-1-demo-report">Demo report</a>`,                       // table of contents
		`<code>top</code></th><td><code>int</code></td><td><code>4</code>`, // parameters in the provenance
		`<pre class="input"><code>`,                                        // code shown
		`src="data:image/svg+xml;base64,`, `class="ng"`, `<table`,          // a chart is a picture (package display)
	} {
		if !bytes.Contains(html, []byte(want)) {
			t.Errorf("the report lacks %q", want)
		}
	}
	nb := readNotebook(t, filepath.Join(dir, "out", "basics.ipynb"))
	rec, err := nb.Run()
	if err != nil || rec == nil || rec.Status != notebook.StatusOK || len(rec.SHA256) != 64 {
		t.Errorf("run record = %+v, %v", rec, err)
	}
	if !bytes.Contains(html, []byte(rec.SHA256)) {
		t.Errorf("the report does not show the notebook's sha256 %s", rec.SHA256)
	}

	code, msg = huntbookRun(t, dir, "run", runnerData("basics.ipynb"), "--no-input", "-o", "plain.html", "--quiet")
	if code != 0 || msg != "" {
		t.Fatalf("--quiet run: exit %d, output %q", code, msg)
	}
	plain, _ := os.ReadFile(filepath.Join(dir, "plain.html"))
	if bytes.Contains(plain, []byte(`class="input"`)) || bytes.Contains(plain, []byte("technique := ")) {
		t.Errorf("--no-input report still shows code")
	}
	if !bytes.Contains(plain, []byte(`src="data:image/svg+xml;base64,`)) {
		t.Errorf("--no-input report lost the outputs")
	}
}

func TestRunFailures(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantMsg  string
		notRun   string // id of a cell that must have no outputs
		hasError string // id of the cell holding the error
		banner   string
		code     int
	}{
		{"failing cell", []string{runnerData("fails.ipynb")},
			"huntbook: run: " + runnerData("fails.ipynb") + ": cell 3 failed: Panic: cell line 2: assignment to entry in nil map\n(the outputs written hold the partial run; fix the cell, or pass --allow-errors to run past failing cells)",
			"c4", "c3", `The run stopped at <a href="#cell-3">cell 3</a>: <strong>Panic</strong>`, ExitCellError},
		{"endless loop", []string{runnerData("loop.ipynb"), "--cell-timeout", "300ms"},
			"huntbook: run: " + runnerData("loop.ipynb") + ": cell 2 failed: CellTimeout: the cell did not finish within 300ms and was stopped\n(the outputs written hold the partial run; raise --cell-timeout if the cell needs longer)",
			"c3", "c2", `The run stopped at <a href="#cell-2">cell 2</a>: <strong>CellTimeout</strong>`, ExitTimeout},
		{"allow errors", []string{runnerData("fails.ipynb"), "--allow-errors"},
			"huntbook: run: " + runnerData("fails.ipynb") + ": cell 3 failed: Panic: cell line 2: assignment to entry in nil map (later cells ran: --allow-errors)",
			"", "c3", `An error in <a href="#cell-3">cell 3</a>`, ExitCellError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			code, msg := huntbookRun(t, dir, append([]string{"run", "--quiet", "-o", "r.html", "--executed", "x.ipynb"}, tt.args...)...)
			if code != tt.code {
				t.Errorf("exit %d, want %d", code, tt.code)
			}
			if diff := cmp.Diff(tt.wantMsg, strings.TrimSpace(msg)); diff != "" {
				t.Errorf("message (-want +got):\n%s", diff)
			}
			nb := readNotebook(t, filepath.Join(dir, "x.ipynb"))
			for _, c := range nb.Cells {
				if c.ID == tt.notRun && (len(c.Outputs) > 0 || c.ExecutionCount != nil) {
					t.Errorf("cell %s ran after the failure", c.ID)
				}
				if c.ID == tt.hasError && (len(c.Outputs) == 0 || c.Outputs[len(c.Outputs)-1].Type != notebook.Error) {
					t.Errorf("cell %s does not end with its error: %+v", c.ID, c.Outputs)
				}
			}
			html, _ := os.ReadFile(filepath.Join(dir, "r.html"))
			if !bytes.Contains(html, []byte(tt.banner)) {
				t.Errorf("the report lacks the banner %q", tt.banner)
			}
		})
	}
}

func TestRunBadInput(t *testing.T) {
	params := runnerData("params.ipynb")
	const list = "the notebook's parameters are: technique string, top int, ratio float64, verbose bool, since time.Duration, limit int64, title string, sources []string"
	dir := t.TempDir()
	yamlFile := filepath.Join(dir, "p.yaml")
	os.WriteFile(yamlFile, []byte("top: 3\nsources: [a, b]\nverbose: maybe\n"), 0o644)
	nested := filepath.Join(dir, "nested.yaml")
	os.WriteFile(nested, []byte("top:\n  a: 1\n"), 0o644)
	bad := filepath.Join(dir, "bad.ipynb")
	os.WriteFile(bad, []byte(`{"nbformat": 4, "cells": [{"cell_type": "code", "source": 12}]}`), 0o644)
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"unknown parameter", []string{params, "-p", "tecnique=T1055"}, 1,
			`huntbook: runner: ` + params + `: bad parameters: unknown parameter "tecnique" (-p); ` + list},
		{"wrong type", []string{params, "-p", "top=ten"}, 1,
			`huntbook: runner: ` + params + `: bad parameters: parameter top (-p): "ten" is not a valid int; ` + list},
		{"wrong type in a file", []string{params, "-f", yamlFile}, 1,
			`huntbook: runner: ` + params + `: bad parameters: parameter verbose (` + yamlFile + `:3): "maybe" is not a valid bool; ` + list},
		{"nested value in a file", []string{params, "-f", nested}, 1,
			`huntbook: run: ` + nested + `:2:3: parameter top: want a value or a list of values`},
		{"bad notebook", []string{bad}, 1,
			`huntbook: notebook: ` + bad + `:1:59: cell 1: "source": want a string or a list of strings, found a number`},
		{"no output named", []string{params}, 2,
			"huntbook: run: nothing to write: give -o report.html, --executed out.ipynb, or both\nRun 'huntbook --help' for usage."},
		{"-p without =", []string{params, "-o", "r.html", "-p", "top"}, 2,
			"huntbook: run: -p \"top\": write -p NAME=VALUE\nRun 'huntbook --help' for usage."},
		{"unknown placeholder", []string{params, "-o", "{nb}.html"}, 2,
			"huntbook: run: \"{nb}.html\": unknown placeholder {nb}; use {notebook}, {date}, {time} or {param:NAME}\nRun 'huntbook --help' for usage."},
		{"several notebooks, one name", []string{params, params, "-o", "r.html"}, 2,
			"huntbook: run: \"r.html\" would name every notebook's output the same: add {notebook} to it\nRun 'huntbook --help' for usage."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := t.TempDir()
			args := append([]string{"run"}, tt.args...)
			if tt.code == 1 {
				args = append(args, "-o", "r.html")
			}
			code, msg := huntbookRun(t, out, args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d", code, tt.code)
			}
			if diff := cmp.Diff(tt.msg, strings.TrimSpace(msg)); diff != "" {
				t.Errorf("message (-want +got):\n%s", diff)
			}
			if entries, _ := os.ReadDir(out); len(entries) != 0 {
				t.Errorf("bad input left files behind: %v", entries)
			}
		})
	}
}

func TestListParams(t *testing.T) {
	code, msg := huntbookRun(t, t.TempDir(), "run", runnerData("params.ipynb"), runnerData("fails.ipynb"), "--list-params")
	want := fmt.Sprintf(`%s:
NAME       TYPE           DEFAULT
technique  string         "T1003.001"
top        int            15
ratio      float64        0.5
verbose    bool           false
since      time.Duration  24 * time.Hour
limit      int64          100
title      string         "Nightly" (const)
sources    []string       []string{"process", "file"}

%s:
no parameters (no cell is tagged "parameters")
`, runnerData("params.ipynb"), runnerData("fails.ipynb"))
	if code != 0 {
		t.Errorf("exit %d", code)
	}
	if diff := cmp.Diff(want, msg); diff != "" {
		t.Errorf("--list-params (-want +got):\n%s", diff)
	}
}

func TestPlaceholders(t *testing.T) {
	nb := readNotebook(t, runnerData("params.ipynb"))
	start := time.Date(2026, 3, 9, 4, 5, 6, 0, time.Local)
	ph := placeholders{notebook: "nightly", start: start, nb: nb}
	ph.values = []runner.Value{{Name: "technique", Text: "T1055/../x", From: "-p"}, {Name: "top", Text: "3", From: "-p"}}
	tests := []struct{ pattern, want, err string }{
		{"reports/{notebook}-{date}.html", "reports/nightly-2026-03-09.html", ""},
		{"{date}T{time}.ipynb", "2026-03-09T040506.ipynb", ""},
		{"{param:technique}-{param:top}.html", "T1055_.._x-3.html", ""}, // no folders from values
		{"{param:title}.html", "Nightly.html", ""},                      // a default
		{"{param:ratio}.html", "0.5.html", ""},                          // a literal default
		{"{param:since}.html", "", `run: "{param:since}.html": parameter since has no value to put in the file name: set it with -p since=VALUE`},
		{"{param:nope}.html", "", `run: "{param:nope}.html": parameter nope has no value to put in the file name: set it with -p nope=VALUE`},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			got, err := ph.expand(tt.pattern)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("error = %v, want %s", err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("expand = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

// Many writers to one name: each gets its own file, and every file is whole.
func TestWriteFileNewConcurrent(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "r.html")
	const n = 8
	names := make([]string, n)
	var wg sync.WaitGroup
	for i := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name, err := writeOutput(path, false, func(w io.Writer) error {
				_, err := fmt.Fprintf(w, "writer %d\n%s", i, strings.Repeat("x", 300<<10))
				return err
			})
			if err != nil {
				t.Error(err)
			}
			names[i] = name
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	for i, name := range names {
		if seen[name] {
			t.Errorf("two writers got %s", name)
		}
		seen[name] = true
		b, _ := os.ReadFile(name)
		if !bytes.HasPrefix(b, []byte(fmt.Sprintf("writer %d\n", i))) || len(b) != len(fmt.Sprintf("writer %d\n", i))+300<<10 {
			t.Errorf("%s does not hold writer %d's whole output", name, i)
		}
	}
	if !seen[path] || !seen[filepath.Join(dir, "r-8.html")] {
		t.Errorf("names: %v", names)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != n {
		t.Errorf("%d files in the folder, want %d (temporary files left?)", len(entries), n)
	}
	if _, err := writeOutput(path, true, func(w io.Writer) error { _, err := w.Write([]byte("new")); return err }); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Errorf("--overwrite did not replace %s", path)
	}
}

// Two huntbook processes render the same name at the same time: both
// reports survive, whole.
func TestRunConcurrentSamePattern(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var wg sync.WaitGroup
	outs := make([][]byte, 2)
	for i := range outs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := exec.Command(exe, "run", runnerData("basics.ipynb"), "--quiet", "-o", "reports/{notebook}-{date}.html")
			c.Dir = dir
			c.Env = append(os.Environ(), childEnv+"=1")
			outs[i], err = c.CombinedOutput()
			if err != nil {
				t.Errorf("run %d: %v\n%s", i, err, outs[i])
			}
		}()
	}
	wg.Wait()
	date := time.Now().Format("2006-01-02")
	for _, name := range []string{"basics-" + date + ".html", "basics-" + date + "-2.html"} {
		b, err := os.ReadFile(filepath.Join(dir, "reports", name))
		if err != nil {
			t.Errorf("%v (files: %v)", err, ls(dir+"/reports"))
			continue
		}
		if !bytes.HasSuffix(b, []byte("</html>\n")) {
			t.Errorf("%s is not a whole report", name)
		}
	}
}

// Several notebooks run in child processes, two at a time; one fails.
func TestRunSeveral(t *testing.T) {
	dir := t.TempDir()
	code, msg := huntbookRun(t, dir, "run", "-j", "2", "--quiet", runnerData("basics.ipynb"), runnerData("fails.ipynb"), runnerData("params.ipynb"), "-o", "{notebook}.html")
	if code != ExitCellError {
		t.Errorf("exit %d, want %d (a cell raised an error)", code, ExitCellError)
	}
	if !strings.Contains(msg, "run: 1 of 3 notebooks failed: "+runnerData("fails.ipynb")) || !strings.Contains(msg, "cell 3 failed: Panic") {
		t.Errorf("message: %s", msg)
	}
	if diff := cmp.Diff([]string{"basics.html", "basics.run.json", "fails.html", "fails.run.json", "params.html", "params.run.json"}, ls(dir)); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
}

func ls(dir string) []string {
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
