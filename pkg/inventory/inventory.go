package inventory

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/huntbook/huntbook/internal/boundedread"
	"github.com/huntbook/huntbook/internal/yamlnode"
	"github.com/huntbook/huntbook/pkg/logsource"
)

// MaxSize is the largest inventory read, in bytes.
const MaxSize = 16 << 20

// Sentinel errors, matched with errors.Is.
var (
	ErrSyntax     = errors.New("malformed file")
	ErrUnknownKey = errors.New("unknown key")
	ErrIncomplete = errors.New("incomplete entry")
	ErrConflict   = errors.New("conflicting keys")
	ErrShape      = errors.New("wrong shape")
	ErrEmpty      = errors.New("no entries")
	ErrFormat     = errors.New("unknown format")
)

// Error is a problem at a place in an inventory file.
type Error struct {
	Source string // the file name, or "-" for standard input
	Line   int    // 1-based; 0 if unknown
	Column int    // 1-based; 0 if unknown
	Err    error  // one of the sentinel errors
	Detail string // what is wrong and what to write instead
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("inventory: ")
	if e.Source != "" {
		b.WriteString(e.Source)
		if e.Line > 0 {
			b.WriteString(":" + strconv.Itoa(e.Line))
			if e.Column > 0 {
				b.WriteString(":" + strconv.Itoa(e.Column))
			}
		}
		b.WriteString(": ")
	}
	b.WriteString(e.Err.Error())
	if e.Detail != "" {
		b.WriteString(": " + e.Detail)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Format is an inventory file format.
type Format string

const (
	YAML Format = "yaml"
	CSV  Format = "csv"
)

// Entry is one collected event: Table alone, or EventID with Channel
// and/or Provider.
type Entry struct {
	Channel  string `json:"channel,omitempty"`
	Provider string `json:"provider,omitempty"`
	EventID  string `json:"event_id,omitempty"`
	Table    string `json:"table,omitempty"`
	Note     string `json:"note,omitempty"`
	// Partial is true when the event is collected only in part: a Sysmon
	// event type filtered by rules, 4688 without its command line.
	Partial bool `json:"partial,omitempty"`
	// Reason says why the event is collected in part (or, for a full
	// one, how the configuration it came from collects it).
	Reason string `json:"reason,omitempty"`
	// PartialFor limits Partial to the named data components ("command
	// execution"): for the others the event counts in full. Empty: Partial
	// holds for every component.
	PartialFor []string `json:"partial_for,omitempty"`
	Line       int      `json:"line"` // the line of the entry in its file (its row for CSV)
}

// PartialIn reports whether the entry counts as collected in part for the
// data component (as the mapping names it).
func (e Entry) PartialIn(component string) bool {
	if !e.Partial {
		return false
	}
	if len(e.PartialFor) == 0 {
		return true
	}
	for _, c := range e.PartialFor {
		if logsource.EqualFold(c, component) {
			return true
		}
	}
	return false
}

// String names the entry the way huntbook prints events: "Security 4688",
// "Microsoft-Windows-Sysmon 10", "DeviceProcessEvents".
func (e Entry) String() string {
	if e.Table != "" {
		return e.Table
	}
	src := e.Channel
	if src == "" {
		src = e.Provider
	}
	return src + " " + e.EventID
}

// Matches reports whether a mapped event (its channel, provider and
// event_id as the mapping gives them, "" when missing) is the one the entry
// names. See the package comment for the rules.
func (e Entry) Matches(channel, provider, eventID string) bool {
	if e.Table != "" {
		return logsource.EqualFold(eventID, e.Table)
	}
	ev := logsource.Event{Channel: channel, Provider: provider, ID: eventID}
	return ev.Matches(logsource.Event{Channel: e.Channel, Provider: e.Provider, ID: e.EventID})
}

// Inventory is a list of collected events.
type Inventory struct {
	// Name is the inventory's name (YAML name key), or the file's base name
	// without its extension.
	Name string `json:"name"`
	// Source is the file read, or "-" for standard input.
	Source string `json:"source"`
	// Description is the YAML description key, "" if none.
	Description string `json:"description,omitempty"`
	// SHA256 is the hex SHA-256 of the bytes parsed, for provenance.
	SHA256  string  `json:"sha256,omitempty"`
	Entries []Entry `json:"entries"`
}

// Matches reports whether any entry matches the mapped event.
func (inv *Inventory) Matches(channel, provider, eventID string) bool {
	for _, e := range inv.Entries {
		if e.Matches(channel, provider, eventID) {
			return true
		}
	}
	return false
}

// Load reads an inventory file; its extension (.yaml, .yml or .csv)
// gives its format. "-" reads YAML from stdin.
func Load(path string, stdin io.Reader) (*Inventory, error) {
	format, err := FormatOf(path)
	if err != nil {
		return nil, err
	}
	var r io.Reader
	if path == "-" {
		if stdin == nil {
			stdin = os.Stdin
		}
		r = stdin
	}
	var hint int64
	if r == nil {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("inventory: %w", err)
		}
		defer f.Close()
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			hint = fi.Size()
		}
		r = f
	}
	data, err := boundedread.ReadAll(r, MaxSize, hint, nil)
	if errors.Is(err, boundedread.ErrTooLarge) {
		return nil, &Error{Source: path, Err: ErrShape, Detail: fmt.Sprintf("larger than %d MB", MaxSize>>20)}
	}
	if err != nil {
		return nil, fmt.Errorf("inventory: reading %s: %w", path, err)
	}
	return Parse(data, path, format)
}

// FormatOf returns the format a path's extension names ("-" is YAML).
func FormatOf(path string) (Format, error) {
	if path == "-" {
		return YAML, nil
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml":
		return YAML, nil
	case ".csv":
		return CSV, nil
	}
	return "", &Error{Source: path, Err: ErrFormat, Detail: "name the file .yaml, .yml or .csv"}
}

// Parse reads an inventory in the given format; name is used in errors and
// as the default Name.
func Parse(data []byte, name string, format Format) (*Inventory, error) {
	sum := sha256.Sum256(data)
	inv := &Inventory{Source: name, Name: strings.TrimSuffix(filepath.Base(name), filepath.Ext(name)), SHA256: hex.EncodeToString(sum[:])}
	if name == "-" || name == "" {
		inv.Name = "inventory"
	}
	var err error
	switch format {
	case YAML:
		err = parseYAML(inv, data)
	case CSV:
		err = parseCSV(inv, data)
	default:
		return nil, &Error{Source: name, Err: ErrFormat, Detail: fmt.Sprintf("%q; use yaml or csv", format)}
	}
	if err != nil {
		return nil, err
	}
	if len(inv.Entries) == 0 {
		return nil, &Error{Source: name, Err: ErrEmpty, Detail: "list at least one event (see huntbook help coverage)"}
	}
	return inv, nil
}

var entryKeys = []string{"channel", "provider", "event_id", "table", "note", "partial", "reason", "partial_for"}

func known(key string, keys []string) bool {
	for _, k := range keys {
		if k == key {
			return true
		}
	}
	return false
}

// controlChar finds the first byte YAML does not allow (a control character
// other than tab and line breaks) and its 1-based line and column.
func controlChar(data []byte) (line, col int, c byte, found bool) {
	line, start := 1, 0
	for i, b := range data {
		switch {
		case b == '\n':
			line, start = line+1, i+1
		case b < 0x20 && b != '\t' && b != '\r', b == 0x7f:
			return line, i - start + 1, b, true
		}
	}
	return 0, 0, 0, false
}

func parseYAML(inv *Inventory, data []byte) error {
	p := yamlParser{inv}
	root, err := p.document(data)
	if root == nil || err != nil {
		return err
	}
	list, err := p.header(root)
	if list == nil || err != nil {
		return err
	}
	for _, item := range list.Content {
		entries, err := p.entry(item)
		if err != nil {
			return err
		}
		inv.Entries = append(inv.Entries, entries...)
	}
	return nil
}

// yamlParser reads one YAML inventory into inv, one step a method.
type yamlParser struct{ inv *Inventory }

func (p yamlParser) fail(n *yaml.Node, err error, format string, args ...any) error {
	e := &Error{Source: p.inv.Source, Err: err, Detail: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	return e
}

// document decodes the one YAML document of data and returns its root, or
// nil for an empty file.
func (p yamlParser) document(data []byte) (*yaml.Node, error) {
	if line, col, c, ok := controlChar(data); ok {
		return nil, &Error{Source: p.inv.Source, Line: line, Column: col, Err: ErrSyntax,
			Detail: fmt.Sprintf("control character %#02x: this is not a text file (UTF-16 files must be saved as UTF-8)", c)}
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, nil // empty file: ErrEmpty later
		}
		line, msg := yamlnode.Position(err)
		return nil, &Error{Source: p.inv.Source, Line: line, Err: ErrSyntax, Detail: msg}
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err != io.EOF {
		return nil, p.fail(&extra, ErrShape, "more than one YAML document; keep one")
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind == yaml.AliasNode {
		return nil, p.fail(root, ErrShape, "aliases are not supported; write the entries out")
	}
	return root, nil
}

// header reads name and description of a mapping root and returns the
// list of events (the root itself when it is a bare list), or nil when the
// list is empty (null).
func (p yamlParser) header(root *yaml.Node) (*yaml.Node, error) {
	list := root
	if root.Kind == yaml.MappingNode {
		list = nil
		for i := 0; i+1 < len(root.Content); i += 2 {
			k, v := root.Content[i], root.Content[i+1]
			switch k.Value {
			case "name", "description":
				if v.Kind != yaml.ScalarNode {
					return nil, p.fail(v, ErrShape, "%s must be a string", k.Value)
				}
				if k.Value == "name" {
					p.inv.Name = v.Value
				} else {
					p.inv.Description = v.Value
				}
			case "events":
				list = v
			default:
				return nil, p.fail(k, ErrUnknownKey, "%q at the top level; use name, description and events", k.Value)
			}
		}
		if list == nil {
			return nil, p.fail(root, ErrIncomplete, "no events key; list the collected events under events:")
		}
	}
	if list.Kind == yaml.ScalarNode && list.Tag == "!!null" {
		return nil, nil
	}
	if list.Kind != yaml.SequenceNode {
		return nil, p.fail(list, ErrShape, "want a list of events, found %s", yamlnode.KindName(list))
	}
	return list, nil
}

// entry reads one item of the events list: one entry per event id it
// names, or one for a table.
func (p yamlParser) entry(item *yaml.Node) ([]Entry, error) {
	if item.Kind != yaml.MappingNode {
		return nil, p.fail(item, ErrShape, "an event must be a mapping such as {channel: Security, event_id: 4688}, found %s", yamlnode.KindName(item))
	}
	e := Entry{Line: item.Line}
	var ids []string
	var idNode, tableNode *yaml.Node
	for i := 0; i+1 < len(item.Content); i += 2 {
		k, v := item.Content[i], item.Content[i+1]
		if yamlnode.IsMerge(k) {
			return nil, p.fail(k, ErrShape, "%v", yamlnode.ErrMerge)
		}
		if !known(k.Value, entryKeys) {
			return nil, p.fail(k, ErrUnknownKey, "%q; an event has channel, provider, event_id, table, note, partial, reason and partial_for", k.Value)
		}
		if v.Kind == yaml.SequenceNode && (k.Value == "partial_for" || k.Value == "event_id") {
			items, err := p.list(k, v)
			if err != nil {
				return nil, err
			}
			if k.Value == "partial_for" {
				e.PartialFor = items
			} else {
				idNode, ids = k, items
			}
			continue
		}
		if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
			return nil, p.fail(v, ErrShape, "%s must be a single value, found %s", k.Value, yamlnode.KindName(v))
		}
		val := strings.TrimSpace(v.Value)
		switch k.Value {
		case "channel":
			e.Channel = val
		case "provider":
			e.Provider = val
		case "event_id":
			idNode = k
			ids = []string{val}
		case "table":
			tableNode = k
			e.Table = val
		case "note":
			e.Note = val
		case "reason":
			e.Reason = val
		case "partial_for":
			e.PartialFor = []string{val}
		case "partial":
			b, ok := parseBool(val)
			if !ok {
				return nil, p.fail(v, ErrShape, "partial is %q; write true or false", val)
			}
			e.Partial = b
		}
	}
	if err := check(e, len(ids) > 0); err != nil {
		at := item
		if tableNode != nil && idNode != nil {
			at = idNode
		}
		return nil, p.fail(at, err.Err, "%s", err.Detail)
	}
	if e.Table != "" {
		return []Entry{e}, nil
	}
	out := make([]Entry, len(ids))
	for i, id := range ids {
		e.EventID = id
		out[i] = e
	}
	return out, nil
}

// list reads the list value of key k (event_id or partial_for): scalars,
// trimmed, none empty; an empty event_id list is an error.
func (p yamlParser) list(k, v *yaml.Node) ([]string, error) {
	var out []string
	for _, c := range v.Content {
		if c.Kind != yaml.ScalarNode || strings.TrimSpace(c.Value) == "" {
			if k.Value == "partial_for" {
				return nil, p.fail(c, ErrShape, "partial_for list items must be data component names such as \"command execution\"")
			}
			return nil, p.fail(c, ErrShape, "event_id list items must be ids such as 4688")
		}
		out = append(out, strings.TrimSpace(c.Value))
	}
	if len(out) == 0 && k.Value == "event_id" {
		return nil, p.fail(v, ErrIncomplete, "event_id is an empty list")
	}
	return out, nil
}

// parseBool reads YAML's and CSV's ways of writing a boolean.
func parseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "1", "y":
		return true, true
	case "false", "no", "0", "n", "":
		return false, true
	}
	return false, false
}

// check validates an entry's combination of keys.
func check(e Entry, hasID bool) *Error {
	switch {
	case len(e.PartialFor) > 0 && !e.Partial:
		return &Error{Err: ErrConflict, Detail: "partial_for names the components an event is partial for; add partial: true or drop partial_for"}
	case e.Table != "" && (hasID || e.Channel != "" || e.Provider != ""):
		return &Error{Err: ErrConflict, Detail: "table names a Defender table by itself; drop event_id, channel and provider, or drop table"}
	case e.Table == "" && !hasID:
		return &Error{Err: ErrIncomplete, Detail: "name an event_id with its channel or provider, or a table"}
	case e.Table == "" && e.Channel == "" && e.Provider == "":
		return &Error{Err: ErrIncomplete, Detail: "event_id needs a channel or provider (an id alone is ambiguous: Sysmon 1 is not Security 1)"}
	}
	return nil
}

func parseCSV(inv *Inventory, data []byte) error {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.Comment = '#'
	header, err := r.Read()
	if err == io.EOF {
		return nil
	}
	if err != nil {
		return csvError(inv.Source, err)
	}
	col := make(map[string]int)
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		line, column := r.FieldPos(i)
		if !known(h, entryKeys) {
			return &Error{Source: inv.Source, Line: line, Column: column, Err: ErrUnknownKey,
				Detail: fmt.Sprintf("column %q; the header names channel, provider, event_id, table, note, partial, reason and partial_for", h)}
		}
		if _, dup := col[h]; dup {
			return &Error{Source: inv.Source, Line: line, Column: column, Err: ErrConflict, Detail: fmt.Sprintf("column %q appears twice", h)}
		}
		col[h] = i
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvError(inv.Source, err)
		}
		line, _ := r.FieldPos(0)
		if len(rec) != len(header) {
			return &Error{Source: inv.Source, Line: line, Column: 1, Err: ErrShape,
				Detail: fmt.Sprintf("%d fields, the header has %d", len(rec), len(header))}
		}
		get := func(k string) string {
			if i, ok := col[k]; ok {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		blank := true
		for _, f := range rec {
			if strings.TrimSpace(f) != "" {
				blank = false
			}
		}
		if blank {
			continue
		}
		e := Entry{Channel: get("channel"), Provider: get("provider"), EventID: get("event_id"),
			Table: get("table"), Note: get("note"), Reason: get("reason"), Line: line}
		partial, ok := parseBool(get("partial"))
		if !ok {
			c := col["partial"]
			_, column := r.FieldPos(c)
			return &Error{Source: inv.Source, Line: line, Column: column, Err: ErrShape,
				Detail: fmt.Sprintf("partial is %q; write true or false", get("partial"))}
		}
		e.Partial = partial
		for _, c := range strings.Split(get("partial_for"), ";") {
			if c = strings.TrimSpace(c); c != "" {
				e.PartialFor = append(e.PartialFor, c)
			}
		}
		if cerr := check(e, e.EventID != ""); cerr != nil {
			cerr.Source, cerr.Line, cerr.Column = inv.Source, line, 1
			return cerr
		}
		inv.Entries = append(inv.Entries, e)
	}
}

func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &Error{Source: name, Line: pe.Line, Column: pe.Column, Err: ErrSyntax, Detail: pe.Err.Error()}
	}
	return &Error{Source: name, Err: ErrSyntax, Detail: err.Error()}
}
