package runner

import (
	"fmt"
	"os"

	"gopkg.in/yaml.v3"

	"github.com/huntbook/huntbook/internal/boundedread"
)

// ParamFileMax is the largest parameter file ReadParamFile reads.
const ParamFileMax = 1 << 20

// ReadParamFile reads the -f file of huntbook run: a YAML mapping of
// parameter names to scalars or lists, at most ParamFileMax bytes. Bind
// converts the values.
func ReadParamFile(path string) ([]Value, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("run: parameters: %w", err)
	}
	defer f.Close()
	b, err := boundedread.ReadAll(f, ParamFileMax, 0, boundedread.NoNUL)
	if err != nil {
		return nil, fmt.Errorf("run: parameters: %s: %w", path, err)
	}
	return ParamValues(b, path)
}

// ParamValues reads a YAML mapping of parameter names to scalars or lists;
// name is used in errors.
func ParamValues(b []byte, name string) ([]Value, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("run: %s: %v; it must be a YAML mapping of parameter names to values", name, err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, nil // an empty file sets nothing
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("run: %s:%d:%d: want a mapping of parameter names to values (name: value)", name, m.Line, m.Column)
	}
	var vals []Value
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		from := fmt.Sprintf("%s:%d", name, v.Line)
		val := Value{Name: k.Value, From: from}
		switch {
		case v.Kind == yaml.AliasNode && v.Alias != nil:
			v = v.Alias
		}
		switch v.Kind {
		case yaml.ScalarNode:
			val.Text, val.Null = v.Value, v.Tag == "!!null"
		case yaml.SequenceNode:
			val.IsList = true
			val.List = []string{}
			for _, it := range v.Content {
				if it.Kind != yaml.ScalarNode {
					return nil, fmt.Errorf("run: %s:%d:%d: parameter %s: a list may hold only plain values", name, it.Line, it.Column, k.Value)
				}
				val.List = append(val.List, it.Value)
			}
		default:
			return nil, fmt.Errorf("run: %s:%d:%d: parameter %s: want a value or a list of values", name, v.Line, v.Column, k.Value)
		}
		vals = append(vals, val)
	}
	return vals, nil
}
