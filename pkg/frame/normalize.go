package frame

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"

	"gopkg.in/yaml.v3"

	"github.com/huntbook/huntbook/internal/yamlnode"
)

// Object is a record with its keys in order. Go maps forget key order, and
// pandas takes its column order from the records, so Normalize prefers
// Objects; plain maps are read in sorted key order.
type Object []KV

// KV is one key and value of an Object.
type KV struct {
	Key   string
	Value any
}

// MaxCells bounds the table Normalize builds (rows × columns): a few KB of
// records with a different key each would otherwise ask for a table of
// millions of cells, nearly all NaN.
var MaxCells = 1 << 24

// Normalize flattens a list of records into a frame like pandas'
// json_normalize: one row per record, one column per key in order of first
// appearance, nested records flattened to dotted keys (a.b), lists kept as
// list cells, keys a record lacks filled with NaN. Each record is an Object
// or a map[string]any.
func Normalize(records []any) *Frame {
	// First the flat records and the columns, so that the table's size is
	// known before any column is allocated.
	flats := make([]Object, len(records))
	var names []string
	pos := make(map[string]int)
	for r, rec := range records {
		switch x := rec.(type) {
		case Object:
			flats[r] = flatten(nil, "", x)
		case map[string]any:
			flats[r] = flatten(nil, "", objectOf(x))
		default:
			return errFrame(fmt.Errorf("frame: record %d is %T; want a map or frame.Object", r, rec))
		}
		for _, kv := range flats[r] {
			if _, ok := pos[kv.Key]; !ok {
				pos[kv.Key] = len(names)
				names = append(names, kv.Key)
			}
		}
	}
	if len(names)*len(records) > MaxCells {
		return errFrame(fmt.Errorf("frame: %d records with %d distinct keys would make a table of %d cells, more than %d; select the keys you need first",
			len(records), len(names), len(names)*len(records), MaxCells))
	}
	cols := make([][]any, len(names))
	for c := range cols {
		col := make([]any, len(records))
		for i := range col {
			col[i] = nanCell
		}
		cols[c] = col
	}
	for r, flat := range flats {
		for _, kv := range flat {
			cols[pos[kv.Key]][r] = kv.Value
		}
	}
	return FromColumns(names, cols, rangeLabels(len(records)))
}

// nanCell is one boxed NaN shared by the cells Normalize fills.
var nanCell any = math.NaN()

func objectOf(m map[string]any) Object {
	o := make(Object, 0, len(m))
	for _, k := range sortedKeys(m) {
		o = append(o, KV{k, m[k]})
	}
	return o
}

func flatten(out Object, prefix string, o Object) Object {
	for _, kv := range o {
		key := prefix + kv.Key
		switch x := kv.Value.(type) {
		case Object:
			out = flatten(out, key+".", x)
		case map[string]any:
			out = flatten(out, key+".", objectOf(x))
		default:
			out = append(out, KV{key, kv.Value})
		}
	}
	return out
}

// NormalizeJSON normalizes a JSON array of objects, keeping key order.
// Numbers that are integers become int64, others float64.
func NormalizeJSON(data []byte) *Frame {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := jsonValue(dec)
	if err != nil {
		return errFrame(fmt.Errorf("frame: %w", err))
	}
	list, ok := v.([]any)
	if !ok {
		return errFrame(errors.New("frame: JSON is not an array of objects"))
	}
	return Normalize(list)
}

func jsonValue(dec *json.Decoder) (any, error) {
	t, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			return nil, errors.New("unexpected end of JSON")
		}
		return nil, err
	}
	switch x := t.(type) {
	case json.Delim:
		switch x {
		case '[':
			var list []any
			for dec.More() {
				v, err := jsonValue(dec)
				if err != nil {
					return nil, err
				}
				list = append(list, v)
			}
			_, err := dec.Token()
			return list, err
		case '{':
			var o Object
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				v, err := jsonValue(dec)
				if err != nil {
					return nil, err
				}
				o = append(o, KV{kt.(string), v})
			}
			_, err := dec.Token()
			return o, err
		}
	case json.Number:
		if n, err := strconv.ParseInt(string(x), 10, 64); err == nil {
			return n, nil
		}
		f, err := x.Float64()
		return f, err
	}
	return t, nil
}

// NormalizeYAML normalizes a YAML list of mappings, keeping key order;
// .nan becomes NaN and null becomes None, as PyYAML and pandas read them.
func NormalizeYAML(data []byte) *Frame {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return errFrame(fmt.Errorf("frame: %w", err))
	}
	if len(doc.Content) == 0 {
		return errFrame(errors.New("frame: empty YAML"))
	}
	budget := 16*len(data) + 1024 // aliases may not expand past this many nodes
	v, err := yamlValue(doc.Content[0], 0, &budget)
	if err != nil {
		return errFrame(fmt.Errorf("frame: %w", err))
	}
	list, ok := v.([]any)
	if !ok {
		return errFrame(errors.New("frame: YAML is not a list of mappings"))
	}
	return Normalize(list)
}

func yamlValue(n *yaml.Node, depth int, budget *int) (any, error) {
	if depth > 100 {
		return nil, errors.New("YAML nested too deeply")
	}
	if *budget--; *budget < 0 {
		return nil, errors.New("YAML aliases expand to far more values than the input holds")
	}
	switch n.Kind {
	case yaml.AliasNode:
		return yamlValue(n.Alias, depth+1, budget)
	case yaml.SequenceNode:
		list := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := yamlValue(c, depth+1, budget)
			if err != nil {
				return nil, err
			}
			list = append(list, v)
		}
		return list, nil
	case yaml.MappingNode:
		o := make(Object, 0, len(n.Content)/2)
		if err := yamlnode.CheckMerge(n); err != nil {
			return nil, err
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := yamlValue(n.Content[i+1], depth+1, budget)
			if err != nil {
				return nil, err
			}
			o = append(o, KV{n.Content[i].Value, v})
		}
		return o, nil
	}
	var v any
	if err := n.Decode(&v); err != nil {
		return nil, fmt.Errorf("line %d: %w", n.Line, err)
	}
	if i, ok := v.(int); ok {
		return int64(i), nil
	}
	return v, nil
}
