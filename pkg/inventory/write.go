package inventory

import (
	"io"
	"strconv"

	"gopkg.in/yaml.v3"
)

// Write writes the inventory as YAML that Parse reads back: name,
// description, then one entry per event, each with its partial, reason and
// partial_for keys where set. header, if not empty, is written as a comment
// above everything (where the inventory came from).
func Write(w io.Writer, inv *Inventory, header string) error {
	str := func(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: v, Tag: "!!str"} }
	key := func(m *yaml.Node, k string, v *yaml.Node) { m.Content = append(m.Content, str(k), v) }
	root := &yaml.Node{Kind: yaml.MappingNode, HeadComment: header}
	key(root, "name", str(inv.Name))
	if inv.Description != "" {
		key(root, "description", str(inv.Description))
	}
	list := &yaml.Node{Kind: yaml.SequenceNode}
	for _, e := range inv.Entries {
		m := &yaml.Node{Kind: yaml.MappingNode}
		if e.Table != "" {
			key(m, "table", str(e.Table))
		} else {
			if e.Channel != "" {
				key(m, "channel", str(e.Channel))
			}
			if e.Provider != "" {
				key(m, "provider", str(e.Provider))
			}
			id := str(e.EventID)
			if _, err := strconv.Atoi(e.EventID); err == nil {
				id.Tag = "!!int"
			}
			key(m, "event_id", id)
		}
		if e.Partial {
			key(m, "partial", &yaml.Node{Kind: yaml.ScalarNode, Value: "true", Tag: "!!bool"})
		}
		if len(e.PartialFor) > 0 {
			l := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
			for _, c := range e.PartialFor {
				l.Content = append(l.Content, str(c))
			}
			key(m, "partial_for", l)
		}
		if e.Reason != "" {
			key(m, "reason", str(e.Reason))
		}
		if e.Note != "" {
			key(m, "note", str(e.Note))
		}
		list.Content = append(list.Content, m)
	}
	key(root, "events", list)
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}); err != nil {
		return err
	}
	return enc.Close()
}
