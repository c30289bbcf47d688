package sigma

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"

	"gopkg.in/yaml.v3"

	"github.com/huntbook/huntbook/internal/yamlnode"
)

// document is one YAML document of a file, decoded: its value and the line
// of its first content.
type document struct {
	line  int
	value any
}

// decodeYAML decodes every document of data with yaml.v3.
func decodeYAML(data []byte) ([]document, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	budget := yamlnode.NewBudget(len(data))
	var docs []document
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			line, msg := yamlnode.Position(err)
			return docs, &Error{Line: line, Err: ErrSyntax, Detail: msg}
		}
		root := &n
		if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
			root = root.Content[0]
		}
		w := walker{budget: budget}
		v, err := w.value(root)
		if err != nil {
			return docs, err
		}
		docs = append(docs, document{line: root.Line, value: v})
	}
}

type walker struct {
	budget *yamlnode.Budget
	depth  int
}

// maxDepth bounds nesting through aliases (yaml.v3 bounds the nesting it
// parses).
const maxDepth = 10000

func (w *walker) value(n *yaml.Node) (any, error) {
	if err := w.budget.Spend(); err != nil {
		return nil, &Error{Line: n.Line, Err: ErrAliases, Detail: err.Error() + "; remove the aliases"}
	}
	w.depth++
	defer func() { w.depth-- }()
	if w.depth > maxDepth {
		return nil, &Error{Line: n.Line, Err: ErrAliases, Detail: "values nested too deeply (a recursive alias?)"}
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return w.value(n.Content[0])
	case yaml.AliasNode:
		t, err := w.budget.Follow(n)
		if err != nil {
			return nil, &Error{Line: n.Line, Err: ErrAliases, Detail: err.Error()}
		}
		return w.value(t)
	case yaml.ScalarNode:
		return scalar(n), nil
	case yaml.SequenceNode:
		l := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := w.value(c)
			if err != nil {
				return nil, err
			}
			l = append(l, v)
		}
		return l, nil
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		if err := w.mapping(m, n); err != nil {
			return nil, err
		}
		return m, nil
	}
	return nil, nil
}

// mapping fills m from the mapping node n. Merge keys (<<) are refused,
// as every huntbook YAML reader refuses them (package yamlnode).
func (w *walker) mapping(m map[string]any, n *yaml.Node) error {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if yamlnode.IsMerge(k) {
			return &Error{Line: k.Line, Err: ErrShape, Detail: yamlnode.ErrMerge.Error()}
		}
		key, err := w.key(k)
		if err != nil {
			return err
		}
		val, err := w.value(v)
		if err != nil {
			return err
		}
		m[key] = val
	}
	return nil
}

// key converts a mapping key to a string: a scalar as written (4688,
// true), anything else as its YAML flow text.
func (w *walker) key(k *yaml.Node) (string, error) {
	t, err := w.budget.Follow(k)
	if err != nil {
		return "", &Error{Line: k.Line, Err: ErrAliases, Detail: err.Error()}
	}
	k = t
	if k.Kind == yaml.ScalarNode {
		if k.ShortTag() == "!!null" {
			return "", nil
		}
		return k.Value, nil
	}
	v, err := w.value(k)
	if err != nil {
		return "", err
	}
	return fmt.Sprint(v), nil
}

// scalar decodes a scalar node as yaml.v3 resolves it: int, float64, bool,
// nil, or else (strings, timestamps, binary, custom tags) its text.
func scalar(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if n.Decode(&b) == nil {
			return b
		}
	case "!!int":
		var v any
		if n.Decode(&v) == nil {
			switch x := v.(type) {
			case int:
				return x
			case int64:
				if x >= math.MinInt && x <= math.MaxInt {
					return int(x)
				}
			case uint64:
				if x <= math.MaxInt {
					return int(x)
				}
			case float64:
				return x
			}
		}
		return n.Value
	case "!!float":
		var f float64
		if n.Decode(&f) == nil {
			return f
		}
	}
	return n.Value
}
