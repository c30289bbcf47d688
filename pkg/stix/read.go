package stix

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// The object keys huntbook reads; every other key is skipped unread.
const (
	kType = iota
	kID
	kName
	kDescription
	kExternalRefs
	kKillChain
	kPlatforms
	kVersion
	kDeprecated
	kRevoked
	kIsSub
	kRelType
	kSourceRef
	kTargetRef
	kAnalyticRefs
	kLogSourceRefs
	kLogSources
	kMutable
	kDataSourceRef
	kShortname
	kModified
	kAttackSpec
	kSpecVersion
	kDataSources
	nKeys
)

var keyNames = [nKeys]string{
	"type", "id", "name", "description", "external_references", "kill_chain_phases",
	"x_mitre_platforms", "x_mitre_version", "x_mitre_deprecated", "revoked",
	"x_mitre_is_subtechnique", "relationship_type", "source_ref", "target_ref",
	"x_mitre_analytic_refs", "x_mitre_log_source_references", "x_mitre_log_sources",
	"x_mitre_mutable_elements", "x_mitre_data_source_ref", "x_mitre_shortname", "modified",
	"x_mitre_attack_spec_version", "spec_version", "x_mitre_data_sources",
}

func keyIndex(k []byte) int {
	switch string(k) {
	case "type":
		return kType
	case "id":
		return kID
	case "name":
		return kName
	case "description":
		return kDescription
	case "external_references":
		return kExternalRefs
	case "kill_chain_phases":
		return kKillChain
	case "x_mitre_platforms":
		return kPlatforms
	case "x_mitre_version":
		return kVersion
	case "x_mitre_deprecated":
		return kDeprecated
	case "revoked":
		return kRevoked
	case "x_mitre_is_subtechnique":
		return kIsSub
	case "relationship_type":
		return kRelType
	case "source_ref":
		return kSourceRef
	case "target_ref":
		return kTargetRef
	case "x_mitre_analytic_refs":
		return kAnalyticRefs
	case "x_mitre_log_source_references":
		return kLogSourceRefs
	case "x_mitre_log_sources":
		return kLogSources
	case "x_mitre_mutable_elements":
		return kMutable
	case "x_mitre_data_source_ref":
		return kDataSourceRef
	case "x_mitre_shortname":
		return kShortname
	case "modified":
		return kModified
	case "x_mitre_attack_spec_version":
		return kAttackSpec
	case "spec_version":
		return kSpecVersion
	case "x_mitre_data_sources":
		return kDataSources
	}
	return -1
}

// obj is one object as read: where each known key's value lies.
type obj struct {
	at    int        // offset of the object's '{'
	val   [nKeys]int // where the value of each key starts
	end   [nKeys]int // and ends (the offset after it)
	has   uint32     // bit k: key k is there
	dirty uint32     // bit k: key k's value is a string with escapes
	idRaw []byte     // the id, decoded
	id    string     // the id as a string, made only for objects huntbook keeps
	kind  string
}

// sourceRefs are the external reference source names of ATT&CK IDs.
func isATTACKSource(s string) bool {
	return s == "mitre-attack" || s == "mitre-ics-attack" || s == "mitre-mobile-attack"
}

// reader builds a Bundle from the scanner's input.
type reader struct {
	s   *scanner
	b   *Bundle
	o   obj      // the object being read
	ids *idIndex // every object by STIX id

	workers  int // how many goroutines read the objects list
	minSplit int // the fewest bytes of objects worth splitting
	kinds    map[string]string
	names    map[string]string // short strings many objects repeat (intern)

	techs      map[string]*Technique
	comps      map[string]*DataComponent
	sources    map[string]*DataSource
	strategies map[string]*Strategy
	analytics  map[string]*Analytic

	// Embedded references, checked once every object is read.
	compSource   map[*DataComponent]ref
	analyticRefs map[*Strategy][]ref
	logRefs      map[*Analytic][]ref
	rels         []rel

	olderSpec   string // the last x_mitre_attack_spec_version found older than the newest
	collection  string // x-mitre-collection's x_mitre_version
	modified    string
	specVersion string
}

// ref is an embedded reference: the id it names, the object and field
// that name it, and where.
type ref struct {
	id, from, field string
	at              int
}

// The relationship types huntbook reads.
const (
	relDetects   = "detects"
	relRevokedBy = "revoked-by"
)

// rel is a relationship huntbook reads (detects, revoked-by).
type rel struct {
	id, kind, source, target string
	at                       int
}

func newReader(s *scanner, ids *idIndex) *reader {
	return &reader{s: s, b: &Bundle{Objects: map[string]int{}},
		ids:          ids,
		kinds:        map[string]string{},
		names:        map[string]string{},
		techs:        map[string]*Technique{},
		comps:        map[string]*DataComponent{},
		sources:      map[string]*DataSource{},
		strategies:   map[string]*Strategy{},
		analytics:    map[string]*Analytic{},
		compSource:   map[*DataComponent]ref{},
		analyticRefs: map[*Strategy][]ref{},
		logRefs:      map[*Analytic][]ref{},
	}
}

func (r *reader) bundle() error {
	s := r.s
	if c := s.peek(); c != '{' {
		if s.i >= len(s.d) {
			return &Error{pos: s.i + 1, Err: ErrNotBundle, Detail: "the input is empty; expected a STIX bundle, a JSON object with \"type\": \"bundle\""}
		}
		return &Error{pos: s.i + 1, Err: ErrNotBundle, Detail: "the top level is " + kind(c) + "; a STIX bundle is a JSON object with \"type\": \"bundle\" and \"objects\""}
	}
	var typ string
	var keys []string
	sawObjects := false
	err := s.object(func(key []byte) error {
		switch string(key) {
		case "type":
			v, err := s.str()
			if err != nil {
				return wrap(err, "", "type")
			}
			typ = v
		case "id":
			v, err := s.str()
			if err != nil {
				return wrap(err, "", "id")
			}
			r.b.ID = v
		case "spec_version":
			v, err := s.str()
			if err != nil {
				return wrap(err, "", "spec_version")
			}
			r.b.SpecVersion = v
		case "objects":
			sawObjects = true
			return r.objects()
		default:
			if len(keys) < 10 {
				keys = append(keys, string(key))
			}
			if err := s.skip(); err != nil {
				return wrap(err, "", string(key))
			}
		}
		return nil
	})
	if err != nil {
		return wrap(err, "", "")
	}
	if s.peek() != 0 || s.i < len(s.d) {
		return &Error{pos: s.i + 1, Err: ErrSyntax, Detail: "more after the bundle's closing brace: " + describe(s.d, s.i)}
	}
	switch {
	case typ != "bundle" && typ != "":
		return &Error{Err: ErrNotBundle, Detail: fmt.Sprintf("its type is %q; a STIX bundle has \"type\": \"bundle\"", typ)}
	case !sawObjects && typ == "":
		return &Error{Err: ErrNotBundle, Detail: "a JSON object with neither \"type\": \"bundle\" nor \"objects\"" + keyList(keys)}
	case !sawObjects:
		return &Error{Err: ErrNotBundle, Detail: "it has no \"objects\" list"}
	case typ == "":
		return &Error{Err: ErrNotBundle, Detail: "it has \"objects\" but no \"type\": \"bundle\""}
	}
	if r.b.SpecVersion == "" {
		r.b.SpecVersion = r.specVersion
	}
	return nil
}

func keyList(keys []string) string {
	if len(keys) == 0 {
		return ""
	}
	return " (its keys: " + strings.Join(keys, ", ") + ")"
}

func (r *reader) objects() error {
	s := r.s
	if c := s.peek(); c != '[' {
		if s.i >= len(s.d) {
			return s.eofErr()
		}
		return &Error{pos: s.i + 1, Field: "objects", Err: ErrNotBundle, Detail: "\"objects\" is " + kind(c) + ", not a list"}
	}
	if err := s.enter(); err != nil {
		return err
	}
	s.i++
	if s.peek() == ']' {
		s.i++
		s.depth--
		return nil
	}
	if r.workers > 1 && len(s.d)-s.i >= r.minSplit {
		return r.parallel()
	}
	_, err := r.elements(-1)
	return err
}

// elements reads the elements of the objects list from s.i, the start of
// one, until the list ends (ended: its ']' is consumed) or until the next
// element would start at or after stop (stop < 0: never).
func (r *reader) elements(stop int) (ended bool, err error) {
	s := r.s
	for {
		s.ws()
		if stop >= 0 && s.i >= stop {
			return false, nil
		}
		if err := r.element(); err != nil {
			return false, err
		}
		switch c := s.peek(); {
		case c == ',':
			s.i++
		case c == ']':
			s.i++
			s.depth--
			return true, nil
		case s.i >= len(s.d):
			return false, s.eofErr()
		default:
			return false, s.fail(s.i, "want ',' or ']' after an object, found %s", describe(s.d, s.i))
		}
	}
}

// element reads one object of the bundle: it locates the value of each
// key huntbook reads (skipping every value, checking its grammar), then
// decodes what the object's type needs.
func (r *reader) element() error {
	s := r.s
	d := s.d
	o := &r.o
	*o = obj{at: s.i}
	if s.i >= len(d) {
		return s.eofErr()
	}
	if d[s.i] != '{' {
		if kind(d[s.i]) == "not a JSON value" {
			return s.fail(s.i, "want a JSON value, found %s", describe(d, s.i))
		}
		return &Error{pos: s.i + 1, Field: "objects", Err: ErrShape, Detail: "an element of objects is " + kind(d[s.i]) + ", not a JSON object"}
	}
	if err := s.enter(); err != nil {
		return err
	}
	s.i++
	if s.peek() == '}' {
		s.i++
	} else {
		for {
			i := s.i
			if i >= len(d) {
				return s.eofErr()
			}
			if d[i] != '"' {
				return s.fail(i, "want a key (a string), found %s", describe(d, i))
			}
			end, clean, err := s.stringEnd()
			if err != nil {
				return err
			}
			key := d[i+1 : end]
			k := keyIndex(key)
			if k < 0 {
				// Not a key huntbook reads as written; it might be one
				// escaped, and it must be a valid string either way.
				if !clean {
					uk, err := unescape(key, i, s)
					if err != nil {
						return err
					}
					k = keyIndex([]byte(uk))
				}
			}
			s.i = end + 1
			if s.i < len(d) && d[s.i] == ':' {
				s.i++
			} else if err := s.expect(':', "':' after a key"); err != nil {
				return err
			}
			s.ws()
			start := s.i
			plainValue := true
			if start < len(d) && d[start] == '"' {
				plainValue, err = s.skipString()
			} else {
				err = s.skip()
			}
			if err != nil {
				return err
			}
			if k >= 0 {
				o.val[k], o.end[k] = start, s.i
				o.has |= 1 << k
				if !plainValue {
					o.dirty |= 1 << k
				}
			}
			c := s.peek()
			if c == ',' {
				s.i++
				s.ws()
				continue
			}
			if c == '}' {
				s.i++
				break
			}
			if s.i >= len(d) {
				return s.eofErr()
			}
			return s.fail(s.i, "want ',' or '}', found %s", describe(d, s.i))
		}
	}
	s.depth--
	return r.object(o)
}

// objectID is o's id, "" when it has none.
func (o *obj) objectID() string {
	if o.id == "" {
		return string(o.idRaw)
	}
	return o.id
}

// at positions the scanner at o's value for key k.
func (r *reader) at(o *obj, k int) bool {
	if o.has&(1<<k) == 0 {
		return false
	}
	r.s.i = o.val[k]
	return true
}

// body returns the body of o's field k when it is a string without
// escapes, as element found it: nothing to read again.
func (r *reader) body(o *obj, k int) ([]byte, bool) {
	bit := uint32(1) << k
	if o.has&bit == 0 || o.dirty&bit != 0 || r.s.d[o.val[k]] != '"' {
		return nil, false
	}
	return r.s.d[o.val[k]+1 : o.end[k]-1], true
}

// raw returns o's string field k without copying it (nil when absent or
// null); it is valid until the next call.
func (r *reader) raw(o *obj, k int) ([]byte, error) {
	if b, ok := r.body(o, k); ok {
		return b, nil
	}
	if !r.at(o, k) || r.s.peek() == 'n' {
		if o.has&(1<<k) != 0 {
			return nil, r.fieldErr(r.s.literal("null"), o, k)
		}
		return nil, nil
	}
	v, err := r.s.raw()
	return v, r.fieldErr(err, o, k)
}

// kind returns the object type named by raw, sharing one string per type.
func (r *reader) kind(raw []byte) string {
	switch string(raw) { // the types of ATT&CK's bundles, without a map look-up
	case "relationship":
		return "relationship"
	case "attack-pattern":
		return "attack-pattern"
	case "x-mitre-analytic":
		return "x-mitre-analytic"
	case "x-mitre-detection-strategy":
		return "x-mitre-detection-strategy"
	case "malware":
		return "malware"
	case "course-of-action":
		return "course-of-action"
	case "intrusion-set":
		return "intrusion-set"
	case "tool":
		return "tool"
	case "campaign":
		return "campaign"
	case "x-mitre-data-component":
		return "x-mitre-data-component"
	case "x-mitre-data-source":
		return "x-mitre-data-source"
	}
	if k, ok := r.kinds[string(raw)]; ok {
		return k
	}
	k := string(raw)
	r.kinds[k] = k
	return k
}

// str decodes o's string field k ("" when absent or null).
func (r *reader) str(o *obj, k int) (string, error) {
	if b, ok := r.body(o, k); ok {
		return text(b), nil
	}
	if !r.at(o, k) {
		return "", nil
	}
	v, err := r.s.optStr()
	return v, r.fieldErr(err, o, k)
}

func (r *reader) strs(o *obj, k int) ([]string, error) {
	if !r.at(o, k) {
		return nil, nil
	}
	v, err := r.s.strs()
	return v, r.fieldErr(err, o, k)
}

func (r *reader) boolean(o *obj, k int) (bool, error) {
	if !r.at(o, k) {
		return false, nil
	}
	v, err := r.s.boolean()
	return v, r.fieldErr(err, o, k)
}

func (r *reader) fieldErr(err error, o *obj, k int) error {
	if err == nil {
		return nil
	}
	id := o.objectID()
	if id == "" {
		id = "(no id)"
	}
	return wrap(err, id, keyNames[k])
}

// eachObject reads o's field k, a list of objects, calling fn once per object
// with the string values of its keys named in names, in that order (nil
// when absent or null; other keys are skipped), and the object's offset.
// The values are the strings' bodies, escapes decoded, valid only during
// the call: fn compares them as they are and copies (text) what it keeps.
// A missing or null list calls nothing. Errors name o and k.
func (r *reader) eachObject(o *obj, k int, names []string, fn func(vals [][]byte, at int)) error {
	if !r.at(o, k) || r.s.peek() == 'n' {
		return nil
	}
	s := r.s
	vals := make([][]byte, len(names))
	err := s.list(func(int) error {
		clear(vals)
		at := s.i
		err := s.object(func(key []byte) error {
			for i, n := range names {
				if string(key) == n {
					var err error
					vals[i], err = s.optRaw()
					return err
				}
			}
			return s.skip()
		})
		if err == nil {
			fn(vals, at)
		}
		return err
	})
	return r.fieldErr(err, o, k)
}

// The keys eachObject reads in the lists of objects huntbook reads.
var (
	refKeys       = []string{"source_name", "external_id", "url"}
	phaseKeys     = []string{"phase_name"}
	logSourceKeys = []string{"name", "channel"}
	logRefKeys    = []string{"x_mitre_data_component_ref", "name", "channel"}
	mutableKeys   = []string{"field", "description"}
)

// text copies a string body for keeping; invalid UTF-8 becomes U+FFFD, as
// encoding/json does.
func text(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// intern is text for the short strings that objects repeat: log source
// names and channels, data component references, tactics (ATT&CK v18.1's
// analytics cite 10,400 log sources with about 500 distinct channels), so
// that each is copied once.
func (r *reader) intern(b []byte) string {
	if len(b) > 128 {
		return text(b)
	}
	if v, ok := r.names[string(b)]; ok {
		return v
	}
	v := text(b)
	r.names[v] = v
	return v
}

// object handles one object of the bundle once its keys are located.
func (r *reader) object(o *obj) error {
	var err error
	end := r.s.i
	defer func() { r.s.i = end }()
	if o.idRaw, err = r.raw(o, kID); err != nil {
		return err
	}
	kind, err := r.raw(o, kType)
	if err != nil {
		return err
	}
	o.kind = r.kind(kind)
	switch {
	case o.kind == "" && len(o.idRaw) == 0:
		return &Error{pos: o.at + 1, Err: ErrShape, Detail: "an object with no \"type\" and no \"id\""}
	case o.kind == "":
		return &Error{pos: o.at + 1, Object: o.objectID(), Field: "type", Err: ErrShape, Detail: "the object has no type"}
	case len(o.idRaw) == 0:
		return &Error{pos: o.at + 1, Field: "id", Err: ErrShape, Detail: "a " + o.kind + " with no id"}
	}
	if prev, dup := r.ids.add(o.idRaw, idAt{obj: o.at, id: o.val[kID]}); dup {
		line, _ := lineCol(r.s.d, prev.obj)
		return &Error{pos: o.at + 1, Object: o.objectID(), Err: ErrDuplicate, Detail: fmt.Sprintf("a second object with this id (the first is at line %d)", line)}
	}
	r.b.Objects[o.kind]++
	if m, err := r.raw(o, kModified); err != nil {
		return err
	} else if string(m) > r.modified {
		r.modified = string(m)
	}
	if v, err := r.raw(o, kAttackSpec); err != nil {
		return err
	} else if len(v) > 0 && string(v) != r.b.AttackSpec && string(v) != r.olderSpec {
		if versionLess(r.b.AttackSpec, string(v)) {
			r.b.AttackSpec = string(v)
		} else {
			r.olderSpec = string(v)
		}
	}
	if r.specVersion == "" {
		if r.specVersion, err = r.str(o, kSpecVersion); err != nil {
			return err
		}
	}
	if o.kind != "relationship" { // relationship makes its id only if it keeps it
		o.id = string(o.idRaw)
	}
	switch o.kind {
	case "attack-pattern":
		return r.technique(o)
	case "x-mitre-tactic":
		return r.tactic(o)
	case "x-mitre-data-source":
		return r.dataSource(o)
	case "x-mitre-data-component":
		return r.component(o)
	case "x-mitre-detection-strategy":
		return r.strategy(o)
	case "x-mitre-analytic":
		return r.analytic(o)
	case "relationship":
		return r.relationship(o)
	case "x-mitre-collection":
		if r.collection == "" {
			r.collection, err = r.str(o, kVersion)
		}
		return err
	case "x-mitre-matrix":
		if r.b.Domain == "" {
			r.b.Domain, _, err = r.externalID(o)
		}
		return err
	}
	return nil
}

// flags reads x_mitre_deprecated and revoked.
func (r *reader) flags(o *obj) (deprecated, revoked bool, err error) {
	if deprecated, err = r.boolean(o, kDeprecated); err != nil {
		return
	}
	revoked, err = r.boolean(o, kRevoked)
	return
}

// externalID returns the ATT&CK ID of o (the external_id of its first
// external reference from mitre-attack, mitre-ics-attack or
// mitre-mobile-attack) and that reference's URL.
func (r *reader) externalID(o *obj) (id, url string, err error) {
	err = r.eachObject(o, kExternalRefs, refKeys, func(v [][]byte, _ int) {
		if id == "" && len(v[1]) > 0 && isATTACKSource(string(v[0])) {
			id, url = strings.TrimSpace(text(v[1])), text(v[2])
		}
	})
	return id, url, err
}

func (r *reader) technique(o *obj) error {
	t := &Technique{STIXID: o.id}
	var err error
	if t.ID, _, err = r.externalID(o); err != nil {
		return err
	}
	if t.Name, err = r.str(o, kName); err != nil {
		return err
	}
	if t.Platforms, err = r.strs(o, kPlatforms); err != nil {
		return err
	}
	if t.Version, err = r.str(o, kVersion); err != nil {
		return err
	}
	if t.Modified, err = r.str(o, kModified); err != nil {
		return err
	}
	if t.Deprecated, t.Revoked, err = r.flags(o); err != nil {
		return err
	}
	if t.Sub, err = r.boolean(o, kIsSub); err != nil {
		return err
	}
	if t.DataSources, err = r.strs(o, kDataSources); err != nil {
		return err
	}
	err = r.eachObject(o, kKillChain, phaseKeys, func(v [][]byte, _ int) {
		if len(v[0]) > 0 && !contains(t.Tactics, string(v[0])) {
			t.Tactics = append(t.Tactics, r.intern(v[0]))
		}
	})
	if err != nil {
		return err
	}
	if !t.Sub && strings.Contains(t.ID, ".") {
		t.Sub = true
	}
	r.techs[o.id] = t
	r.b.Techniques = append(r.b.Techniques, t)
	return nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func (r *reader) tactic(o *obj) error {
	t := &Tactic{STIXID: o.id}
	var err error
	if t.ID, _, err = r.externalID(o); err != nil {
		return err
	}
	if t.Name, err = r.str(o, kName); err != nil {
		return err
	}
	if t.ShortName, err = r.str(o, kShortname); err != nil {
		return err
	}
	r.b.Tactics = append(r.b.Tactics, t)
	return nil
}

func (r *reader) dataSource(o *obj) error {
	d := &DataSource{STIXID: o.id}
	var err error
	if d.ID, _, err = r.externalID(o); err != nil {
		return err
	}
	if d.Name, err = r.str(o, kName); err != nil {
		return err
	}
	if d.Platforms, err = r.strs(o, kPlatforms); err != nil {
		return err
	}
	if d.Deprecated, d.Revoked, err = r.flags(o); err != nil {
		return err
	}
	r.sources[o.id] = d
	r.b.DataSources = append(r.b.DataSources, d)
	return nil
}

func (r *reader) component(o *obj) error {
	c := &DataComponent{STIXID: o.id}
	var err error
	if c.ID, _, err = r.externalID(o); err != nil {
		return err
	}
	if c.Name, err = r.str(o, kName); err != nil {
		return err
	}
	if c.Deprecated, c.Revoked, err = r.flags(o); err != nil {
		return err
	}
	src, err := r.str(o, kDataSourceRef)
	if err != nil {
		return err
	}
	if src = strings.TrimSpace(src); src != "" {
		r.compSource[c] = ref{id: src, from: o.id, field: keyNames[kDataSourceRef], at: o.val[kDataSourceRef]}
	}
	err = r.eachObject(o, kLogSources, logSourceKeys, func(v [][]byte, _ int) {
		c.LogSources = append(c.LogSources, LogSource{Name: r.intern(v[0]), Channel: r.intern(v[1])})
	})
	if err != nil {
		return err
	}
	r.comps[o.id] = c
	r.b.Components = append(r.b.Components, c)
	return nil
}

func (r *reader) strategy(o *obj) error {
	st := &Strategy{STIXID: o.id}
	var err error
	if st.ID, _, err = r.externalID(o); err != nil {
		return err
	}
	if st.Name, err = r.str(o, kName); err != nil {
		return err
	}
	if st.Version, err = r.str(o, kVersion); err != nil {
		return err
	}
	if st.Deprecated, st.Revoked, err = r.flags(o); err != nil {
		return err
	}
	ids, err := r.strs(o, kAnalyticRefs)
	if err != nil {
		return err
	}
	for _, id := range ids {
		r.analyticRefs[st] = append(r.analyticRefs[st], ref{id: id, from: o.id, field: keyNames[kAnalyticRefs], at: o.val[kAnalyticRefs]})
	}
	r.strategies[o.id] = st
	r.b.Strategies = append(r.b.Strategies, st)
	return nil
}

func (r *reader) analytic(o *obj) error {
	a := &Analytic{STIXID: o.id}
	var err error
	if a.ID, _, err = r.externalID(o); err != nil {
		return err
	}
	if a.Name, err = r.str(o, kName); err != nil {
		return err
	}
	if a.Description, err = r.str(o, kDescription); err != nil {
		return err
	}
	if a.Platforms, err = r.strs(o, kPlatforms); err != nil {
		return err
	}
	if a.Version, err = r.str(o, kVersion); err != nil {
		return err
	}
	if a.Deprecated, a.Revoked, err = r.flags(o); err != nil {
		return err
	}
	err = r.eachObject(o, kLogSourceRefs, logRefKeys, func(v [][]byte, at int) {
		a.LogSources = append(a.LogSources, LogSourceRef{LogSource: LogSource{Name: r.intern(v[1]), Channel: r.intern(v[2])}})
		r.logRefs[a] = append(r.logRefs[a], ref{id: strings.TrimSpace(r.intern(v[0])), from: o.id, field: keyNames[kLogSourceRefs], at: at})
	})
	if err != nil {
		return err
	}
	err = r.eachObject(o, kMutable, mutableKeys, func(v [][]byte, _ int) {
		a.Mutable = append(a.Mutable, MutableElement{Field: text(v[0]), Description: text(v[1])})
	})
	if err != nil {
		return err
	}
	r.analytics[o.id] = a
	r.b.Analytics = append(r.b.Analytics, a)
	return nil
}

func (r *reader) relationship(o *obj) error {
	raw, err := r.raw(o, kRelType)
	if err != nil || (string(raw) != relDetects && string(raw) != relRevokedBy) {
		return err
	}
	kind := relDetects
	if string(raw) == relRevokedBy {
		kind = relRevokedBy
	}
	deprecated, revoked, err := r.flags(o)
	if err != nil || deprecated || revoked {
		return err
	}
	o.id = string(o.idRaw)
	x := rel{id: o.id, kind: kind, at: o.at}
	if x.source, err = r.str(o, kSourceRef); err != nil {
		return err
	}
	if x.target, err = r.str(o, kTargetRef); err != nil {
		return err
	}
	switch {
	case x.source == "":
		return &Error{pos: o.at + 1, Object: o.id, Field: "source_ref", Err: ErrShape, Detail: "a " + kind + " relationship with no source_ref"}
	case x.target == "":
		return &Error{pos: o.at + 1, Object: o.id, Field: "target_ref", Err: ErrShape, Detail: "a " + kind + " relationship with no target_ref"}
	}
	r.rels = append(r.rels, x)
	return nil
}

// dangling is the error for a reference to no object of the bundle.
func (r *reader) dangling(x ref) error {
	return &Error{pos: x.at + 1, Object: x.from, Field: x.field, Err: ErrDangling,
		Detail: fmt.Sprintf("%s is not in the bundle", x.id)}
}

// refError is the error for a reference x that names no object of the
// type want: of the wrong kind, or dangling.
func (r *reader) refError(x ref, want string) error {
	if r.ids.has(x.id) {
		return r.wrongKind(x, want)
	}
	return r.dangling(x)
}

// refErr keeps the error of the bad reference that comes first in the
// file, so that the error does not depend on the order in which maps are
// walked.
type refErr struct {
	at  int
	err error
}

func (e *refErr) note(x ref, err error) {
	if e.err == nil || x.at < e.at {
		e.at, e.err = x.at, err
	}
}

// wrongKind is the error for a reference to an object of another type.
func (r *reader) wrongKind(x ref, want string) error {
	kind, _, _ := strings.Cut(x.id, "--")
	return &Error{pos: x.at + 1, Object: x.from, Field: x.field, Err: ErrShape,
		Detail: fmt.Sprintf("%s is a %s, not a %s", x.id, kind, want)}
}

// link resolves the references once every object is read, and sorts.
func (r *reader) link() error {
	b := r.b
	var bad refErr
	for c, x := range r.compSource {
		d, ok := r.sources[x.id]
		if !ok {
			bad.note(x, r.refError(x, "x-mitre-data-source"))
			continue
		}
		c.DataSource = d
	}
	if bad.err != nil {
		return bad.err
	}
	// The analytics' references and the relationships set different
	// fields, and each sorts its own lists: they are resolved on two
	// goroutines (1.2 ms less on ATT&CK v18.1), and the errors are those
	// of one, analytics first.
	var analyticsErr error
	var wg sync.WaitGroup
	wg.Go(func() { analyticsErr = r.linkAnalytics() })
	relErr := r.linkRelationships()
	wg.Wait()
	if analyticsErr != nil {
		return analyticsErr
	}
	if relErr != nil {
		return relErr
	}
	for _, st := range b.Strategies {
		sortTechniques(st.Techniques)
	}
	slices.SortStableFunc(b.Detects, order(func(x, y Detect) bool {
		if x.Technique.ID != y.Technique.ID {
			return TechniqueLess(x.Technique.ID, y.Technique.ID)
		}
		return componentLess(x.Component, y.Component)
	}))
	b.Modified = r.modified
	return nil
}

// linkAnalytics resolves the strategies' analytics and the analytics' data
// components, and sorts strategies and analytics.
func (r *reader) linkAnalytics() error {
	b := r.b
	var bad refErr
	for st, xs := range r.analyticRefs {
		for _, x := range xs {
			a, ok := r.analytics[x.id]
			if !ok {
				bad.note(x, r.refError(x, "x-mitre-analytic"))
				break
			}
			st.Analytics = append(st.Analytics, a)
		}
	}
	for a, xs := range r.logRefs {
		for i, x := range xs {
			if x.id == "" {
				bad.note(x, &Error{pos: x.at + 1, Object: x.from, Field: x.field, Err: ErrShape,
					Detail: fmt.Sprintf("entry %d has no x_mitre_data_component_ref", i)})
				break
			}
			c, ok := r.comps[x.id]
			if !ok {
				bad.note(x, r.refError(x, "x-mitre-data-component"))
				break
			}
			a.LogSources[i].Component = c
		}
	}
	if bad.err != nil {
		return bad.err
	}
	slices.SortStableFunc(b.Strategies, func(x, y *Strategy) int { return strings.Compare(x.ID, y.ID) })
	slices.SortStableFunc(b.Analytics, func(x, y *Analytic) int { return strings.Compare(x.ID, y.ID) })
	return nil
}

// linkRelationships resolves the relationships huntbook reads, indexes
// the techniques by ID, and sorts techniques, tactics, data sources and
// components (whose data sources link set first).
func (r *reader) linkRelationships() error {
	b := r.b
	for _, x := range r.rels {
		for _, end := range []struct{ id, field string }{{x.source, "source_ref"}, {x.target, "target_ref"}} {
			if !r.ids.has(end.id) {
				return r.dangling(ref{id: end.id, from: x.id, field: end.field, at: x.at})
			}
		}
		t, ok := r.techs[x.target]
		switch x.kind {
		case "detects":
			if !ok {
				continue // a detects relationship to something else
			}
			if st, ok := r.strategies[x.source]; ok {
				st.Techniques = append(st.Techniques, t)
				t.Strategies = append(t.Strategies, st)
			} else if c, ok := r.comps[x.source]; ok {
				b.Detects = append(b.Detects, Detect{Component: c, Technique: t})
				t.Components = append(t.Components, c)
			}
		case "revoked-by":
			if old, isTech := r.techs[x.source]; isTech && ok {
				old.RevokedBy = t
			}
		}
	}
	sortTechniques(b.Techniques)
	b.byID = make(map[string]*Technique, len(b.Techniques))
	b.bySTIXID = r.techs
	for _, t := range b.Techniques {
		if t.ID == "" {
			continue
		}
		k := strings.ToUpper(t.ID)
		if prev, dup := b.byID[k]; !dup || (!prev.Live() && t.Live()) {
			b.byID[k] = t
		}
		slices.SortStableFunc(t.Strategies, func(x, y *Strategy) int { return strings.Compare(x.ID, y.ID) })
		slices.SortStableFunc(t.Components, order(componentLess))
	}
	slices.SortStableFunc(b.Tactics, func(x, y *Tactic) int { return strings.Compare(x.ID, y.ID) })
	slices.SortStableFunc(b.DataSources, func(x, y *DataSource) int { return strings.Compare(x.ID, y.ID) })
	slices.SortStableFunc(b.Components, order(componentLess))
	return nil
}

// order turns a less function into the comparison slices.SortStableFunc
// takes.
func order[T any](less func(a, b T) bool) func(a, b T) int {
	return func(a, b T) int {
		switch {
		case less(a, b):
			return -1
		case less(b, a):
			return 1
		}
		return 0
	}
}

// componentLess orders components by data source, then name.
func componentLess(a, b *DataComponent) bool {
	var sa, sb string
	if a.DataSource != nil {
		sa = a.DataSource.Name
	}
	if b.DataSource != nil {
		sb = b.DataSource.Name
	}
	if sa != sb {
		return sa < sb
	}
	return a.Name < b.Name
}
