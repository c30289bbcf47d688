package notebook

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
)

// Cell types.
const (
	Code     = "code"
	Markdown = "markdown"
	Raw      = "raw"
)

// Output types.
const (
	Stream        = "stream"
	DisplayData   = "display_data"
	ExecuteResult = "execute_result"
	Error         = "error"
)

// Tags huntbook gives a meaning to, as papermill does.
const (
	// TagParameters marks the cell that declares a notebook's parameters
	// and their default values.
	TagParameters = "parameters"
	// TagInjectedParameters marks the cell huntbook run inserts after the
	// parameters cell with the values it was given.
	TagInjectedParameters = "injected-parameters"
)

// Notebook is an nbformat 4 notebook.
type Notebook struct {
	// Metadata is the notebook's metadata object as read (kernelspec,
	// language_info, huntbook's run record, …). Numbers are json.Number.
	Metadata map[string]any
	// NBFormat and NBFormatMinor are the version the file declared; Write
	// always writes 4.5.
	NBFormat, NBFormatMinor int
	Cells                   []Cell
}

// Cell is one notebook cell.
type Cell struct {
	// ID is the nbformat 4.5 cell id; empty when the file had none.
	ID string
	// Type is Code, Markdown or Raw.
	Type string
	// Source is the cell's text, lines joined.
	Source   string
	Metadata map[string]any
	// Attachments of markdown and raw cells, as read.
	Attachments map[string]any
	// ExecutionCount of a code cell; nil when it has not run.
	ExecutionCount *int
	// Outputs of a code cell, in order.
	Outputs []Output
}

// Output is one output of a code cell, shaped like an nbformat 4 output.
// It is huntbook's one model of a cell output: the engine (package interp)
// produces it, the supervised engine (package engine) sends it between
// processes as JSON with these tags, the kernel publishes it and the runner
// stores it in the notebook Write produces.
type Output struct {
	Type string `json:"output_type"`
	// Stream: Name is "stdout" or "stderr"; Text is the text, joined.
	Name string `json:"name,omitempty"`
	Text string `json:"text,omitempty"`
	// DisplayData and ExecuteResult: MIME type → content. Text formats
	// are strings, binary formats []byte as the engine makes them or
	// base64 strings as read (Write encodes []byte as base64); JSON
	// formats (application/json, */*+json) are decoded JSON values.
	Data     map[string]any `json:"data,omitempty"`
	Metadata map[string]any `json:"metadata,omitempty"`
	// Transient is the Jupyter transient dict (display_id); it is sent to
	// front ends but never written to a file.
	Transient map[string]any `json:"transient,omitempty"`
	// ExecutionCount of an ExecuteResult.
	ExecutionCount *int `json:"execution_count,omitempty"`
	// Error: name, message and the lines to show.
	EName     string   `json:"ename,omitempty"`
	EValue    string   `json:"evalue,omitempty"`
	Traceback []string `json:"traceback,omitempty"`
}

// Tags returns the cell's tags (metadata.tags).
func (c *Cell) Tags() []string {
	list, _ := c.Metadata["tags"].([]any)
	tags := make([]string, 0, len(list))
	for _, t := range list {
		if s, ok := t.(string); ok {
			tags = append(tags, s)
		}
	}
	return tags
}

// HasTag reports whether the cell carries tag.
func (c *Cell) HasTag(tag string) bool { return slices.Contains(c.Tags(), tag) }

// Find returns the index of the first cell tagged tag, or -1.
func (nb *Notebook) Find(tag string) int {
	for i := range nb.Cells {
		if nb.Cells[i].HasTag(tag) {
			return i
		}
	}
	return -1
}

// IsJSONMIME reports whether a MIME type's content is JSON rather than text
// (application/json and types ending in +json), as nbformat decides.
func IsJSONMIME(mime string) bool {
	return mime == "application/json" || (strings.HasPrefix(mime, "application/") && strings.HasSuffix(mime, "+json"))
}

var idPattern = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,64}$`)

// Write writes nb as nbformat 4.5 JSON, as Jupyter does. Cells without an
// id get one ("cell-N", N the cell's number, made unique).
func (nb *Notebook) Write(w io.Writer) error {
	ids := nb.ids()
	cells := make([]any, len(nb.Cells))
	for i := range nb.Cells {
		cells[i] = cellJSON(&nb.Cells[i], ids[i])
	}
	doc := map[string]any{
		"cells":          cells,
		"metadata":       orEmpty(nb.Metadata),
		"nbformat":       4,
		"nbformat_minor": 5,
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("notebook: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// ids returns every cell's id: its own, or a generated unique one.
func (nb *Notebook) ids() []string {
	ids := make([]string, len(nb.Cells))
	taken := map[string]bool{}
	for i, c := range nb.Cells {
		if c.ID != "" && !taken[c.ID] {
			ids[i] = c.ID
			taken[c.ID] = true
		}
	}
	for i := range ids {
		if ids[i] != "" {
			continue
		}
		id := fmt.Sprintf("cell-%d", i+1)
		for n := 2; taken[id]; n++ {
			id = fmt.Sprintf("cell-%d-%d", i+1, n)
		}
		ids[i] = id
		taken[id] = true
	}
	return ids
}

func cellJSON(c *Cell, id string) map[string]any {
	m := map[string]any{
		"cell_type": c.Type,
		"id":        id,
		"metadata":  orEmpty(c.Metadata),
		"source":    lines(c.Source),
	}
	switch c.Type {
	case Code:
		if c.ExecutionCount != nil {
			m["execution_count"] = *c.ExecutionCount
		} else {
			m["execution_count"] = nil
		}
		outs := make([]any, len(c.Outputs))
		for i := range c.Outputs {
			outs[i] = outputJSON(&c.Outputs[i])
		}
		m["outputs"] = outs
	default:
		if c.Attachments != nil {
			m["attachments"] = c.Attachments
		}
	}
	return m
}

func outputJSON(o *Output) map[string]any {
	m := map[string]any{"output_type": o.Type}
	switch o.Type {
	case Stream:
		m["name"] = o.Name
		m["text"] = lines(o.Text)
	case DisplayData, ExecuteResult:
		data := make(map[string]any, len(o.Data))
		for mime, v := range o.Data {
			if b, ok := v.([]byte); ok {
				v = base64.StdEncoding.EncodeToString(b)
			}
			if s, ok := v.(string); ok && !IsJSONMIME(mime) {
				data[mime] = lines(s)
			} else {
				data[mime] = v
			}
		}
		m["data"] = data
		m["metadata"] = orEmpty(o.Metadata)
		if o.Type == ExecuteResult {
			if o.ExecutionCount != nil {
				m["execution_count"] = *o.ExecutionCount
			} else {
				m["execution_count"] = nil
			}
		}
	case Error:
		m["ename"] = o.EName
		m["evalue"] = o.EValue
		tb := o.Traceback
		if tb == nil {
			tb = []string{}
		}
		m["traceback"] = tb
	}
	return m
}

// lines splits s after each newline, as nbformat stores multiline strings.
func lines(s string) []string {
	out := []string{}
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// CellIDs returns every cell's id as Write will write it: its own, or a
// generated one for cells without.
func (nb *Notebook) CellIDs() []string { return nb.ids() }
