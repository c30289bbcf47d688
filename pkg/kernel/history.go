package kernel

import (
	"encoding/json"
	"regexp"
	"strings"
	"sync"

	"github.com/huntbook/huntbook/pkg/interp"
)

// MaxHistory is how many cells the kernel's history keeps (the oldest are
// forgotten first).
const MaxHistory = 10000

// historySession is the number of the current session in history replies.
// History lives in the kernel process: Jupyter's restart starts a new,
// empty one, and there are no earlier sessions to ask for.
const historySession = 1

// historyEntry is one cell run with store_history.
type historyEntry struct {
	line   int // the execution count
	input  string
	output string // text/plain of the execute_result, or ""
}

// history answers history_request as IPython's history manager does, for
// the current session only.
type history struct {
	mu      sync.Mutex
	entries []historyEntry
}

// add records a cell run with store_history.
func (h *history) add(line int, code string, res interp.Result) {
	var out string
	for _, o := range res.Outputs {
		if o.Type == interp.ExecuteResult {
			out, _ = o.Data["text/plain"].(string)
		}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.entries = append(h.entries, historyEntry{line, code, out})
	if len(h.entries) > MaxHistory {
		h.entries = append([]historyEntry(nil), h.entries[len(h.entries)-MaxHistory:]...)
	}
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

// reply answers a history_request's content:
//
//	tail n           the last n cells
//	range session, start, stop   cells with start <= line < stop (no stop: to the end) of session 0 or 1 (current); other sessions: none
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
	h.mu.Unlock()
	var sel []historyEntry
	switch req.AccessType {
	case "tail":
		sel = last(all, req.N)
	case "range":
		if req.Session == 0 || req.Session == historySession {
			for _, e := range all {
				if e.line >= req.Start && (req.Stop == nil || e.line < *req.Stop) {
					sel = append(sel, e)
				}
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
			list = append(list, []any{historySession, e.line, []any{e.input, out}})
		} else {
			list = append(list, []any{historySession, e.line, e.input})
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
