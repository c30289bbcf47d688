package interp

import (
	"strings"

	"github.com/huntbook/huntbook/pkg/notebook"
)

// Output types, as nbformat names them (package notebook's).
const (
	Stream        = notebook.Stream
	DisplayData   = notebook.DisplayData
	ExecuteResult = notebook.ExecuteResult
	Error         = notebook.Error
)

// Output is one thing a cell showed: package notebook's Output, the one
// model of a cell output that the engine, the kernel, the runner and the
// notebook writer share. Binary MIME entries are []byte.
type Output = notebook.Output

// Error names.
const (
	ENameCompile     = "CompileError"
	ENamePanic       = "Panic"
	ENameInterrupted = "Interrupted"
)

// Result is what one Execute call produced.
type Result struct {
	// Outputs in the order the cell produced them; consecutive writes to
	// the same stream are merged.
	Outputs []Output
}

// Err returns the cell's error output, or nil if it ran to the end.
func (r Result) Err() *Output {
	for i := range r.Outputs {
		if r.Outputs[i].Type == Error {
			return &r.Outputs[i]
		}
	}
	return nil
}

// Stdout returns everything the cell wrote to standard output.
func (r Result) Stdout() string { return r.stream("stdout") }

// Stderr returns everything the cell wrote to standard error.
func (r Result) Stderr() string { return r.stream("stderr") }

func (r Result) stream(name string) string {
	var b strings.Builder
	for _, o := range r.Outputs {
		if o.Type == Stream && o.Name == name {
			b.WriteString(o.Text)
		}
	}
	return b.String()
}

// add appends o, merging it into the previous output when both are text of the same stream.
func (r *Result) add(o Output) {
	if n := len(r.Outputs); n > 0 && o.Type == Stream {
		last := &r.Outputs[n-1]
		if last.Type == Stream && last.Name == o.Name {
			last.Text += o.Text
			return
		}
	}
	r.Outputs = append(r.Outputs, o)
}
