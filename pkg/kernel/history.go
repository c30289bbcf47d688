package kernel

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/huntbook/huntbook/internal/atomicfile"
	"github.com/huntbook/huntbook/pkg/interp"
)

// MaxHistory is how many cells the kernel's history keeps (the oldest are
// forgotten first), in memory and in the history file.
const MaxHistory = 10000

// Bounds of the history file (Options.HistoryFile).
const (
	// MaxHistoryFile caps the file's size: past it the file is rewritten
	// with its newest cells, half the cap in all.
	MaxHistoryFile = 8 << 20
	// MaxHistoryInput is the largest cell written to the file; larger
	// ones are kept for this session only.
	MaxHistoryInput = 256 << 10
	// MaxHistoryOutput is how much of a cell's text/plain result the
	// file keeps.
	MaxHistoryOutput = 4 << 10
)

// historyEntry is one cell run with store_history.
type historyEntry struct {
	session int
	line    int // the execution count
	input   string
	output  string // text/plain of the execute_result, or ""
}

// historyRecord is one line of the history file.
type historyRecord struct {
	Session int    `json:"session"`
	Line    int    `json:"line"`
	Input   string `json:"input"`
	Output  string `json:"output,omitempty"`
}

// history answers history_request as IPython's history manager does: the
// cells of this kernel's session and, with a history file, of the earlier
// sessions kept there (one JSON object per line, appended per cell, mode
// 0600; rewritten atomically with its newest half when it passes
// MaxHistoryFile). Each kernel start is a new session, numbered after the
// file's last. Kernels that share the file append to it side by side; two
// started at the same moment may get the same session number, and a cell
// appended by one while another rewrites the file can be lost.
type history struct {
	mu      sync.Mutex
	entries []historyEntry
	session int                  // this kernel's session number
	file    string               // "" keeps history in memory
	maxFile int64                // the file's cap (MaxHistoryFile)
	logf    func(string, ...any) // diagnostics
	failed  bool                 // writing the file failed: stop trying
}

// openHistory reads the earlier sessions in file (none when file is "")
// and starts a new session after them. A file that cannot be read is
// logged and history starts empty.
func openHistory(file string, logf func(string, ...any)) *history {
	if logf == nil {
		logf = func(string, ...any) {}
	}
	h := &history{file: file, maxFile: MaxHistoryFile, logf: logf}
	if file != "" {
		recs, err := readHistory(file, h.maxFile)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			logf("history: %v; earlier sessions are not available", err)
		}
		for _, r := range recs {
			h.entries = append(h.entries, historyEntry{r.Session, r.Line, r.Input, r.Output})
			h.session = max(h.session, r.Session)
		}
		h.entries = newest(h.entries, MaxHistory)
	}
	h.session++
	return h
}

// readHistory reads the records of a history file, at most its last limit
// bytes; lines that do not parse (one cut short by a crash) are skipped.
func readHistory(file string, limit int64) ([]historyRecord, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	skipFirst := false
	if st.Size() > limit {
		if _, err := f.Seek(st.Size()-limit, io.SeekStart); err != nil {
			return nil, err
		}
		skipFirst = true // the first line is cut
	}
	b, err := io.ReadAll(io.LimitReader(f, limit))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", file, err)
	}
	lines := bytes.Split(b, []byte("\n"))
	if skipFirst {
		lines = lines[1:]
	}
	var recs []historyRecord
	for _, l := range lines {
		var r historyRecord
		if len(l) > 0 && json.Unmarshal(l, &r) == nil && r.Session > 0 {
			recs = append(recs, r)
		}
	}
	return recs, nil
}

// add records a cell run with store_history, and appends it to the file.
func (h *history) add(line int, code string, res interp.Result) {
	var out string
	for _, o := range res.Outputs {
		if o.Type == interp.ExecuteResult {
			out, _ = o.Data["text/plain"].(string)
		}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.entries = newest(append(h.entries, historyEntry{h.session, line, code, out}), MaxHistory)
	if h.file == "" || h.failed || len(code) > MaxHistoryInput {
		return
	}
	if len(out) > MaxHistoryOutput {
		out = strings.ToValidUTF8(out[:MaxHistoryOutput], "") + "…"
	}
	if err := h.append(historyRecord{h.session, line, code, out}); err != nil {
		h.failed = true
		h.logf("history: %v; this session's cells are kept in memory only", err)
	}
}

// append writes one record at the end of the file, and rewrites the file
// when it has grown past its cap.
func (h *history) append(r historyRecord) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(h.file), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(h.file, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(append(b, '\n'))
	st, serr := f.Stat()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil || serr != nil || st.Size() <= h.maxFile {
		return err
	}
	return h.compact()
}

// compact rewrites the file with its newest records, half its cap in all,
// in one rename.
func (h *history) compact() error {
	recs, err := readHistory(h.file, h.maxFile)
	if err != nil {
		return err
	}
	var lines [][]byte
	size := int64(0)
	for i := len(recs) - 1; i >= 0 && len(lines) < MaxHistory; i-- {
		b, _ := json.Marshal(recs[i])
		if size += int64(len(b)) + 1; size > h.maxFile/2 {
			break
		}
		lines = append(lines, b)
	}
	_, err = atomicfile.Write(h.file, func(w io.Writer) error {
		for i := len(lines) - 1; i >= 0; i-- {
			if _, err := w.Write(append(lines[i], '\n')); err != nil {
				return err
			}
		}
		return nil
	})
	return err
}

// newest returns the last n entries of es.
func newest(es []historyEntry, n int) []historyEntry {
	if len(es) <= n {
		return es
	}
	return append([]historyEntry(nil), es[len(es)-n:]...)
}

type historyRequest struct {
	Output     bool   `json:"output"`
	AccessType string `json:"hist_access_type"`
	Session    int    `json:"session"`
	Start      int    `json:"start"`
	Stop       *int   `json:"stop"`
	N          *int   `json:"n"`
	Pattern    string `json:"pattern"`
	Unique     bool   `json:"unique"`
}

// reply answers a history_request's content, over every session kept:
//
//	tail n           the last n cells
//	range session, start, stop   cells with start <= line < stop (no stop: to the end) of a session:
//	                 0 is this kernel's, a negative number counts back from it (-1 the session before),
//	                 a positive one is that session
//	search pattern   cells whose input matches the glob pattern (* ? [...]), the last n if n is given; unique drops repeated inputs
//
// Entries are [session, line, input], or [session, line, [input, output]]
// with output true.
func (h *history) reply(content json.RawMessage) map[string]any {
	var req historyRequest
	if err := json.Unmarshal(content, &req); err != nil {
		return map[string]any{"status": "error", "ename": "BadRequest", "evalue": "history_request: " + err.Error(), "traceback": []string{}, "history": []any{}}
	}
	h.mu.Lock()
	all := append([]historyEntry(nil), h.entries...)
	current := h.session
	h.mu.Unlock()
	var sel []historyEntry
	switch req.AccessType {
	case "tail":
		sel = last(all, req.N)
	case "range":
		session := req.Session
		if session <= 0 {
			session += current
		}
		for _, e := range all {
			if e.session == session && e.line >= req.Start && (req.Stop == nil || e.line < *req.Stop) {
				sel = append(sel, e)
			}
		}
	case "search":
		seen := map[string]bool{}
		pattern := req.Pattern
		if pattern == "" {
			pattern = "*"
		}
		re := glob(pattern)
		for i := len(all) - 1; i >= 0; i-- { // newest first, for unique
			e := all[i]
			if re == nil || !re.MatchString(e.input) {
				continue
			}
			if req.Unique && seen[e.input] {
				continue
			}
			seen[e.input] = true
			sel = append([]historyEntry{e}, sel...)
		}
		sel = last(sel, req.N)
	}
	list := make([]any, 0, len(sel))
	for _, e := range sel {
		if req.Output {
			var out any
			if e.output != "" {
				out = e.output
			}
			list = append(list, []any{e.session, e.line, []any{e.input, out}})
		} else {
			list = append(list, []any{e.session, e.line, e.input})
		}
	}
	return map[string]any{"status": "ok", "history": list}
}

func last(es []historyEntry, n *int) []historyEntry {
	if n == nil || *n < 0 || *n >= len(es) {
		return es
	}
	return es[len(es)-*n:]
}

// MaxPattern bounds the length of a history search pattern.
const MaxPattern = 4096

// glob compiles a pattern as SQLite's GLOB reads it (what IPython's history
// search uses): * any text (newlines too), ? one character, [...] a class
// ([^...] negated); nil for a pattern that is too long or malformed.
func glob(pattern string) *regexp.Regexp {
	if len(pattern) > MaxPattern {
		return nil
	}
	var b strings.Builder
	b.WriteString("(?s)^")
	rs := []rune(pattern)
	for i := 0; i < len(rs); i++ {
		switch r := rs[i]; r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		case '[':
			j := i + 1
			if j < len(rs) && rs[j] == '^' {
				j++
			}
			if j < len(rs) && rs[j] == ']' {
				j++
			}
			for j < len(rs) && rs[j] != ']' {
				j++
			}
			if j >= len(rs) {
				b.WriteString(regexp.QuoteMeta("["))
				continue
			}
			class := string(rs[i+1 : j])
			neg := strings.HasPrefix(class, "^")
			class = strings.TrimPrefix(class, "^")
			b.WriteString("[")
			if neg {
				b.WriteString("^")
			}
			b.WriteString(strings.NewReplacer(`\`, `\\`, "[", `\[`).Replace(class))
			b.WriteString("]")
			i = j
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil
	}
	return re
}
