package ossem

import (
	"fmt"
	"math"
	"strconv"
)

// value is a parsed YAML node in the small model both parsers share: the
// fast scanner and the yaml.v3 walk produce values, and one function (build)
// turns them into Records, so the two paths cannot disagree on meaning.
type value struct {
	kind  kind
	s     string  // scalar text (decoded); for kMap, unused
	items []value // kSeq items; kMap values
	keys  []string
	line  int
	col   int
}

type kind uint8

const (
	kNull kind = iota
	kNaN
	kBool
	kInt
	kFloat
	kStr
	kSeq
	kMap
)

func (k kind) String() string {
	return [...]string{"null", ".nan", "a boolean", "an integer", "a number", "a string", "a list", "a mapping"}[k]
}

// rawRecord is one record's keys and values in file order.
type rawRecord struct {
	keys []string
	vals []value
	line int
	col  int
}

// keyInfo says what a key means across both schemas.
type keyInfo struct {
	field  Field
	known  bool
	schema Schema // "" when the key is common to both schemas
}

var keyTable = func() map[string]keyInfo {
	t := make(map[string]keyInfo)
	for f := Field(0); f < numFields; f++ {
		k21, k22 := keys2021[f], keys2022[f]
		switch {
		case k21 == k22:
			t[k21] = keyInfo{field: f, known: true}
		default:
			if k21 != "" {
				t[k21] = keyInfo{field: f, known: true, schema: Schema2021}
			}
			if k22 != "" {
				t[k22] = keyInfo{field: f, known: true, schema: Schema2022}
			}
		}
	}
	return t
}()

// schemaOf returns the schema a record's keys mark, "" if none, or an error
// naming the key that mixes the two.
func schemaOf(r *rawRecord) (Schema, int, error) {
	var s Schema
	at := -1
	for i, k := range r.keys {
		ki := keyTable[k]
		if ki.schema == "" {
			continue
		}
		if s != "" && s != ki.schema {
			return "", i, fmt.Errorf("key %q belongs to the %s schema but key %q to the %s schema", k, ki.schema, r.keys[at], s)
		}
		if s == "" {
			s, at = ki.schema, i
		}
	}
	return s, at, nil
}

// fieldErr builds a positioned error for a value of record idx.
func fieldErr(v *value, key string, idx int, detail string) *Error {
	return &Error{Line: v.line, Column: v.col, Record: idx, Field: key, Err: ErrShape, Detail: detail}
}

// build converts a raw record into a Record. idx is its index, for errors.
func build(r *rawRecord, idx int, out *Record, prev *Record) *Error {
	*out = Record{nan: 1<<numFields - 1}
	var seen uint32
	for i, key := range r.keys {
		v := &r.vals[i]
		ki := keyTable[key]
		if !ki.known {
			if err := addExtra(out, key, v, idx); err != nil {
				return err
			}
			continue
		}
		f := ki.field
		bit := uint32(1) << f
		if seen&bit != 0 {
			return fieldErr(v, key, idx, "key appears twice in one record")
		}
		seen |= bit
		out.nan &^= bit
		switch v.kind {
		case kNaN:
			out.nan |= bit
			continue
		case kNull:
			out.null |= bit
			continue
		}
		if err := setField(out, f, key, v, idx, prev); err != nil {
			return err
		}
	}
	if out.Missing(TechniqueID) || out.TechniqueID == "" {
		return &Error{Line: r.line, Column: r.col, Record: idx, Field: "technique_id", Err: ErrShape,
			Detail: "missing; every record needs a technique id such as T1003.001"}
	}
	return nil
}

// setField sets field f of out from v. prev, if not nil, is the record
// before out: a tactic or platform list equal to prev's shares its slice,
// as consecutive records of one technique repeat them (lists are read-only).
func setField(out *Record, f Field, key string, v *value, idx int, prev *Record) *Error {
	switch f {
	case IsSubtechnique:
		if v.kind != kBool {
			return fieldErr(v, key, idx, fmt.Sprintf("want true or false, found %s", v.kind))
		}
		out.IsSubtechnique = v.s == "true"
	case Tactic, Platform:
		if v.kind != kSeq {
			return fieldErr(v, key, idx, fmt.Sprintf("want a list of names, found %s", v.kind))
		}
		for j := range v.items {
			if it := &v.items[j]; it.kind != kStr {
				return fieldErr(it, key, idx, fmt.Sprintf("item %d: want a name, found %s", j, it.kind))
			}
		}
		var list []string
		if prev != nil {
			if f == Tactic {
				list = prev.Tactic
			} else {
				list = prev.Platform
			}
		}
		if !sameItems(list, v.items) || list == nil {
			list = make([]string, len(v.items))
			for j := range v.items {
				list[j] = v.items[j].s
			}
		}
		if f == Tactic {
			out.Tactic = list
		} else {
			out.Platform = list
		}
	case EventID:
		switch v.kind {
		case kInt:
			n, err := strconv.ParseInt(v.s, 0, 64)
			if err != nil {
				return fieldErr(v, key, idx, fmt.Sprintf("integer %s out of range", v.s))
			}
			out.EventID, out.EventIDIsInt = strconv.FormatInt(n, 10), true
		case kStr:
			out.EventID = v.s
		default:
			return fieldErr(v, key, idx, fmt.Sprintf("want an event number such as 4688 or a table name such as DeviceProcessEvents, found %s", v.kind))
		}
	case FilterIn:
		if v.kind != kSeq {
			return fieldErr(v, key, idx, fmt.Sprintf("want a list of conditions, found %s", v.kind))
		}
		fs := make([]Filter, len(v.items))
		for j := range v.items {
			it := &v.items[j]
			if it.kind != kMap {
				return fieldErr(it, key, idx, fmt.Sprintf("item %d: want a mapping such as {ActionType: ProcessCreated}, found %s", j, it.kind))
			}
			flt := make(Filter, len(it.keys))
			for k := range it.keys {
				sv, err := scalarOf(&it.items[k])
				if err != "" {
					return fieldErr(&it.items[k], key, idx, fmt.Sprintf("item %d, %s: %s", j, it.keys[k], err))
				}
				flt[k] = KV{Key: it.keys[k], Value: sv}
			}
			fs[j] = flt
		}
		out.FilterIn = fs
	default:
		if v.kind == kSeq || v.kind == kMap {
			return fieldErr(v, key, idx, fmt.Sprintf("want a single value, found %s", v.kind))
		}
		*out.str(f) = v.s
	}
	return nil
}

func sameItems(list []string, items []value) bool {
	if len(list) != len(items) {
		return false
	}
	for i := range items {
		if list[i] != items[i].s {
			return false
		}
	}
	return true
}

// scalarOf converts a scalar value to a Go value; err is set for lists and maps.
func scalarOf(v *value) (any, string) {
	switch v.kind {
	case kNull:
		return nil, ""
	case kNaN:
		return math.NaN(), ""
	case kBool:
		return v.s == "true", ""
	case kInt:
		n, err := strconv.ParseInt(v.s, 0, 64)
		if err != nil {
			return v.s, ""
		}
		return n, ""
	case kFloat:
		f, err := strconv.ParseFloat(v.s, 64)
		if err != nil {
			return v.s, ""
		}
		return f, ""
	case kStr:
		return v.s, ""
	}
	return nil, "want a single value, found " + v.kind.String()
}

// anyOf converts any value to Go values: lists to []any, maps to
// map[string]any.
func anyOf(v *value) any {
	switch v.kind {
	case kSeq:
		out := make([]any, len(v.items))
		for i := range v.items {
			out[i] = anyOf(&v.items[i])
		}
		return out
	case kMap:
		m := make(map[string]any, len(v.keys))
		for i, k := range v.keys {
			m[k] = anyOf(&v.items[i])
		}
		return m
	}
	s, _ := scalarOf(v)
	return s
}

// addExtra keeps an unknown key, flattening nested mappings to dotted keys
// as json_normalize does.
func addExtra(out *Record, key string, v *value, idx int) *Error {
	if v.kind == kMap {
		for i, k := range v.keys {
			if err := addExtra(out, key+"."+k, &v.items[i], idx); err != nil {
				return err
			}
		}
		return nil
	}
	if len(out.Extra) >= MaxRecordKeys {
		e := fieldErr(v, key, idx, fmt.Sprintf("a record has more than %d keys of its own (OSSEM-DM records have 18 or 20); is this a mapping?", MaxRecordKeys))
		e.Err = ErrTooLarge
		return e
	}
	for _, kv := range out.Extra {
		if kv.Key == key {
			return fieldErr(v, key, idx, "key appears twice in one record")
		}
	}
	out.Extra = append(out.Extra, KV{Key: key, Value: anyOf(v)})
	return nil
}

// Limits on keys, which become the table's columns: every record of a
// mapping shares one set of keys, so a file whose records each bring new
// ones would make a table of records × keys cells (quadratic memory), and
// checking a record's keys for duplicates is quadratic in their number.
const (
	// MaxRecordKeys is the most keys a record may have beyond the schema's.
	MaxRecordKeys = 256
	// MaxKeys is the most distinct keys (columns) a mapping may have.
	MaxKeys = 1024
)

// appendColumns appends a record's keys as columns: nested maps flattened.
func appendColumns(cols []string, r *rawRecord) []string {
	for i, k := range r.keys {
		cols = appendFlat(cols, k, &r.vals[i], keyTable[k].known)
	}
	return cols
}

func appendFlat(cols []string, key string, v *value, known bool) []string {
	if !known && v.kind == kMap {
		for i, k := range v.keys {
			cols = appendFlat(cols, key+"."+k, &v.items[i], false)
		}
		return cols
	}
	return append(cols, key)
}

// assemble turns raw records into a Mapping: it checks the schema, builds
// every record and collects the key order. base is the index of raws[0].
type assembler struct {
	schema   Schema
	schemaAt int // record that fixed the schema
	seenKey  map[string]bool
	keys     []string
	last     []string // the previous record's keys: most records repeat them
	prev     *Record  // the previous record built, whose lists the next may share
}

func sameKeys(a, b []string) bool {
	if len(a) != len(b) || a == nil {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func (a *assembler) add(r *rawRecord, idx int, out *Record) *Error {
	s, at, err := schemaOf(r)
	if err != nil {
		return &Error{Line: r.vals[at].line, Column: r.vals[at].col, Record: idx, Field: r.keys[at], Err: ErrUnknownSchema, Detail: err.Error()}
	}
	if s != "" {
		if a.schema == "" {
			a.schema, a.schemaAt = s, idx
		} else if a.schema != s {
			return &Error{Line: r.vals[at].line, Column: r.vals[at].col, Record: idx, Field: r.keys[at], Err: ErrUnknownSchema,
				Detail: fmt.Sprintf("key %q belongs to the %s schema, but record %d is in the %s schema; a file must use one schema", r.keys[at], s, a.schemaAt, a.schema)}
		}
	}
	if err := build(r, idx, out, a.prev); err != nil {
		return err
	}
	a.prev = out
	if sameKeys(a.last, r.keys) {
		return nil
	}
	a.last = append(a.last[:0], r.keys...)
	for _, k := range appendColumns(nil, r) {
		if err := a.addKey(k); err != nil {
			err.Line, err.Record = r.line, idx
			return err
		}
	}
	return nil
}

// addKey records a column; past MaxKeys it returns an error without a
// position, for the caller to give.
func (a *assembler) addKey(k string) *Error {
	if a.seenKey[k] {
		return nil
	}
	if len(a.keys) >= MaxKeys {
		return &Error{Record: -1, Field: k, Err: ErrTooLarge,
			Detail: fmt.Sprintf("the records have more than %d distinct keys between them (OSSEM-DM has 18 or 20); is this a mapping?", MaxKeys)}
	}
	if a.seenKey == nil {
		a.seenKey = make(map[string]bool)
	}
	a.seenKey[k] = true
	a.keys = append(a.keys, k)
	return nil
}

func (a *assembler) finish(n int) *Error {
	if n == 0 {
		return &Error{Record: -1, Err: ErrEmpty, Detail: "the file holds an empty list; expected OSSEM-DM records"}
	}
	if a.schema == "" {
		return &Error{Line: 1, Record: 0, Err: ErrUnknownSchema,
			Detail: "no record has the 2021 keys (x_mitre_is_subtechnique, log_channel, log_provider) or the 2022 keys (is_subtechnique, relationship_id, channel, log_source, filter_in)"}
	}
	return nil
}
