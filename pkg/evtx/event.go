package evtx

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Event is one event record: the System fields and the event's data.
type Event struct {
	// File is the path the event was read from.
	File string `json:"file,omitempty"`

	Provider     string `json:"provider"`                // System/Provider@Name
	ProviderGUID string `json:"provider_guid,omitempty"` // System/Provider@Guid, "{…}" upper case
	// EventSourceName is System/Provider@EventSourceName, set by classic
	// (pre-Vista style) providers.
	EventSourceName string    `json:"event_source_name,omitempty"`
	Channel         string    `json:"channel"`
	Computer        string    `json:"computer"`
	UserID          string    `json:"user_id,omitempty"` // System/Security@UserID, a SID
	EventID         uint16    `json:"event_id"`
	Qualifiers      uint16    `json:"qualifiers,omitempty"`
	Version         uint8     `json:"version"`
	Level           uint8     `json:"level"`
	Opcode          uint8     `json:"opcode"`
	Task            uint16    `json:"task"`
	Keywords        uint64    `json:"keywords"`
	TimeCreated     time.Time `json:"time_created"`
	// RecordID is System/EventRecordID, or the record header's number when
	// the XML has none. The two differ in exported files: the header then
	// numbers records from 1.
	RecordID        uint64 `json:"record_id"`
	ProcessID       uint32 `json:"process_id"`
	ThreadID        uint32 `json:"thread_id"`
	ActivityID      string `json:"activity_id,omitempty"`
	RelatedActivity string `json:"related_activity_id,omitempty"`

	// Data is the EventData (or UserData) as name → value, in document
	// order; see the package comment for how names are given.
	Data []Field `json:"data"`
}

// Field is one named value of an event's data.
type Field struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Field returns the value of a data field, or of a System field under the
// name Sigma gives it (see the package comment). Data names are tried
// first exactly, then System names, then data names without regard to case.
func (e *Event) Field(name string) (string, bool) {
	for _, f := range e.Data {
		if f.Name == name {
			return f.Value, true
		}
	}
	if v, ok := e.system(name); ok {
		return v, true
	}
	for _, f := range e.Data {
		if strings.EqualFold(f.Name, name) {
			return f.Value, true
		}
	}
	if name == "Data" {
		var vals []string
		for _, f := range e.Data {
			if strings.HasPrefix(f.Name, "Data[") {
				vals = append(vals, f.Value)
			}
		}
		if vals != nil {
			return strings.Join(vals, "\n"), true
		}
	}
	return "", false
}

// SystemNames are the names under which Field answers System fields.
var SystemNames = []string{
	"EventID", "Channel", "Provider_Name", "Provider_Guid", "Provider_EventSourceName",
	"Computer", "Level", "Task", "Opcode", "Keywords", "Version", "Qualifiers",
	"EventRecordID", "ProcessID", "ThreadID", "UserID", "SystemTime", "ActivityID", "RelatedActivityID",
}

func (e *Event) system(name string) (string, bool) {
	switch name {
	case "EventID":
		return strconv.Itoa(int(e.EventID)), true
	case "Channel":
		return e.Channel, true
	case "Provider_Name", "Provider":
		return e.Provider, true
	case "Provider_Guid":
		return e.ProviderGUID, e.ProviderGUID != ""
	case "Provider_EventSourceName", "EventSourceName":
		return e.EventSourceName, e.EventSourceName != ""
	case "Computer", "ComputerName":
		return e.Computer, true
	case "Level":
		return strconv.Itoa(int(e.Level)), true
	case "Task":
		return strconv.Itoa(int(e.Task)), true
	case "Opcode":
		return strconv.Itoa(int(e.Opcode)), true
	case "Keywords":
		return "0x" + strconv.FormatUint(e.Keywords, 16), true
	case "Version":
		return strconv.Itoa(int(e.Version)), true
	case "Qualifiers":
		return strconv.Itoa(int(e.Qualifiers)), true
	case "EventRecordID", "RecordID":
		return strconv.FormatUint(e.RecordID, 10), true
	case "ProcessID", "Execution_ProcessID":
		return strconv.FormatUint(uint64(e.ProcessID), 10), true
	case "ThreadID", "Execution_ThreadID":
		return strconv.FormatUint(uint64(e.ThreadID), 10), true
	case "UserID", "Security_UserID":
		return e.UserID, e.UserID != ""
	case "SystemTime", "TimeCreated", "TimeCreated_SystemTime":
		return e.TimeCreated.Format(timeLayout), true
	case "ActivityID", "Correlation_ActivityID":
		return e.ActivityID, e.ActivityID != ""
	case "RelatedActivityID", "Correlation_RelatedActivityID":
		return e.RelatedActivity, e.RelatedActivity != ""
	}
	return "", false
}

// Map returns the event's fields as one map: System fields under their
// Sigma names and the data fields (a data field wins over a System field
// of the same name).
func (e *Event) Map() map[string]string {
	m := make(map[string]string, len(SystemNames)+len(e.Data))
	for _, n := range SystemNames {
		if v, ok := e.system(n); ok {
			m[n] = v
		}
	}
	for _, f := range e.Data {
		m[f.Name] = f.Value
	}
	return m
}

// String is a one-line summary: time, computer, channel, event ID, record.
func (e *Event) String() string {
	return fmt.Sprintf("%s %s %s %d #%d", e.TimeCreated.Format(time.RFC3339), e.Computer, e.Channel, e.EventID, e.RecordID)
}

// elem is an element of an event's XML after substitution.
type elem struct {
	name  string
	attrs []xattr
	kids  []*elem
	text  []byte
}

type xattr struct{ name, value string }

func (e *elem) attr(name string) string {
	for _, a := range e.attrs {
		if a.name == name {
			return a.value
		}
	}
	return ""
}

func (e *elem) child(name string) *elem {
	for _, k := range e.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// builder substitutes values into templates.
type builder struct {
	c      *chunk
	record uint64
	bytes  int
	steps  int
}

// step counts work that may render nothing (nodes visited, nested binary
// XML parsed), so that a record cannot multiply small templates into
// unbounded time.
func (b *builder) step(n int) error {
	b.steps += n
	b.c.steps += n
	if b.steps > maxSteps {
		return &FormatError{Offset: b.c.offset, Record: b.record,
			Err: fmt.Errorf("%w: event takes more than %d steps to render", ErrLimit, maxSteps)}
	}
	if b.c.steps > maxStepsPerChunk {
		return &FormatError{Offset: b.c.offset, Record: b.record,
			Err: fmt.Errorf("%w: chunk %d takes more than %d steps to render", ErrLimit, b.c.index, maxStepsPerChunk)}
	}
	return nil
}

func (b *builder) grow(n int) error {
	b.bytes += n
	b.c.bytes += n
	if b.bytes > maxEventBytes {
		return &FormatError{Offset: b.c.offset, Record: b.record,
			Err: fmt.Errorf("%w: event renders to more than %d bytes", ErrLimit, maxEventBytes)}
	}
	if b.c.bytes > maxChunkBytes {
		return &FormatError{Offset: b.c.offset, Record: b.record,
			Err: fmt.Errorf("%w: chunk %d renders to more than %d bytes", ErrLimit, b.c.index, maxChunkBytes)}
	}
	return nil
}

func (b *builder) eval(parent *elem, nodes []*node, vals []value, depth int) error {
	if depth > maxDepth {
		return &FormatError{Offset: b.c.offset, Record: b.record, Err: fmt.Errorf("%w: nesting deeper than %d", ErrLimit, maxDepth)}
	}
	for _, n := range nodes {
		if err := b.step(1); err != nil {
			return err
		}
		switch n.kind {
		case nElem:
			if emptyOptional(n, vals) {
				continue
			}
			if items, ok := arrayContent(n, vals); ok {
				// An element whose content is an array is repeated,
				// once per item, as Windows renders it.
				for _, it := range items {
					e := &elem{name: n.name, text: []byte(it)}
					for _, a := range n.attrs {
						v, present, err := b.text(a.value, vals, depth)
						if err != nil {
							return err
						}
						if present {
							e.attrs = append(e.attrs, xattr{a.name, v})
						}
					}
					if err := b.grow(len(n.name) + 8 + len(it)); err != nil {
						return err
					}
					parent.kids = append(parent.kids, e)
				}
				continue
			}
			e := &elem{name: n.name}
			if err := b.grow(len(n.name) + 8); err != nil {
				return err
			}
			for _, a := range n.attrs {
				v, present, err := b.text(a.value, vals, depth)
				if err != nil {
					return err
				}
				if present {
					e.attrs = append(e.attrs, xattr{a.name, v})
				}
			}
			if err := b.eval(e, n.children, vals, depth+1); err != nil {
				return err
			}
			parent.kids = append(parent.kids, e)
		case nText:
			if err := b.grow(len(n.text)); err != nil {
				return err
			}
			parent.text = append(parent.text, n.text...)
		case nCharRef:
			parent.text = append(parent.text, string(rune(n.char))...)
		case nEntityRef:
			parent.text = append(parent.text, entity(n.name)...)
		case nPI:
		case nSubst:
			if int(n.subst) >= len(vals) {
				continue
			}
			v := vals[n.subst]
			if v.typ == typeBinXML {
				if err := b.step(len(v.data)); err != nil {
					return err
				}
				p := parser{c: b.c, pos: v.off, end: v.off + len(v.data), depth: depth + 1, record: b.record}
				sub, err := p.document()
				if err != nil {
					return err
				}
				if err := b.eval(parent, sub, nil, depth+1); err != nil {
					return err
				}
				continue
			}
			n0 := len(parent.text)
			parent.text = render(parent.text, v.typ, v.data)
			if err := b.grow(len(parent.text) - n0); err != nil {
				return err
			}
		case nInstance:
			if err := b.eval(parent, n.tmpl.nodes, n.values, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// emptyOptional reports an element whose only content is an optional
// substitution of a null or empty value: such an element is left out.
func emptyOptional(n *node, vals []value) bool {
	if len(n.children) != 1 || n.children[0].kind != nSubst || !n.children[0].optional {
		return false
	}
	i := int(n.children[0].subst)
	return i >= len(vals) || vals[i].typ == typeNull || len(vals[i].data) == 0
}

// arrayContent reports the items of an element whose only content is a
// substitution of an array value.
func arrayContent(n *node, vals []value) ([]string, bool) {
	if len(n.children) != 1 || n.children[0].kind != nSubst {
		return nil, false
	}
	i := int(n.children[0].subst)
	if i >= len(vals) || vals[i].typ&typeArray == 0 {
		return nil, false
	}
	return items(vals[i].typ&^typeArray, vals[i].data), true
}

// text renders an attribute's value. An attribute made only of optional
// substitutions whose values are null or empty is absent.
func (b *builder) text(nodes []*node, vals []value, depth int) (string, bool, error) {
	present := false
	var out []byte
	for _, n := range nodes {
		switch n.kind {
		case nText:
			out = append(out, n.text...)
			present = true
		case nCharRef:
			out = append(out, string(rune(n.char))...)
			present = true
		case nEntityRef:
			out = append(out, entity(n.name)...)
			present = true
		case nSubst:
			if int(n.subst) >= len(vals) {
				continue
			}
			v := vals[n.subst]
			if n.optional && (v.typ == typeNull || len(v.data) == 0) {
				continue
			}
			present = true
			if v.typ != typeBinXML {
				out = render(out, v.typ, v.data)
			}
		}
	}
	if err := b.grow(len(out)); err != nil {
		return "", false, err
	}
	return string(out), present, nil
}

func entity(name string) string {
	switch name {
	case "lt":
		return "<"
	case "gt":
		return ">"
	case "amp":
		return "&"
	case "quot":
		return `"`
	case "apos":
		return "'"
	}
	return "&" + name + ";"
}

// fill sets the event's fields from its Event element.
func (ev *Event) fill(root *elem) {
	if sys := root.child("System"); sys != nil {
		for _, k := range sys.kids {
			switch k.name {
			case "Provider":
				ev.Provider = k.attr("Name")
				ev.ProviderGUID = k.attr("Guid")
				ev.EventSourceName = k.attr("EventSourceName")
			case "EventID":
				ev.EventID = uint16(atou(string(k.text), 16))
				ev.Qualifiers = uint16(atou(k.attr("Qualifiers"), 16))
			case "Version":
				ev.Version = uint8(atou(string(k.text), 8))
			case "Level":
				ev.Level = uint8(atou(string(k.text), 8))
			case "Task":
				ev.Task = uint16(atou(string(k.text), 16))
			case "Opcode":
				ev.Opcode = uint8(atou(string(k.text), 8))
			case "Keywords":
				ev.Keywords = atou(string(k.text), 64)
			case "TimeCreated":
				if t, err := time.Parse(time.RFC3339Nano, k.attr("SystemTime")); err == nil {
					ev.TimeCreated = t
				}
			case "Correlation":
				ev.ActivityID = k.attr("ActivityID")
				ev.RelatedActivity = k.attr("RelatedActivityID")
			case "Execution":
				ev.ProcessID = uint32(atou(k.attr("ProcessID"), 32))
				ev.ThreadID = uint32(atou(k.attr("ThreadID"), 32))
			case "EventRecordID":
				if id := atou(string(k.text), 64); id != 0 {
					ev.RecordID = id
				}
			case "Channel":
				ev.Channel = string(k.text)
			case "Computer":
				ev.Computer = string(k.text)
			case "Security":
				ev.UserID = k.attr("UserID")
			}
		}
	}
	for _, k := range root.kids {
		switch k.name {
		case "System", "RenderingInfo":
			// RenderingInfo (forwarded events) holds the message and the
			// names of level, task and opcode as the forwarder rendered
			// them; its leaves would shadow System fields.
		case "EventData":
			unnamed := 0
			for _, d := range k.kids {
				if d.name == "Data" {
					name := d.attr("Name")
					if name == "" {
						unnamed++
						name = "Data[" + strconv.Itoa(unnamed) + "]"
					}
					ev.Data = append(ev.Data, Field{name, string(d.text)})
					for _, g := range d.kids {
						ev.leaves(g)
					}
					continue
				}
				ev.leaves(d)
			}
		default: // UserData, ProcessingErrorData, DebugData, BinaryEventData
			for _, d := range k.kids {
				ev.leaves(d)
			}
			if len(k.kids) == 0 && len(k.text) > 0 {
				ev.Data = append(ev.Data, Field{k.name, string(k.text)})
			}
		}
	}
}

// leaves adds the leaf elements under e as fields named by their element.
func (ev *Event) leaves(e *elem) {
	if len(e.kids) == 0 {
		ev.Data = append(ev.Data, Field{e.name, string(e.text)})
		return
	}
	for _, k := range e.kids {
		ev.leaves(k)
	}
}

// atou parses a decimal or 0x-prefixed hexadecimal number, 0 when invalid.
func atou(s string, bits int) uint64 {
	s = strings.TrimSpace(s)
	var v uint64
	var err error
	if rest, ok := strings.CutPrefix(s, "0x"); ok {
		v, err = strconv.ParseUint(rest, 16, bits)
	} else {
		v, err = strconv.ParseUint(s, 10, bits)
	}
	if err != nil {
		return 0
	}
	return v
}
