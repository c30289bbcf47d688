package interp

import (
	"bytes"
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/huntbook/huntbook/internal/golden"
)

// The corpus (testdata/gocells) holds Go programs, each one a case: the
// program's imports, declarations and the body of main make one cell (see
// cellOf). NAME.golden is what the compiled program prints, written by
// `go test ./pkg/interp -run TestCorpus -update`, which builds every
// program with the go tool (go 1.26 semantics) and runs it; it is never
// typed by hand. A program whose first line is `// want-error: TEXT` is
// expected to fail in a cell with a positioned compile error containing
// TEXT (a construct the engine does not run yet); all others must print
// exactly what Go prints, except those whose first line is `// known:
// REASON`, a difference not fixed yet, which the table counts and the test
// only logs.
const corpusDir = "../../testdata/gocells"

// verdicts, in the order of the README's table.
const (
	vCorrect   = "correct"
	vClear     = "clear error"
	vUnclear   = "other error"
	vDifferent = "silent difference"
	vCrash     = "crash"
)

type corpusCase struct {
	name, file string
	program    []byte
	cell       string
	wantError  string
	known      string // a difference not fixed yet: counted, not failed
}

func loadCorpus(t *testing.T) []corpusCase {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(corpusDir, "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus in %s: %v", corpusDir, err)
	}
	sort.Strings(files)
	var cases []corpusCase
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		cell, err := cellOf(b)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		c := corpusCase{name: strings.TrimSuffix(filepath.Base(f), ".go"), file: f, program: b, cell: cell}
		first, _, _ := bytes.Cut(b, []byte("\n"))
		if v, ok := bytes.CutPrefix(first, []byte("// want-error: ")); ok {
			c.wantError = string(v)
		}
		if v, ok := bytes.CutPrefix(first, []byte("// known: ")); ok {
			c.known = string(v)
		}
		cases = append(cases, c)
	}
	return cases
}

// cellOf turns a program into the cell a notebook user would write: its
// imports and declarations (comments kept) followed by main's statements.
func cellOf(program []byte) (string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "main.go", program, parser.ParseComments)
	if err != nil {
		return "", err
	}
	off := func(p token.Pos) int { return fset.Position(p).Offset }
	var parts []string
	var body string
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "main" && fd.Recv == nil {
			if len(fd.Body.List) > 0 {
				body = dedent(string(program[off(fd.Body.List[0].Pos()):off(fd.Body.Rbrace)]))
			}
			continue
		}
		start := d.Pos()
		if doc := docOf(d); doc != nil {
			start = doc.Pos()
		}
		parts = append(parts, string(program[off(start):off(d.End())]))
	}
	if body != "" {
		parts = append(parts, body)
	}
	return strings.TrimSpace(strings.Join(parts, "\n\n")) + "\n", nil
}

func docOf(d ast.Decl) *ast.CommentGroup {
	switch d := d.(type) {
	case *ast.FuncDecl:
		return d.Doc
	case *ast.GenDecl:
		return d.Doc
	}
	return nil
}

// dedent removes one level of tab indentation from main's body.
func dedent(s string) string {
	lines := strings.Split(strings.TrimRight(s, " \t\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, "\t")
	}
	return strings.Join(lines, "\n")
}

// goOutputs builds every case with the go tool in one module and returns
// what each program prints (stdout and stderr, a panic cut after its first
// line, then "exit status N" when not 0).
func goOutputs(t *testing.T, cases []corpusCase) map[string]string {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Fatal("-update needs the go tool")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module corpus\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		d := filepath.Join(dir, "cases", c.name)
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "main.go"), c.program, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(dir, "bin")
	build := exec.Command("go", "build", "-o", bin+"/", "./cases/...")
	build.Dir = dir
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	outs := map[string]string{}
	for _, c := range cases {
		var buf bytes.Buffer
		cmd := exec.Command(filepath.Join(bin, c.name))
		cmd.Stdout, cmd.Stderr = &buf, &buf
		err := cmd.Run()
		out := buf.String()
		if i := strings.Index(out, "\n\ngoroutine "); i >= 0 {
			out = out[:i+1]
		}
		if ee, ok := err.(*exec.ExitError); ok {
			out += fmt.Sprintf("exit status %d\n", ee.ExitCode())
		} else if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		outs[c.name] = out
	}
	return outs
}

// engineText is what a cell showed, in the shape goOutputs gives a program's
// output: streams as they are, a panic as Go prints it. It also returns the
// compile error, if any.
func engineText(r Result) (text, compileErr string, crashed bool) {
	var b strings.Builder
	for _, o := range r.Outputs {
		switch o.Type {
		case Stream:
			b.WriteString(o.Text)
		case ExecuteResult, DisplayData:
			fmt.Fprintf(&b, "%v\n", o.Data["text/plain"])
		case Error:
			switch o.EName {
			case ENameCompile:
				compileErr = o.EValue
			case ENamePanic: // Go prints the position in its traceback, not on this line
				fmt.Fprintf(&b, "panic: %s\nexit status 2\n", panicAt.ReplaceAllString(o.EValue, ""))
			default:
				crashed = true
			}
		}
	}
	return b.String(), compileErr, crashed
}

var positioned = regexp.MustCompile(`^cell:\d+:\d+: `)

// panicAt matches the position a panic's message starts with (position.go).
var panicAt = regexp.MustCompile(`^(cell line \d+|line \d+ of an earlier cell): `)

// TestCorpus runs every case in a fresh engine and compares with what Go
// prints; the verdicts go to testdata/gocells/RESULTS.md (the README's table).
func TestCorpus(t *testing.T) {
	cases := loadCorpus(t)
	if golden.Updating() {
		for name, out := range goOutputs(t, cases) {
			golden.Check(t, filepath.Join(corpusDir, name+".golden"), []byte(out))
		}
	}
	counts := map[string]int{}
	var rows []string
	for _, c := range cases {
		want, err := os.ReadFile(filepath.Join(corpusDir, c.name+".golden"))
		if err != nil {
			t.Fatalf("%v (run with -update)", err)
		}
		verdict, detail := runCase(t, c, string(want))
		counts[verdict]++
		rows = append(rows, fmt.Sprintf("| %s | %s | %s |", c.name, verdict, detail))
		switch {
		case verdict == vCorrect, verdict == vClear:
			if c.known != "" {
				t.Errorf("%s: %s now: drop the known line", c.name, verdict)
			}
		case c.known != "":
			t.Logf("%s: %s (known: %s): %s", c.name, verdict, c.known, detail)
		default:
			t.Errorf("%s: %s: %s", c.name, verdict, detail)
		}
	}
	if len(cases) < 60 {
		t.Errorf("the corpus has %d cases, want at least 60", len(cases))
	}
	var b strings.Builder
	b.WriteString("| cases | " + vCorrect + " | " + vClear + " | " + vUnclear + " | " + vDifferent + " | " + vCrash + " |\n|---|---|---|---|---|---|\n")
	fmt.Fprintf(&b, "| %d | %d | %d | %d | %d | %d |\n\n", len(cases), counts[vCorrect], counts[vClear], counts[vUnclear], counts[vDifferent], counts[vCrash])
	b.WriteString("| case | verdict | note |\n|---|---|---|\n")
	b.WriteString(strings.Join(rows, "\n") + "\n")
	golden.Check(t, filepath.Join(corpusDir, "RESULTS.md"), []byte(b.String()))
}

func runCase(t *testing.T, c corpusCase, want string) (verdict, detail string) {
	e, err := New(Options{InterruptGrace: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	r, err := e.Execute(ctx, c.cell)
	if err != nil {
		return vCrash, err.Error()
	}
	return verdictOf(c, r, want)
}

// verdictOf classifies what a cell showed against what Go prints.
func verdictOf(c corpusCase, r Result, want string) (verdict, detail string) {
	got, compileErr, crashed := engineText(r)
	switch {
	case crashed:
		return vCrash, fmt.Sprintf("%+v", r.Outputs)
	case compileErr != "":
		msg := strings.ReplaceAll(compileErr, "|", "\\|")
		if c.wantError != "" && strings.Contains(compileErr, c.wantError) && positioned.MatchString(compileErr) {
			return vClear, msg
		}
		return vUnclear, msg
	case got == want: // a panic with Go's message too
		if c.wantError != "" {
			return vCorrect, "runs as in Go: drop the want-error line"
		}
		return vCorrect, ""
	case strings.Contains(got, "panic: ") && strings.Contains(want, "panic: ") &&
		got[:strings.Index(got, "panic: ")] == want[:strings.Index(want, "panic: ")]:
		return vUnclear, fmt.Sprintf("panics as in Go but with another message: Go %q, the cell %q", want, got)
	case strings.Contains(got, "panic: ") && !strings.Contains(want, "panic: "):
		// Loud, not silent: the user sees the cell fail.
		return vUnclear, fmt.Sprintf("panics where Go does not: Go %q, the cell %q", want, got)
	}
	return vDifferent, fmt.Sprintf("Go prints %q, the cell %q", want, got)
}
