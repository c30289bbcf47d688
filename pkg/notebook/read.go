package notebook

import (
	"github.com/huntbook/huntbook/internal/boundedread"

	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"unicode/utf8"
)

// MaxSize is the largest notebook Read accepts, in bytes.
const MaxSize = 1 << 30

// ErrInvalid is wrapped by every error about the content of a notebook file.
var ErrInvalid = errors.New("not a valid nbformat 4 notebook")

// ParseError describes a problem in a notebook file and where it is.
type ParseError struct {
	Name      string // the file's name as given to Read
	Line, Col int    // 1-based position in the file; 0 when unknown
	Cell      int    // 1-based cell number; 0 when not inside a cell
	Msg       string
	Err       error // the underlying error, if any (a JSON syntax error)
}

func (e *ParseError) Error() string {
	var b bytes.Buffer
	b.WriteString("notebook: ")
	b.WriteString(e.Name)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", e.Line, e.Col)
	}
	b.WriteString(": ")
	if e.Cell > 0 {
		fmt.Fprintf(&b, "cell %d: ", e.Cell)
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns ErrInvalid and the underlying error.
func (e *ParseError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrInvalid, e.Err}
	}
	return []error{ErrInvalid}
}

// ReadFile reads the notebook at path.
func ReadFile(path string) (*Notebook, error) {
	src, err := ReadSource(path)
	if err != nil {
		return nil, err
	}
	return Parse(src, path)
}

// ReadSource reads the bytes of the notebook file at path, at most MaxSize
// (package boundedread: no more memory than the file holds); a NUL byte
// stops the read at once, since a notebook is JSON text (huntbook run
// /dev/zero fails at once instead of reading a gigabyte).
func ReadSource(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("notebook: %w", err)
	}
	defer f.Close()
	var hint int64
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		hint = fi.Size()
	}
	return readAll(f, path, hint)
}

func readAll(r io.Reader, name string, hint int64) ([]byte, error) {
	src, err := boundedread.ReadAll(r, MaxSize, hint, textCheck(name))
	var pe *ParseError
	switch {
	case errors.As(err, &pe):
		return nil, pe
	case errors.Is(err, boundedread.ErrTooLarge):
		return nil, &ParseError{Name: name, Msg: fmt.Sprintf("larger than %d bytes", MaxSize)}
	case err != nil:
		return nil, fmt.Errorf("notebook: %s: %w", name, err)
	}
	return src, nil
}

// textCheck stops a read at a NUL byte, unless the input starts with a
// UTF-16 or UTF-32 byte order mark (Parse names those encodings).
func textCheck(name string) func(int64, []byte) error {
	wide := false
	line, col := 1, 1
	return func(off int64, b []byte) error {
		if off == 0 {
			wide = bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}) ||
				bytes.HasPrefix(b, []byte{0, 0, 0xFE, 0xFF})
		}
		if wide {
			return nil
		}
		i := bytes.IndexByte(b, 0)
		end := len(b)
		if i >= 0 {
			end = i
		}
		if n := bytes.Count(b[:end], []byte{'\n'}); n > 0 {
			line += n
			col = end - bytes.LastIndexByte(b[:end], '\n')
		} else {
			col += end
		}
		if i >= 0 {
			return &ParseError{Name: name, Line: line, Col: col, Msg: "a NUL byte: this is not a text file; a notebook is a .ipynb JSON file"}
		}
		return nil
	}
}

// Read reads a notebook; name is used in errors.
func Read(r io.Reader, name string) (*Notebook, error) {
	src, err := readAll(r, name, 0)
	if err != nil {
		return nil, err
	}
	return Parse(src, name)
}

// Parse reads a notebook from its bytes; name is used in errors.
func Parse(src []byte, name string) (*Notebook, error) {
	p := &parser{src: src, name: name}
	nb, err := p.notebook()
	if err != nil {
		return nil, err
	}
	return nb, nil
}

// parser walks the file with offsets, so errors can name a line and column.
type parser struct {
	src  []byte
	name string
	cell int // the cell being read, 1-based
}

// node is one JSON value: src[off:end].
type node struct{ off, end int }

func (p *parser) raw(n node) []byte { return p.src[n.off:n.end] }

func (p *parser) kind(n node) string {
	switch c := p.src[n.off]; c {
	case '{':
		return "an object"
	case '[':
		return "a list"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

func (p *parser) errAt(off int, format string, args ...any) error {
	line, col := position(p.src, off)
	return &ParseError{Name: p.name, Line: line, Col: col, Cell: p.cell, Msg: fmt.Sprintf(format, args...)}
}

// position turns a byte offset into a 1-based line and column (in runes).
func position(src []byte, off int) (line, col int) {
	off = min(off, len(src))
	line = 1 + bytes.Count(src[:off], []byte("\n"))
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	return line, 1 + utf8.RuneCount(src[start:off])
}

// skip moves past whitespace and the separators , and :.
func (p *parser) skip(off int) int {
	for off < len(p.src) {
		switch p.src[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
		default:
			return off
		}
	}
	return off
}

// syntax checks that the whole file is one JSON value and returns it.
func (p *parser) syntax() (node, error) {
	dec := json.NewDecoder(bytes.NewReader(p.src))
	var v json.RawMessage
	if err := dec.Decode(&v); err != nil {
		off := len(p.src)
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off = int(se.Offset) - 1 // Offset counts the bad byte
		}
		if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
			err = io.ErrUnexpectedEOF
			return node{}, &ParseError{Name: p.name, Msg: "the file ends before the notebook does (is it truncated?)", Err: err}
		}
		line, col := position(p.src, off)
		return node{}, &ParseError{Name: p.name, Line: line, Col: col, Msg: err.Error() + " (is this a .ipynb file?)", Err: err}
	}
	if _, err := dec.Token(); err != io.EOF {
		return node{}, p.errAt(p.skip(int(dec.InputOffset())), "unexpected text after the notebook's closing brace")
	}
	start := p.skip(0)
	return node{start, int(dec.InputOffset())}, nil
}

// object returns the members of an object in file order.
func (p *parser) object(n node, what string) ([]string, map[string]node, error) {
	if p.src[n.off] != '{' {
		return nil, nil, p.errAt(n.off, "%s: want an object, found %s", what, p.kind(n))
	}
	dec := json.NewDecoder(bytes.NewReader(p.raw(n)))
	dec.Token() // {
	var keys []string
	vals := map[string]node{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, nil, p.errAt(n.off+int(dec.InputOffset()), "%s: %v", what, err)
		}
		key := t.(string)
		start := p.skip(n.off + int(dec.InputOffset()))
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, nil, p.errAt(start, "%s: %v", what, err)
		}
		if _, dup := vals[key]; !dup {
			keys = append(keys, key)
		}
		vals[key] = node{start, n.off + int(dec.InputOffset())}
	}
	return keys, vals, nil
}

// list returns the elements of a list.
func (p *parser) list(n node, what string) ([]node, error) {
	if p.src[n.off] != '[' {
		return nil, p.errAt(n.off, "%s: want a list, found %s", what, p.kind(n))
	}
	dec := json.NewDecoder(bytes.NewReader(p.raw(n)))
	dec.Token() // [
	var out []node
	for dec.More() {
		start := p.skip(n.off + int(dec.InputOffset()))
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, p.errAt(start, "%s: %v", what, err)
		}
		out = append(out, node{start, n.off + int(dec.InputOffset())})
	}
	return out, nil
}

func (p *parser) str(n node, what string) (string, error) {
	if p.src[n.off] != '"' {
		return "", p.errAt(n.off, "%s: want a string, found %s", what, p.kind(n))
	}
	var s string
	if err := json.Unmarshal(p.raw(n), &s); err != nil {
		return "", p.errAt(n.off, "%s: %v", what, err)
	}
	return s, nil
}

// multiline reads nbformat's multiline string: a string or a list of strings.
func (p *parser) multiline(n node, what string) (string, error) {
	switch p.src[n.off] {
	case '"':
		return p.str(n, what)
	case '[':
		items, err := p.list(n, what)
		if err != nil {
			return "", err
		}
		var b bytes.Buffer
		for _, it := range items {
			if p.src[it.off] != '"' {
				return "", p.errAt(it.off, "%s: want a string or a list of strings, found a list holding %s", what, p.kind(it))
			}
			s, err := p.str(it, what)
			if err != nil {
				return "", err
			}
			b.WriteString(s)
		}
		return b.String(), nil
	}
	return "", p.errAt(n.off, "%s: want a string or a list of strings, found %s", what, p.kind(n))
}

func (p *parser) strings(n node, what string) ([]string, error) {
	items, err := p.list(n, what)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		s, err := p.str(it, what+" item")
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// integer reads a non-negative integer, or null when nullable.
func (p *parser) integer(n node, what string, nullable bool) (*int, error) {
	raw := string(p.raw(n))
	if nullable && raw == "null" {
		return nil, nil
	}
	v, err := strconv.Atoi(raw)
	if err != nil || v < 0 {
		want := "a non-negative integer"
		if nullable {
			want += " or null"
		}
		found := p.kind(n)
		if found == "a number" {
			found = raw
		}
		return nil, p.errAt(n.off, "%s: want %s, found %s", what, want, found)
	}
	return &v, nil
}

// value decodes any JSON value, numbers kept as json.Number.
func (p *parser) value(n node, what string) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(p.raw(n)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, p.errAt(n.off, "%s: %v", what, err)
	}
	return v, nil
}

func (p *parser) meta(n node, what string) (map[string]any, error) {
	if p.src[n.off] != '{' {
		return nil, p.errAt(n.off, "%s: want an object, found %s", what, p.kind(n))
	}
	v, err := p.value(n, what)
	if err != nil {
		return nil, err
	}
	return v.(map[string]any), nil
}

func (p *parser) notebook() (*Notebook, error) {
	top, err := p.syntax()
	if err != nil {
		return nil, err
	}
	if p.src[top.off] != '{' {
		return nil, p.errAt(top.off, "want a JSON object (a notebook), found %s", p.kind(top))
	}
	_, f, err := p.object(top, "notebook")
	if err != nil {
		return nil, err
	}
	nb := &Notebook{}
	n, ok := f["nbformat"]
	if !ok {
		return nil, p.errAt(top.off, `"nbformat" is missing (is this a Jupyter notebook?)`)
	}
	v, err := p.integer(n, `"nbformat"`, false)
	if err != nil {
		return nil, err
	}
	nb.NBFormat = *v
	if nb.NBFormat != 4 {
		return nil, p.errAt(n.off, "nbformat %d is not supported; convert it to nbformat 4 with: jupyter nbconvert --to notebook --nbformat 4 %s", nb.NBFormat, p.name)
	}
	if n, ok := f["nbformat_minor"]; ok {
		v, err := p.integer(n, `"nbformat_minor"`, false)
		if err != nil {
			return nil, err
		}
		nb.NBFormatMinor = *v
	}
	if n, ok := f["metadata"]; ok {
		if nb.Metadata, err = p.meta(n, `"metadata"`); err != nil {
			return nil, err
		}
	}
	n, ok = f["cells"]
	if !ok {
		return nil, p.errAt(top.off, `"cells" is missing`)
	}
	cells, err := p.list(n, `"cells"`)
	if err != nil {
		return nil, err
	}
	nb.Cells = make([]Cell, 0, len(cells))
	ids := map[string]int{}
	for i, cn := range cells {
		p.cell = i + 1
		c, err := p.readCell(cn)
		if err != nil {
			return nil, err
		}
		if c.ID != "" {
			if first, dup := ids[c.ID]; dup {
				return nil, p.errAt(cn.off, `"id": %q is also the id of cell %d; cell ids must be unique`, c.ID, first)
			}
			ids[c.ID] = i + 1
		}
		nb.Cells = append(nb.Cells, c)
	}
	p.cell = 0
	return nb, nil
}

func (p *parser) readCell(n node) (Cell, error) {
	var c Cell
	_, f, err := p.object(n, "cell")
	if err != nil {
		return c, err
	}
	t, ok := f["cell_type"]
	if !ok {
		return c, p.errAt(n.off, `"cell_type" is missing`)
	}
	if c.Type, err = p.str(t, `"cell_type"`); err != nil {
		return c, err
	}
	if c.Type != Code && c.Type != Markdown && c.Type != Raw {
		return c, p.errAt(t.off, `"cell_type": want "code", "markdown" or "raw", found %q`, c.Type)
	}
	if id, ok := f["id"]; ok {
		if c.ID, err = p.str(id, `"id"`); err != nil {
			return c, err
		}
		if !idPattern.MatchString(c.ID) {
			return c, p.errAt(id.off, `"id": %q is not a cell id (1 to 64 letters, digits, - and _)`, c.ID)
		}
	}
	src, ok := f["source"]
	if !ok {
		return c, p.errAt(n.off, `"source" is missing`)
	}
	if c.Source, err = p.multiline(src, `"source"`); err != nil {
		return c, err
	}
	if m, ok := f["metadata"]; ok {
		if c.Metadata, err = p.meta(m, `"metadata"`); err != nil {
			return c, err
		}
		if tags, ok := c.Metadata["tags"]; ok {
			list, isList := tags.([]any)
			for _, t := range list {
				if _, isStr := t.(string); !isStr {
					isList = false
				}
			}
			if !isList {
				return c, p.errAt(m.off, `"metadata": "tags": want a list of strings`)
			}
		}
	}
	if c.Type != Code {
		if a, ok := f["attachments"]; ok {
			if c.Attachments, err = p.meta(a, `"attachments"`); err != nil {
				return c, err
			}
		}
		return c, nil
	}
	if ec, ok := f["execution_count"]; ok {
		if c.ExecutionCount, err = p.integer(ec, `"execution_count"`, true); err != nil {
			return c, err
		}
	}
	if o, ok := f["outputs"]; ok {
		outs, err := p.list(o, `"outputs"`)
		if err != nil {
			return c, err
		}
		for j, on := range outs {
			out, err := p.readOutput(on, j+1)
			if err != nil {
				return c, err
			}
			c.Outputs = append(c.Outputs, out)
		}
	}
	return c, nil
}

func (p *parser) readOutput(n node, num int) (Output, error) {
	var o Output
	what := fmt.Sprintf("output %d", num)
	_, f, err := p.object(n, what)
	if err != nil {
		return o, err
	}
	t, ok := f["output_type"]
	if !ok {
		return o, p.errAt(n.off, `%s: "output_type" is missing`, what)
	}
	if o.Type, err = p.str(t, what+` "output_type"`); err != nil {
		return o, err
	}
	field := func(key string) (node, error) {
		v, ok := f[key]
		if !ok {
			return v, p.errAt(n.off, "%s (%s): %q is missing", what, o.Type, key)
		}
		return v, nil
	}
	switch o.Type {
	case Stream:
		nn, err := field("name")
		if err != nil {
			return o, err
		}
		if o.Name, err = p.str(nn, what+` "name"`); err != nil {
			return o, err
		}
		tn, err := field("text")
		if err != nil {
			return o, err
		}
		if o.Text, err = p.multiline(tn, what+` "text"`); err != nil {
			return o, err
		}
	case DisplayData, ExecuteResult:
		dn, err := field("data")
		if err != nil {
			return o, err
		}
		mimes, data, err := p.object(dn, what+` "data"`)
		if err != nil {
			return o, err
		}
		o.Data = make(map[string]any, len(mimes))
		for _, mime := range mimes {
			v := data[mime]
			if IsJSONMIME(mime) {
				if o.Data[mime], err = p.value(v, what+" "+strconv.Quote(mime)); err != nil {
					return o, err
				}
				continue
			}
			if o.Data[mime], err = p.multiline(v, what+" "+strconv.Quote(mime)); err != nil {
				return o, err
			}
		}
		if m, ok := f["metadata"]; ok {
			if o.Metadata, err = p.meta(m, what+` "metadata"`); err != nil {
				return o, err
			}
		}
		if o.Type == ExecuteResult {
			if ec, ok := f["execution_count"]; ok {
				if o.ExecutionCount, err = p.integer(ec, what+` "execution_count"`, true); err != nil {
					return o, err
				}
			}
		}
	case Error:
		for _, k := range []struct {
			key string
			dst *string
		}{{"ename", &o.EName}, {"evalue", &o.EValue}} {
			v, err := field(k.key)
			if err != nil {
				return o, err
			}
			if *k.dst, err = p.str(v, what+" "+strconv.Quote(k.key)); err != nil {
				return o, err
			}
		}
		tb, err := field("traceback")
		if err != nil {
			return o, err
		}
		if o.Traceback, err = p.strings(tb, what+` "traceback"`); err != nil {
			return o, err
		}
	default:
		return o, p.errAt(t.off, `%s: "output_type": want "stream", "display_data", "execute_result" or "error", found %q`, what, o.Type)
	}
	return o, nil
}
