package sigma

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// MaxValues is the most values (scalars, maps and lists, each alias
// expansion counted again) one file may decode to: an alias bomb stops
// here, with ErrAliases, instead of filling memory. The largest SigmaHQ
// rule (a list of vulnerable drivers, 295 KB) has about 8,000.
const MaxValues = 1 << 20

// document is one YAML document of a file, decoded: its value and the line
// of its first content.
type document struct {
	line  int
	value any
}

// decodeYAML decodes every document of data with yaml.v3.
func decodeYAML(data []byte) ([]document, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	budget := MaxValues
	var docs []document
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return docs, &Error{Line: yamlLine(err), Err: ErrSyntax, Detail: yamlDetail(err)}
		}
		root := &n
		if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
			root = root.Content[0]
		}
		w := walker{budget: &budget}
		v, err := w.value(root)
		if err != nil {
			return docs, err
		}
		docs = append(docs, document{line: root.Line, value: v})
	}
}

type walker struct {
	budget *int
	depth  int
}

// maxDepth bounds nesting through aliases (yaml.v3 bounds the nesting it
// parses).
const maxDepth = 10000

func (w *walker) value(n *yaml.Node) (any, error) {
	*w.budget--
	if *w.budget < 0 {
		return nil, &Error{Line: n.Line, Err: ErrAliases,
			Detail: fmt.Sprintf("the file decodes to more than %d values (an alias bomb?); split it or remove the aliases", MaxValues)}
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
		if n.Alias == nil {
			return nil, nil
		}
		return w.value(n.Alias)
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
		if err := w.mapping(m, n, false); err != nil {
			return nil, err
		}
		return m, nil
	}
	return nil, nil
}

// mapping fills m from the mapping node n. Merge keys (<<) merge their
// mapping or list of mappings; keys written in n win over merged ones.
func (w *walker) mapping(m map[string]any, n *yaml.Node, merged bool) error {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
			src := v
			if src.Kind == yaml.AliasNode && src.Alias != nil {
				src = src.Alias
			}
			var srcs []*yaml.Node
			switch src.Kind {
			case yaml.MappingNode:
				srcs = []*yaml.Node{src}
			case yaml.SequenceNode:
				srcs = src.Content
			}
			for _, s := range srcs {
				if s.Kind == yaml.AliasNode && s.Alias != nil {
					s = s.Alias
				}
				if s.Kind == yaml.MappingNode {
					*w.budget--
					if err := w.mapping(m, s, true); err != nil {
						return err
					}
				}
			}
			continue
		}
		key, err := w.key(k)
		if err != nil {
			return err
		}
		if _, dup := m[key]; dup && merged {
			continue
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
	if k.Kind == yaml.AliasNode && k.Alias != nil {
		k = k.Alias
	}
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

var lineRE = regexp.MustCompile(`line (\d+)`)

// yamlLine finds the line yaml.v3 names in an error, 0 if none.
func yamlLine(err error) int {
	if m := lineRE.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

// yamlDetail is yaml.v3's message without its "yaml: line N: " prefix.
func yamlDetail(err error) string {
	s := err.Error()
	s = strings.TrimPrefix(s, "yaml: ")
	if m := lineRE.FindStringIndex(s); m != nil && m[0] == 0 {
		s = strings.TrimPrefix(s[m[1]:], ": ")
	}
	return s
}
