package engine

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"syscall"

	"github.com/huntbook/huntbook/pkg/interp"
)

// tail keeps the last bytes a child wrote to its standard output and
// error, passes them on line by line, and remembers the last line of each
// kind the Go runtime writes when it ends a process. From such a line on
// it passes nothing on: the runtime's report goes into the crash's error
// output instead of onto the user's terminal.
type tail struct {
	mu      sync.Mutex
	max     int
	buf     []byte
	partial []byte // the line being written, up to maxLine bytes
	fwd     io.Writer
	muted   bool
	marks   map[string]string // line prefix → the last such line
}

const maxLine = 1024

// protocolNote starts the line the parent adds when the child broke the protocol.
const protocolNote = "huntbook: engine protocol: "

// crashPrefixes are the runtime's lines that say why a process ended.
var crashPrefixes = []string{protocolNote, "panic: ", "fatal error: ", "runtime: goroutine stack exceeds", "runtime: out of memory"}

func newTail(max int, fwd io.Writer) *tail {
	return &tail{max: max, fwd: fwd, marks: map[string]string{}}
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > t.max {
		t.buf = append(t.buf[:0], t.buf[len(t.buf)-t.max:]...)
	}
	for rest := p; len(rest) > 0; {
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			t.partial = append(t.partial, rest...)
			if len(t.partial) >= maxLine {
				t.forward(t.partial)
				t.partial = t.partial[:0]
			}
			break
		}
		t.partial = append(t.partial, rest[:i+1]...)
		t.line(strings.TrimSuffix(string(t.partial), "\n"))
		t.forward(t.partial)
		t.partial = t.partial[:0]
		rest = rest[i+1:]
	}
	return len(p), nil
}

func (t *tail) forward(b []byte) {
	if t.fwd != nil && !t.muted {
		_, _ = t.fwd.Write(b)
	}
}

func (t *tail) line(l string) {
	for _, p := range crashPrefixes {
		if strings.HasPrefix(l, p) {
			t.marks[p] = l
			t.muted = true
		}
	}
}

// note adds a line of the parent's own.
func (t *tail) note(s string) { _, _ = t.Write([]byte(s + "\n")) }

// flush passes on a last line without a newline.
func (t *tail) flush() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.partial) > 0 {
		t.line(string(t.partial))
		t.forward(t.partial)
		t.partial = t.partial[:0]
	}
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.partial) > 0 {
		t.line(string(t.partial))
	}
	return string(t.buf)
}

func (t *tail) mark(prefix string) (string, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	l, ok := t.marks[prefix]
	return strings.TrimPrefix(l, prefix), ok
}

// trace returns up to n lines of the runtime's report, from the line that
// says why, for the error's traceback.
func (t *tail) trace(n int) []string {
	s := t.String()
	at := -1
	for _, p := range crashPrefixes {
		if i := strings.LastIndex(s, "\n"+p); i > at {
			at = i + 1
		} else if strings.HasPrefix(s, p) && at < 0 {
			at = 0
		}
	}
	if at < 0 {
		return nil
	}
	lines := strings.Split(strings.TrimRight(s[at:], "\n"), "\n")
	if len(lines) > n {
		lines = append(lines[:n], "…")
	}
	return lines
}

// diagnose says why a child ended: from the runtime's last words in out
// (what tail remembered), or from its exit status.
func diagnose(out string, state *os.ProcessState, limit int64) string {
	t := newTail(len(out)+1, nil)
	_, _ = t.Write([]byte(out))
	return t.diagnose(state, limit)
}

func (t *tail) diagnose(state *os.ProcessState, limit int64) string {
	if msg, ok := t.mark(protocolNote); ok {
		return "the engine process broke the protocol: " + msg
	}
	if _, ok := t.mark("runtime: goroutine stack exceeds"); ok {
		return "the stack overflowed (a recursion without end?)"
	}
	fatal, isFatal := t.mark("fatal error: ")
	if _, ok := t.mark("runtime: out of memory"); ok || (isFatal && strings.Contains(fatal, "out of memory")) {
		if limit > 0 {
			return fmt.Sprintf("the engine ran out of memory (its limit is %s; raise it with --engine-memory)", bytesText(limit))
		}
		return "the engine ran out of memory"
	}
	if isFatal && fatal == "stack overflow" {
		return "the stack overflowed (a recursion without end?)"
	}
	if msg, ok := t.mark("panic: "); ok {
		if i := strings.Index(msg, " [recovered"); i >= 0 {
			msg = msg[:i]
		}
		return "a goroutine panicked: " + interp.GoMessage(msg)
	}
	if isFatal {
		return "the Go runtime stopped the engine: fatal error: " + fatal
	}
	if state == nil {
		return "the engine process stopped answering"
	}
	if ws, ok := state.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return fmt.Sprintf("the engine process was killed (signal: %v; the system's OOM killer, or a kill from outside?)", ws.Signal())
	}
	return fmt.Sprintf("the engine process exited with status %d (a cell called os.Exit?)", state.ExitCode())
}
