package sigma

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// MaxFileSize is the largest rule file read, in bytes; a larger file is
// skipped with ErrTooLarge without being read. The largest SigmaHQ rule
// file is 295 KB.
const MaxFileSize = 8 << 20

// ReadDir reads every .yml and .yaml file under dir, recursively, in
// lexical order, concurrently. Files that cannot be read as rules are in
// Set.Skipped; the error is non-nil only when dir itself cannot be walked.
func ReadDir(dir string) (*Set, error) {
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			// An unreadable subfolder is reported, not fatal.
			paths = append(paths, p)
			return nil
		}
		if d.IsDir() {
			return nil
		}
		switch strings.ToLower(filepath.Ext(p)) {
		case ".yml", ".yaml":
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sigma: reading rules folder %s: %w", dir, err)
	}
	return ReadFiles(paths...), nil
}

// ReadFiles reads the given files (whatever their extension), in the
// order given, concurrently. Files that cannot be read are in
// Set.Skipped.
func ReadFiles(paths ...string) *Set {
	type result struct {
		rules   []Rule
		skipped []*Error
	}
	results := make([]result, len(paths))
	workers := runtime.GOMAXPROCS(0)
	if workers > len(paths) {
		workers = len(paths)
	}
	var next int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var scratch []fastLine // the fast path's line table, reused file after file
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= len(paths) {
					return
				}
				data, err := readFile(paths[i])
				if err != nil {
					results[i].skipped = []*Error{err}
					continue
				}
				results[i].rules, results[i].skipped = parseWith(&scratch, data, paths[i])
			}
		}()
	}
	wg.Wait()
	set := &Set{Files: len(paths), Rules: []Rule{}, Skipped: []*Error{}}
	for _, r := range results {
		set.Rules = append(set.Rules, r.rules...)
		set.Skipped = append(set.Skipped, r.skipped...)
	}
	return set
}

func readFile(path string) ([]byte, *Error) {
	// A FIFO or a device would block or never end: refuse what is not a
	// regular file (or a folder, named as such) before opening it.
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() && !st.IsDir() {
		return nil, &Error{Path: path, Err: ErrRead, Detail: "not a regular file (" + st.Mode().Type().String() + "); a rule is a YAML file"}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, &Error{Path: path, Err: ErrRead, Detail: err.Error()}
	}
	defer f.Close()
	size := int64(512)
	if st, err := f.Stat(); err == nil {
		if st.IsDir() {
			return nil, &Error{Path: path, Err: ErrRead, Detail: "a folder, not a file; use ReadDir"}
		}
		if st.Size() > MaxFileSize {
			return nil, tooLarge(path, st.Size())
		}
		size = st.Size() + 1 // one more, to see the end without growing
	}
	data := make([]byte, 0, size)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, rerr := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			err = rerr
			break
		}
		if len(data) > MaxFileSize {
			break
		}
	}
	if err != nil {
		return nil, &Error{Path: path, Err: ErrRead, Detail: err.Error()}
	}
	if len(data) > MaxFileSize {
		return nil, tooLarge(path, int64(len(data)))
	}
	return data, nil
}

func tooLarge(path string, size int64) *Error {
	return &Error{Path: path, Err: ErrTooLarge,
		Detail: fmt.Sprintf("%d bytes, more than the %d a rule file may have; a Sigma rule is a few KB", size, MaxFileSize)}
}

// Parse reads the rules of one file's contents; name is the file name
// used in Rule.Path and errors. The error is non-nil when the file gave
// no rule at all and something was wrong (the first problem); problems
// with some documents of a collection are returned with the rules read.
func Parse(data []byte, name string) ([]Rule, error) {
	rules, skipped := parse(data, name)
	if len(rules) == 0 && len(skipped) > 0 {
		return nil, skipped[0]
	}
	return rules, nil
}

// ParseAll is Parse that returns every problem, one per skipped file or
// document.
func ParseAll(data []byte, name string) ([]Rule, []*Error) { return parse(data, name) }

func parse(data []byte, name string) ([]Rule, []*Error) {
	var scratch []fastLine
	return parseWith(&scratch, data, name)
}

func parseWith(scratch *[]fastLine, data []byte, name string) ([]Rule, []*Error) {
	if len(data) > MaxFileSize {
		return nil, []*Error{tooLarge(name, int64(len(data)))}
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return nil, []*Error{{Path: name, Line: 1 + bytes.Count(data[:i], []byte("\n")), Err: ErrBinary,
			Detail: "it holds NUL bytes; a Sigma rule is a YAML text file"}}
	}
	docs, err := decode(scratch, data)
	var skipped []*Error
	if err != nil {
		e, ok := err.(*Error)
		if !ok {
			e = &Error{Err: ErrSyntax, Detail: err.Error()}
		}
		e.Path = name
		if e.Line == 0 {
			if line, col, c, ok := controlChar(data); ok {
				e.Line = line
				e.Detail = fmt.Sprintf("control character %#02x at column %d; remove it", c, col)
			}
		}
		if len(docs) == 0 {
			return nil, []*Error{e}
		}
		// The documents before the broken one are still read.
		skipped = append(skipped, e)
	}
	rules, more := collect(docs, name)
	return rules, append(more, skipped...)
}

// controlChar finds the first control character YAML does not allow
// (other than tab, newline and carriage return).
func controlChar(data []byte) (line, col int, c byte, found bool) {
	line, col = 1, 0
	for _, b := range data {
		col++
		switch {
		case b == '\n':
			line, col = line+1, 0
		case b < 0x20 && b != '\t' && b != '\r', b == 0x7f:
			return line, col, b, true
		}
	}
	return 0, 0, 0, false
}

// decode decodes every document of a file.
func decode(scratch *[]fastLine, data []byte) ([]document, error) {
	if docs, ok := fastDecodeWith(scratch, data); ok {
		return docs, nil
	}
	return decodeYAML(data)
}

// collect turns a file's documents into rules, applying Sigma's
// collection actions (global, reset, repeat).
func collect(docs []document, name string) ([]Rule, []*Error) {
	var rules []Rule
	var skipped []*Error
	var global map[string]any
	var prev map[string]any
	for i, d := range docs {
		m, ok := d.value.(map[string]any)
		if !ok {
			if d.value == nil {
				continue // an empty document (a stray ---)
			}
			skipped = append(skipped, &Error{Path: name, Line: d.line, Err: ErrShape,
				Detail: fmt.Sprintf("document %d is %s, not a mapping of title, logsource, detection…", i+1, kindOf(d.value))})
			continue
		}
		action, hasAction := m["action"]
		switch {
		case !hasAction:
			// The global document's values win over the rule's, as in
			// pySigma (SigmaCollection.from_dicts) and the legacy sigmac.
			doc := m
			if global != nil {
				doc = deepMerge(deepCopy(m), global)
			}
			prev = doc
			r, err := ruleOf(doc, name, d.line)
			if err != nil {
				skipped = append(skipped, err)
				continue
			}
			rules = append(rules, r)
		case action == "global":
			global = deepCopy(m)
			delete(global, "action")
			prev = global
		case action == "reset":
			global = nil
		case action == "repeat":
			if prev == nil {
				skipped = append(skipped, &Error{Path: name, Line: d.line, Err: ErrAction,
					Detail: "action: repeat with no document before it to repeat"})
				continue
			}
			r := deepCopy(m)
			delete(r, "action")
			doc := deepMerge(deepCopy(prev), r)
			prev = doc
			rule, err := ruleOf(doc, name, d.line)
			if err != nil {
				skipped = append(skipped, err)
				continue
			}
			rules = append(rules, rule)
		default:
			skipped = append(skipped, &Error{Path: name, Line: d.line, Err: ErrAction,
				Detail: fmt.Sprintf("action %v is not one of global, reset, repeat", action)})
		}
	}
	return rules, skipped
}

// deepMerge merges src into dst (which it may modify and returns): maps
// merge key by key, recursively; any other value of src replaces dst's.
func deepMerge(dst, src map[string]any) map[string]any {
	if dst == nil {
		dst = make(map[string]any, len(src))
	}
	for k, v := range src {
		if sm, ok := v.(map[string]any); ok {
			if dm, ok := dst[k].(map[string]any); ok {
				dst[k] = deepMerge(dm, sm)
				continue
			}
			dst[k] = deepCopy(sm)
			continue
		}
		dst[k] = copyValue(v)
	}
	return dst
}

func deepCopy(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	c := make(map[string]any, len(m))
	for k, v := range m {
		c[k] = copyValue(v)
	}
	return c
}

func copyValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		return deepCopy(x)
	case []any:
		c := make([]any, len(x))
		for i, e := range x {
			c[i] = copyValue(e)
		}
		return c
	}
	return v
}

func kindOf(v any) string {
	switch v.(type) {
	case []any:
		return "a list"
	case map[string]any:
		return "a mapping"
	case nil:
		return "empty"
	}
	return "a single value"
}

// sortStrings sorts and returns l.
func sortStrings(l []string) []string { sort.Strings(l); return l }
