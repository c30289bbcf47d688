package ossem

import (
	"math"
	"strconv"
	"strings"
)

// Schema names a published layout of the mapping file.
type Schema string

const (
	// Schema2021 is the layout the seed notebook read (x_mitre_is_subtechnique,
	// log_channel, log_provider).
	Schema2021 Schema = "2021"
	// Schema2022 is the layout published since 2022 (is_subtechnique,
	// relationship_id, channel, log_source, filter_in).
	Schema2022 Schema = "2022"
)

// SchemaATTACKPrefix starts the schema of a mapping that package stix made
// from an ATT&CK STIX bundle ("ATT&CK Enterprise v18.1 (STIX 2.0)"). Such
// a mapping has the 2022 schema's keys.
const SchemaATTACKPrefix = "ATT&CK "

// keys returns the keys of schema s: the 2022 keys for 2022 and ATT&CK
// bundles, the 2021 keys otherwise.
func (s Schema) keys() *[numFields]string {
	if s == Schema2022 || strings.HasPrefix(string(s), SchemaATTACKPrefix) {
		return &keys2022
	}
	return &keys2021
}

// Field identifies one known field of a record.
type Field uint8

// The fields, in the 2022 file's key order; the 2021 file has the same order
// without RelationshipID and FilterIn.
const (
	TechniqueID Field = iota
	IsSubtechnique
	Technique
	Tactic
	Platform
	DataSource
	DataComponent
	RelationshipID
	Name
	Source
	Relationship
	Target
	EventID
	EventName
	EventPlatform
	AuditCategory
	AuditSubCategory
	Channel
	Provider
	FilterIn
	numFields
)

// Fields lists every field in order.
var Fields = func() []Field {
	fs := make([]Field, numFields)
	for i := range fs {
		fs[i] = Field(i)
	}
	return fs
}()

var keys2021 = [numFields]string{
	"technique_id", "x_mitre_is_subtechnique", "technique", "tactic", "platform",
	"data_source", "data_component", "", "name", "source", "relationship", "target",
	"event_id", "event_name", "event_platform", "audit_category", "audit_sub_category",
	"log_channel", "log_provider", "",
}

var keys2022 = [numFields]string{
	"technique_id", "is_subtechnique", "technique", "tactic", "platform",
	"data_source", "data_component", "relationship_id", "name", "source", "relationship", "target",
	"event_id", "event_name", "event_platform", "audit_category", "audit_sub_category",
	"channel", "log_source", "filter_in",
}

// Key returns the field's key in schema s, or "" if s has no such field.
func (f Field) Key(s Schema) string {
	if f >= numFields {
		return ""
	}
	return s.keys()[f]
}

// String returns the field's key in the 2022 schema.
func (f Field) String() string {
	if f >= numFields {
		return "Field(" + strconv.Itoa(int(f)) + ")"
	}
	return keys2022[f]
}

// State says whether a field holds a value and, if not, how it is missing.
type State uint8

const (
	Present State = iota
	NaN           // `.nan` in the file, or the key is absent (pandas NaN)
	Null          // `null` in the file (pandas None)
)

// A Filter is one entry of a 2022 filter_in list: conditions such as
// ActionType: ProcessCreated that select the event rows meant, in file order.
type Filter []KV

// KV is one key and scalar value, kept as the file wrote it.
type KV struct {
	Key   string
	Value any // string, int64, float64, bool or nil
}

// Record is one row of the mapping. String fields are "" when missing; use
// State or Missing to tell an empty value from a missing one.
type Record struct {
	TechniqueID      string
	IsSubtechnique   bool
	Technique        string
	Tactic           []string
	Platform         []string
	DataSource       string
	DataComponent    string
	RelationshipID   string // 2022 only
	Name             string
	Source           string
	Relationship     string
	Target           string
	EventID          string // "4688", "DeviceProcessEvents"; see EventIDIsInt
	EventName        string
	EventPlatform    string
	AuditCategory    string
	AuditSubCategory string
	Channel          string   // 2021 log_channel, 2022 channel
	Provider         string   // 2021 log_provider, 2022 log_source
	FilterIn         []Filter // 2022 only

	// Extra holds keys neither schema defines, in file order.
	Extra []KV

	// EventIDIsInt is true when event_id was an integer in the file (4688),
	// false when it was a string ('4688' or DeviceProcessEvents).
	EventIDIsInt bool

	nan, null uint32 // one bit per Field
}

// State reports whether f is present or how it is missing.
func (r *Record) State(f Field) State {
	switch bit := uint32(1) << f; {
	case r.nan&bit != 0:
		return NaN
	case r.null&bit != 0:
		return Null
	}
	return Present
}

// Missing reports whether f is NaN or null; analysis treats both alike.
func (r *Record) Missing(f Field) bool { return (r.nan|r.null)&(1<<f) != 0 }

// SetState marks f as present, NaN or null. Setting NaN or Null clears the
// field's value.
func (r *Record) SetState(f Field, s State) {
	bit := uint32(1) << f
	r.nan &^= bit
	r.null &^= bit
	switch s {
	case NaN:
		r.nan |= bit
	case Null:
		r.null |= bit
	default:
		return
	}
	r.clear(f)
}

func (r *Record) clear(f Field) {
	switch f {
	case IsSubtechnique:
		r.IsSubtechnique = false
	case Tactic:
		r.Tactic = nil
	case Platform:
		r.Platform = nil
	case EventID:
		r.EventID, r.EventIDIsInt = "", false
	case FilterIn:
		r.FilterIn = nil
	default:
		if p := r.str(f); p != nil {
			*p = ""
		}
	}
}

// str returns a pointer to the string field f, or nil if f is not a string.
func (r *Record) str(f Field) *string {
	switch f {
	case TechniqueID:
		return &r.TechniqueID
	case Technique:
		return &r.Technique
	case DataSource:
		return &r.DataSource
	case DataComponent:
		return &r.DataComponent
	case RelationshipID:
		return &r.RelationshipID
	case Name:
		return &r.Name
	case Source:
		return &r.Source
	case Relationship:
		return &r.Relationship
	case Target:
		return &r.Target
	case EventName:
		return &r.EventName
	case EventPlatform:
		return &r.EventPlatform
	case AuditCategory:
		return &r.AuditCategory
	case AuditSubCategory:
		return &r.AuditSubCategory
	case Channel:
		return &r.Channel
	case Provider:
		return &r.Provider
	}
	return nil
}

// String returns a string field's value ("" for other fields or missing).
func (r *Record) String(f Field) string {
	if p := r.str(f); p != nil {
		return *p
	}
	if f == EventID {
		return r.EventID
	}
	return ""
}

// Value returns f as a table cell the way pandas holds it: nil for null,
// a float64 NaN for NaN, bool, string, int64 (an integer event_id), []any of
// strings for tactic and platform, []any of map[string]any for filter_in.
func (r *Record) Value(f Field) any {
	switch r.State(f) {
	case NaN:
		return math.NaN()
	case Null:
		return nil
	}
	switch f {
	case IsSubtechnique:
		return r.IsSubtechnique
	case Tactic:
		return strings2any(r.Tactic)
	case Platform:
		return strings2any(r.Platform)
	case EventID:
		if r.EventIDIsInt {
			n, err := strconv.ParseInt(r.EventID, 10, 64)
			if err == nil {
				return n
			}
		}
		return r.EventID
	case FilterIn:
		out := make([]any, len(r.FilterIn))
		for i, f := range r.FilterIn {
			m := make(map[string]any, len(f))
			for _, kv := range f {
				m[kv.Key] = kv.Value
			}
			out[i] = m
		}
		return out
	}
	return *r.str(f)
}

func strings2any(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// HasEvent reports whether the record maps a security event.
func (r *Record) HasEvent() bool { return !r.Missing(EventID) && r.EventID != "" }
