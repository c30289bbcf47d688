package engine

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"testing"
	"time"

	"github.com/huntbook/huntbook/pkg/interp"
	"github.com/huntbook/huntbook/pkg/notebook"
)

const childEnv = "HUNTBOOK_ENGINE_TEST_CHILD"

// TestMain makes the test binary the engine child when childEnv is set,
// as `huntbook engine` is for the command line.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		signal.Ignore(os.Interrupt)
		var limit int64
		if os.Getenv("TEST_ENGINE_MEMORY") != "" {
			limit = 256 << 20
		}
		var runDisplay int64
		if os.Getenv("TEST_ENGINE_RUN_DISPLAY") != "" {
			runDisplay = 2500000
		}
		if err := Child(ChildOptions{MemoryLimit: limit, MaxDisplay: 1 << 20, MaxRunDisplay: runDisplay, InterruptGrace: 500 * time.Millisecond}); err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func start(t *testing.T, env ...string) *Process {
	t.Helper()
	p, err := Start(Options{Path: os.Args[0], Env: append(os.Environ(), append(env, childEnv+"=1")...), Backstop: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func TestCells(t *testing.T) {
	p := start(t)
	res, err := p.Execute(context.Background(), `import "fmt"; x := 41; fmt.Println("hello"); x+1`)
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Stdout(); got != "hello\n" {
		t.Errorf("stdout = %q", got)
	}
	if n := len(res.Outputs); n != 2 || res.Outputs[1].Type != notebook.ExecuteResult || res.Outputs[1].Data["text/plain"] != "42" {
		t.Errorf("outputs = %+v", res.Outputs)
	}
	res, err = p.Execute(context.Background(), `var m map[string]int; m["a"] = 1`)
	if err != nil || res.Err() == nil || res.Err().EName != interp.ENamePanic {
		t.Errorf("a panic in the cell: err %v, outputs %+v", err, res.Outputs)
	}
	if c := p.Complete("fmt.Print", 9); len(c.Matches) == 0 {
		t.Errorf("no completions for fmt.Print")
	}
	if _, found := p.Inspect("x", 1); !found {
		t.Errorf("inspect x: not found")
	}
	// An interrupt stops interpreted code and keeps the variables.
	go func() { time.Sleep(200 * time.Millisecond); p.Interrupt() }()
	res, err = p.Execute(context.Background(), `for {}`)
	if err != nil || res.Err() == nil || res.Err().EName != interp.ENameInterrupted {
		t.Fatalf("for {} interrupted: err %v, outputs %+v", err, res.Outputs)
	}
	res, err = p.Execute(context.Background(), `x`)
	if err != nil || len(res.Outputs) != 1 || res.Outputs[0].Data["text/plain"] != "41" {
		t.Errorf("x after the interrupt: err %v, outputs %+v", err, res.Outputs)
	}
	// A cell's working directory is the child's, not the parent's.
	wd, _ := os.Getwd()
	if _, err := p.Execute(context.Background(), `import "os"; os.Chdir("/")`); err != nil {
		t.Fatal(err)
	}
	if now, _ := os.Getwd(); now != wd {
		t.Errorf("a cell moved the parent's working directory to %s", now)
	}
}

// TestCrashes: whatever a cell does to its process becomes an error output
// that names the cause, and a *CrashError.
func TestCrashes(t *testing.T) {
	for _, tc := range []struct {
		name, code, want string
		env              []string
	}{
		{"exit", `import "os"; os.Exit(3)`, "the engine process exited with status 3 (a cell called os.Exit?)", nil},
		{"goroutine panic", `import "time"; go func() { panic("boom") }(); time.Sleep(5 * time.Second)`,
			"a goroutine panicked: boom", nil},
		// gomacro indexes and dereferences through package reflect, whose
		// messages are reworded as Go's (without the numbers, which a
		// goroutine's panic does not give).
		{"goroutine index", `import "time"; go func() { var s []int; _ = s[3] }(); time.Sleep(5 * time.Second)`,
			"a goroutine panicked: runtime error: index out of range", nil},
		{"goroutine nil", `import "time"; go func() { var p *int; *p = 1 }(); time.Sleep(5 * time.Second)`,
			"a goroutine panicked: runtime error: invalid memory address or nil pointer dereference", nil},
		{"goroutine compiled nil", `import ("time"; "bytes"); go func() { var b *bytes.Buffer; b.WriteString("x") }(); time.Sleep(5 * time.Second)`,
			"a goroutine panicked: runtime error: invalid memory address or nil pointer dereference", nil},
		{"stack overflow", `func f(n int) int { return f(n+1) + 1 }; f(0)`, "the stack overflowed (a recursion without end?)", nil},
		{"out of memory", `var keep [][]byte; for { keep = append(keep, make([]byte, 1<<20)); keep[len(keep)-1][0] = 1 }`,
			"the engine ran out of memory (its limit is 256.0 MiB; raise it with --engine-memory)", []string{"TEST_ENGINE_MEMORY=1"}},
		{"goexit", `import "runtime"; runtime.Goexit()`, "the cell ended the engine's goroutine (runtime.Goexit)", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.env != nil && raceEnabled {
				t.Skip("the race detector's runtime ends out of memory with its own message")
			}
			t.Parallel()
			p := start(t, tc.env...)
			_, err := p.Execute(context.Background(), `import "fmt"; fmt.Println("before")`)
			if err != nil {
				t.Fatal(err)
			}
			res, err := p.Execute(context.Background(), tc.code)
			var ce *CrashError
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a *CrashError; outputs %+v", err, res.Outputs)
			}
			if ce.Cause != tc.want {
				t.Errorf("cause = %q\nwant    %q", ce.Cause, tc.want)
			}
			e := res.Err()
			if e == nil || e.EName != ENameCrashed || !strings.HasPrefix(e.EValue, tc.want) {
				t.Errorf("error output = %+v", e)
			}
			if _, err := p.Execute(context.Background(), `1`); !errors.Is(err, ErrDead) {
				t.Errorf("after the crash: err = %v, want ErrDead", err)
			}
		})
	}
}

// TestClosedStdout: a cell that closes os.Stdout or os.Stderr gets a note;
// the engine goes on, and later cells' output is captured.
func TestClosedStdout(t *testing.T) {
	p := start(t)
	for _, stream := range []string{"Stdout", "Stderr"} {
		res, err := p.Execute(context.Background(), `import ("fmt"; "os"); os.`+stream+`.Close(); fmt.Println("lost")`)
		if err != nil {
			t.Fatalf("%s.Close(): %v", stream, err)
		}
		if want := "this cell closed os." + stream; !strings.Contains(res.Stderr(), want) {
			t.Errorf("%s.Close(): stderr %q lacks %q", stream, res.Stderr(), want)
		}
		res, err = p.Execute(context.Background(), `fmt.Println("out"); fmt.Fprintln(os.Stderr, "err")`)
		if err != nil || res.Stdout() != "out\n" || res.Stderr() != "err\n" {
			t.Errorf("after %s.Close(): err %v, stdout %q, stderr %q", stream, err, res.Stdout(), res.Stderr())
		}
	}
}

// TestStdin: a cell's reads of standard input come to the Input of
// Execute's context, across the pipes; an interrupt while the cell waits
// ends it; without an Input the cell reads end of file and gets a note.
func TestStdin(t *testing.T) {
	p := start(t)
	var prompts []string
	answer := func(ctx context.Context, prompt string) (string, error) {
		prompts = append(prompts, prompt)
		return "Ada 36", nil
	}
	res, err := p.Execute(interp.WithInput(context.Background(), answer),
		`import "fmt"; var name string; var age int; fmt.Print("who? "); fmt.Scanln(&name, &age); fmt.Println(name, age+1)`)
	if err != nil || res.Stdout() != "who? Ada 37\n" || len(prompts) != 1 || prompts[0] != "" {
		t.Errorf("err %v, stdout %q, prompts %q", err, res.Stdout(), prompts)
	}

	asked := make(chan struct{})
	wait := func(ctx context.Context, prompt string) (string, error) {
		close(asked)
		<-ctx.Done()
		return "", ctx.Err()
	}
	go func() { <-asked; p.Interrupt() }()
	res, err = p.Execute(interp.WithInput(context.Background(), wait), `fmt.Scanln(&name); fmt.Println("not reached")`)
	if err != nil || res.Err() == nil || res.Err().EName != interp.ENameInterrupted || res.Stdout() != "" {
		t.Errorf("interrupted while waiting: err %v, outputs %+v", err, res.Outputs)
	}

	res, err = p.Execute(context.Background(), `_, err := fmt.Scanln(&name); fmt.Println(name, err)`)
	if err != nil || res.Stdout() != "Ada EOF\n" || res.Stderr() != interp.NoStdinNote {
		t.Errorf("no stdin: err %v, stdout %q, stderr %q", err, res.Stdout(), res.Stderr())
	}
}

// TestStuck: a cell blocked in compiled code is given up on after the
// grace period, the child killed.
func TestStuck(t *testing.T) {
	p := start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	began := time.Now()
	_, err := p.Execute(ctx, `import "time"; time.Sleep(time.Hour)`)
	if !errors.Is(err, interp.ErrStuck) {
		t.Fatalf("err = %v, want ErrStuck", err)
	}
	if took := time.Since(began); took > 8*time.Second {
		t.Errorf("took %s to give up", took)
	}
}

// TestDisplayCap: a cell's displays beyond MaxDisplay are dropped with a note.
func TestDisplayCap(t *testing.T) {
	p := start(t)
	res, err := p.Execute(context.Background(), `import "strings"; for i := 0; i < 20; i++ { Display(display.HTML(strings.Repeat("x", 100000))) }`)
	if err != nil {
		t.Fatal(err)
	}
	if n := displays(res); n != 10 || !strings.Contains(res.Stderr(), "display output cut") {
		t.Errorf("%d displays kept, stderr %q; want 10 and a note", n, res.Stderr())
	}
}

// displays counts the display outputs of res.
func displays(res interp.Result) int {
	n := 0
	for _, o := range res.Outputs {
		if o.Type == notebook.DisplayData {
			n++
		}
	}
	return n
}

// TestRunDisplayCap: the displays of all cells are capped too
// (MaxRunDisplay, 2.5 MB here): the cell that reaches the cap gets a note
// and keeps what came before; every later cell's displays are dropped with
// a note of their own.
func TestRunDisplayCap(t *testing.T) {
	p := start(t, "TEST_ENGINE_RUN_DISPLAY=1")
	cell := `import "strings"; for i := 0; i < 5; i++ { Display(display.HTML(strings.Repeat("x", 150000))) }`
	var got []int
	var notes []string
	for range 5 {
		res, err := p.Execute(context.Background(), cell)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, displays(res))
		notes = append(notes, strings.TrimSpace(res.Stderr()))
	}
	if fmt.Sprint(got) != "[5 5 5 1 0]" {
		t.Errorf("displays kept per cell: %v, want [5 5 5 1 0]", got)
	}
	if !strings.HasPrefix(notes[3], "… display output cut: the displays of this run passed 2.4 MiB in all") ||
		!strings.HasPrefix(notes[4], "… display output dropped: the displays of this run passed 2.4 MiB in all, in an earlier cell") || notes[2] != "" {
		t.Errorf("notes: %q", notes)
	}
}

// TestShutdownDuringCell: Close ends a child whose cell never returns, at once.
func TestShutdownDuringCell(t *testing.T) {
	p := start(t)
	done := make(chan error, 1)
	go func() { _, err := p.Execute(context.Background(), `for {}`); done <- err }()
	time.Sleep(200 * time.Millisecond)
	began := time.Now()
	p.Close()
	if err := <-done; err == nil {
		t.Errorf("Execute returned no error after Close")
	}
	if took := time.Since(began); took > 3*time.Second {
		t.Errorf("Close took %s", took)
	}
}

// TestTailForwards: the child's own output is passed on by lines, up to
// the runtime's report of a crash.
func TestTailForwards(t *testing.T) {
	var fwd strings.Builder
	tl := newTail(1<<10, &fwd)
	for _, s := range []string{"hel", "lo\nwor", "ld\npanic: boom\n\ngoroutine 1 [running]:\n", "main.f()\n", "tail"} {
		tl.Write([]byte(s))
	}
	tl.flush()
	if got := fwd.String(); got != "hello\nworld\n" {
		t.Errorf("forwarded %q", got)
	}
	if got := tl.diagnose(nil, 0); got != "a goroutine panicked: boom" {
		t.Errorf("diagnose = %q", got)
	}
}

func TestDiagnose(t *testing.T) {
	for _, tc := range []struct{ out, want string }{
		{"panic: boom [recovered]\n\ngoroutine 5 [running]:\nmain.f()\n", "a goroutine panicked: boom"},
		{"runtime: goroutine stack exceeds 1000000000-byte limit\nfatal error: stack overflow\n", "the stack overflowed (a recursion without end?)"},
		{"fatal error: concurrent map writes\n", "the Go runtime stopped the engine: fatal error: concurrent map writes"},
		{"fatal error: runtime: out of memory\n", "the engine ran out of memory"},
		{"", "the engine process stopped answering"},
	} {
		if got := diagnose(tc.out, nil, 0); got != tc.want {
			t.Errorf("diagnose(%q) = %q, want %q", tc.out, got, tc.want)
		}
	}
}
