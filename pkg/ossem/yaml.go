package ossem

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"

	"gopkg.in/yaml.v3"

	"github.com/huntbook/huntbook/internal/yamlnode"
)

// MaxReferenceSize is the largest input the general YAML parser takes. It
// builds a node tree of the whole file (about 20 times the file in memory),
// so larger files must be in the flat shape the streaming scanner reads.
const MaxReferenceSize = 256 << 20

// parseReference parses data with gopkg.in/yaml.v3, the reference the fast
// scanner is tested against.
func parseReference(data []byte) (*Mapping, error) {
	if len(data) > MaxReferenceSize {
		return nil, &Error{Record: -1, Err: ErrTooLarge,
			Detail: fmt.Sprintf("%d bytes in a layout the streaming reader does not take (anchors, flow style, block scalars or several documents); the general YAML reader is limited to %d MiB", len(data), MaxReferenceSize>>20)}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &Error{Record: -1, Err: ErrEmpty, Detail: "the input is empty; expected a YAML list of OSSEM-DM records"}
		}
		return nil, syntaxError(err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, &Error{Line: extra.Line, Column: extra.Column, Record: -1, Err: ErrSyntax,
			Detail: "a second YAML document starts here; the mapping must be one document"}
	} else if !errors.Is(err, io.EOF) {
		return nil, syntaxError(err)
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	w := walker{budget: 8*len(data) + 1<<16}
	root = w.deref(root)
	if root == nil {
		return nil, w.err
	}
	if root.Kind != yaml.SequenceNode {
		return nil, &Error{Line: root.Line, Column: root.Column, Record: -1, Err: ErrNotList,
			Detail: fmt.Sprintf("found %s; expected a list whose items start with '- technique_id: ...'", w.kindName(root))}
	}
	m := &Mapping{Records: make([]Record, len(root.Content))}
	var a assembler
	var raw rawRecord
	for i, item := range root.Content {
		item = w.deref(item)
		if item == nil {
			return nil, w.err
		}
		if item.Kind != yaml.MappingNode {
			return nil, &Error{Line: item.Line, Column: item.Column, Record: i, Err: ErrShape,
				Detail: fmt.Sprintf("found %s; a record must be a mapping of keys to values", w.kindName(item))}
		}
		raw = rawRecord{line: item.Line, col: item.Column}
		for j := 0; j+1 < len(item.Content); j += 2 {
			k, v := w.deref(item.Content[j]), item.Content[j+1]
			if k == nil {
				return nil, w.err
			}
			if k.Kind != yaml.ScalarNode {
				return nil, &Error{Line: k.Line, Column: k.Column, Record: i, Err: ErrShape, Detail: "a key must be a plain name"}
			}
			if yamlnode.IsMerge(k) {
				return nil, &Error{Line: k.Line, Column: k.Column, Record: i, Err: ErrShape, Detail: yamlnode.ErrMerge.Error()}
			}
			val, err := w.value(v, i, k.Value)
			if err != nil {
				return nil, err
			}
			raw.keys = append(raw.keys, k.Value)
			raw.vals = append(raw.vals, val)
		}
		if err := a.add(&raw, i, &m.Records[i]); err != nil {
			return nil, err
		}
	}
	if err := a.finish(len(m.Records)); err != nil {
		return nil, err
	}
	m.Schema, m.Keys = a.schema, a.keys
	return m, nil
}

// syntaxError turns a yaml.v3 error into a positioned Error.
func syntaxError(err error) *Error {
	line, msg := yamlnode.Position(err)
	return &Error{Line: line, Record: -1, Err: ErrSyntax, Detail: msg}
}

// walker converts yaml.v3 nodes to values, following aliases within a budget
// so that an alias bomb stops with an error instead of exhausting memory.
type walker struct {
	budget int
	err    *Error
}

func (w *walker) deref(n *yaml.Node) *yaml.Node {
	for depth := 0; n != nil && n.Kind == yaml.AliasNode; depth++ {
		if depth > 100 || n.Alias == nil {
			w.err = &Error{Line: n.Line, Column: n.Column, Record: -1, Err: ErrSyntax, Detail: "alias chain too long"}
			return nil
		}
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.DocumentNode {
		w.err = &Error{Line: n.Line, Column: n.Column, Record: -1, Err: ErrSyntax, Detail: "unexpected document"}
		return nil
	}
	return n
}

func (w *walker) kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	if v, err := w.scalar(n); err == nil {
		return v.kind.String()
	}
	return "a scalar"
}

func (w *walker) value(n *yaml.Node, rec int, key string) (value, *Error) {
	n = w.deref(n)
	if n == nil {
		w.err.Record, w.err.Field = rec, key
		return value{}, w.err
	}
	w.budget--
	if w.budget < 0 {
		return value{}, &Error{Line: n.Line, Column: n.Column, Record: rec, Field: key, Err: ErrTooLarge,
			Detail: "aliases expand to far more values than the file holds (an alias bomb?)"}
	}
	switch n.Kind {
	case yaml.SequenceNode:
		v := value{kind: kSeq, line: n.Line, col: n.Column, items: make([]value, 0, len(n.Content))}
		for _, c := range n.Content {
			it, err := w.value(c, rec, key)
			if err != nil {
				return value{}, err
			}
			v.items = append(v.items, it)
		}
		return v, nil
	case yaml.MappingNode:
		v := value{kind: kMap, line: n.Line, col: n.Column}
		for j := 0; j+1 < len(n.Content); j += 2 {
			k := w.deref(n.Content[j])
			if k == nil || k.Kind != yaml.ScalarNode {
				return value{}, &Error{Line: n.Line, Column: n.Column, Record: rec, Field: key, Err: ErrShape, Detail: "a key must be a plain name"}
			}
			if yamlnode.IsMerge(k) {
				return value{}, &Error{Line: k.Line, Column: k.Column, Record: rec, Field: key, Err: ErrShape, Detail: yamlnode.ErrMerge.Error()}
			}
			it, err := w.value(n.Content[j+1], rec, key)
			if err != nil {
				return value{}, err
			}
			v.keys = append(v.keys, k.Value)
			v.items = append(v.items, it)
		}
		return v, nil
	}
	v, err := w.scalar(n)
	if err != nil {
		return value{}, &Error{Line: n.Line, Column: n.Column, Record: rec, Field: key, Err: ErrShape, Detail: err.Error()}
	}
	return v, nil
}

func (w *walker) scalar(n *yaml.Node) (value, error) {
	v := value{line: n.Line, col: n.Column, s: n.Value}
	switch n.ShortTag() {
	case "!!null":
		v.kind, v.s = kNull, ""
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err != nil {
			return v, err
		}
		v.kind, v.s = kBool, strconv.FormatBool(b)
	case "!!int":
		var i int64
		if err := n.Decode(&i); err != nil {
			return v, fmt.Errorf("integer %s out of range", n.Value)
		}
		v.kind, v.s = kInt, strconv.FormatInt(i, 10)
	case "!!float":
		var f float64
		if err := n.Decode(&f); err != nil {
			return v, err
		}
		if math.IsNaN(f) {
			v.kind, v.s = kNaN, ""
		} else {
			v.kind = kFloat
		}
	case "!!binary":
		return v, errors.New("binary values are not supported")
	default:
		v.kind = kStr
	}
	return v, nil
}
