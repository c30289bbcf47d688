package interp

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestClosedStreams: a cell that closes os.Stdout or os.Stderr (or the
// descriptor under it) gets a note, and the next cells' output is captured
// as before.
func TestClosedStreams(t *testing.T) {
	e := newEngine(t)
	if r := run(t, e, `import ("fmt"; "os")`); r.Err() != nil {
		t.Fatal(r.Err().EValue)
	}
	for _, tc := range []struct {
		name, cell string
		want       []Output
	}{
		{"os.Stdout.Close", `fmt.Println("a"); os.Stdout.Close(); fmt.Println("lost")`, []Output{
			{Type: Stream, Name: "stdout", Text: "a\n"},
			{Type: Stream, Name: "stderr", Text: "\nhuntbook: this cell closed os.Stdout; what it wrote there afterwards was lost. The next cells write to a new os.Stdout.\n"}}},
		{"os.Stderr.Close", `fmt.Fprintln(os.Stderr, "e"); os.Stderr.Close(); fmt.Fprintln(os.Stderr, "lost")`, []Output{
			{Type: Stream, Name: "stderr", Text: "e\n\nhuntbook: this cell closed os.Stderr; what it wrote there afterwards was lost. The next cells write to a new os.Stderr.\n"}}},
		{"the descriptor under os.Stdout", `fmt.Print("b"); os.NewFile(os.Stdout.Fd(), "fd").Close()`, []Output{
			{Type: Stream, Name: "stdout", Text: "b"},
			{Type: Stream, Name: "stderr", Text: "\nhuntbook: this cell closed os.Stdout; what it wrote there afterwards was lost. The next cells write to a new os.Stdout.\n"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, run(t, e, tc.cell).Outputs); diff != "" {
				t.Errorf("the closing cell (-want +got):\n%s", diff)
			}
			// (stdout and stderr are separate pipes: no order between them)
			res := run(t, e, `fmt.Println("out"); fmt.Fprintln(os.Stderr, "err")`)
			if res.Stdout() != "out\n" || res.Stderr() != "err\n" {
				t.Errorf("the next cell: stdout %q, stderr %q", res.Stdout(), res.Stderr())
			}
		})
	}
}

// lines is an Input that answers from a list and records what was shown
// before each request.
type lines struct {
	mu     sync.Mutex
	answer []string
	shown  *strings.Builder // the cell's stdout so far, from OnOutput
	before []string         // shown at each request
}

func (l *lines) input(ctx context.Context, prompt string) (string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.before = append(l.before, l.shown.String())
	if len(l.answer) == 0 {
		return "", errors.New("no more lines")
	}
	a := l.answer[0]
	l.answer = l.answer[1:]
	return a, nil
}

// TestStdin: fmt.Scan, Scanln, Scanf and readers of os.Stdin in a cell
// ask the context's Input for a line whenever the last one is used up,
// after the cell's output so far has been handed on.
func TestStdin(t *testing.T) {
	var shown strings.Builder
	var mu sync.Mutex
	e, err := New(Options{OnOutput: func(o Output) {
		mu.Lock()
		defer mu.Unlock()
		if o.Type == Stream && o.Name == "stdout" {
			shown.WriteString(o.Text)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	run(t, e, `import ("bufio"; "fmt"; "os")`)
	for _, tc := range []struct {
		name, cell string
		answers    []string
		want       string // stdout
		requests   int
	}{
		{"Scanln after a prompt", `var name string; fmt.Print("name? "); fmt.Scanln(&name); fmt.Println("hello", name)`,
			[]string{"Ada"}, "name? hello Ada\n", 1},
		{"Scan over two lines", `var a, b int; fmt.Scan(&a, &b); fmt.Println(a + b)`, []string{"3", "4"}, "7\n", 2},
		{"Scan of one line, twice", `var c, d int; fmt.Scan(&c); fmt.Scan(&d); fmt.Println(c * d)`, []string{"6 7"}, "42\n", 1},
		{"Scan then Scanln, as on a terminal", `var k int; var s string; fmt.Scan(&k); fmt.Scanln(&s); fmt.Println(k, s)`, []string{"1", "two"}, "1 two\n", 2},
		{"Scanf", `var n int; var w string; fmt.Scanf("%d %s", &n, &w); fmt.Println(n, w)`, []string{"5 x"}, "5 x\n", 1},
		{"bufio.Scanner", `sc := bufio.NewScanner(os.Stdin); sc.Scan(); l1 := sc.Text(); sc.Scan(); fmt.Println(l1 + "|" + sc.Text())`,
			[]string{"first", "second"}, "first|second\n", 2},
		{"bufio.Reader", `s, err := bufio.NewReader(os.Stdin).ReadString('\n'); fmt.Printf("%q %v\n", s, err)`, []string{"é ü"}, "\"é ü\\n\" <nil>\n", 1},
		{"an error of the front end", `_, err := fmt.Scanln(new(string)); fmt.Println(err)`, nil,
			"interp: reading standard input: no more lines\n", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mu.Lock()
			shown.Reset()
			mu.Unlock()
			l := &lines{answer: tc.answers, shown: &shown}
			res, err := e.Execute(WithInput(context.Background(), l.input), tc.cell)
			if err != nil || res.Err() != nil {
				t.Fatalf("err %v, outputs %+v", err, res.Outputs)
			}
			if got := res.Stdout(); got != tc.want || len(l.before) != tc.requests {
				t.Errorf("stdout %q after %d requests, want %q after %d", got, len(l.before), tc.want, tc.requests)
			}
			if strings.HasPrefix(tc.want, "name? ") && (len(l.before) == 0 || l.before[0] != "name? ") {
				t.Errorf("the prompt was not shown before the request: %q", l.before)
			}
		})
	}
}

// TestNoStdin: without an Input, reads see end of file and the cell gets
// one note saying standard input is not available.
func TestNoStdin(t *testing.T) {
	e := newEngine(t)
	res := run(t, e, `import ("fmt"; "io"; "os"); var x int; _, err := fmt.Scanln(&x); b, err2 := io.ReadAll(os.Stdin); fmt.Println(err, len(b), err2)`)
	want := []Output{{Type: Stream, Name: "stderr", Text: NoStdinNote}, {Type: Stream, Name: "stdout", Text: "EOF 0 <nil>\n"}}
	if diff := cmp.Diff(want, res.Outputs); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestStdinInterrupt: an interrupt while a cell waits for input ends the
// cell with an Interrupted error, and its variables are kept.
func TestStdinInterrupt(t *testing.T) {
	e := newEngine(t)
	asked := make(chan struct{})
	wait := func(ctx context.Context, prompt string) (string, error) {
		close(asked)
		<-ctx.Done()
		return "", ctx.Err()
	}
	go func() { <-asked; e.Interrupt() }()
	res, err := e.Execute(WithInput(context.Background(), wait), `import "fmt"; kept := 7; var s string; fmt.Scanln(&s); fmt.Println("not reached")`)
	if err != nil || res.Err() == nil || res.Err().EName != ENameInterrupted || res.Stdout() != "" {
		t.Fatalf("err %v, outputs %+v", err, res.Outputs)
	}
	if got := run(t, e, `kept`).Outputs; len(got) != 1 || got[0].Data["text/plain"] != "7" {
		t.Errorf("kept = %+v", got)
	}
}
