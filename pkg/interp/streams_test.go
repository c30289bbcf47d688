package interp

import (
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

