package sysmon

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Limits on hostile input.
const (
	// MaxSize is the largest configuration read, in bytes (real ones are
	// under 1 MB).
	MaxSize = 16 << 20
	// MaxRun is the longest tag or text between two markup characters,
	// in bytes: an attribute or a value longer than this is refused
	// before encoding/xml holds it in memory.
	MaxRun = 1 << 20
	// MaxDepth is the deepest element nesting read.
	MaxDepth = 16
	// MaxConditions is the most conditions read (sysmon-modular's
	// configuration has about 2,700); with MaxSize it bounds the memory a
	// configuration takes.
	MaxConditions = 50000
	// MaxElements is the most elements of any kind read.
	MaxElements = 100000
	// maxSelects is how many include rules an Event quotes.
	maxSelects = 10
)

// Sentinel errors, matched with errors.Is.
var (
	ErrSyntax    = errors.New("malformed XML")
	ErrNotConfig = errors.New("not a Sysmon configuration")
	ErrDTD       = errors.New("DTD not allowed")
	ErrTooLarge  = errors.New("too large")
	ErrRule      = errors.New("malformed rule")
)

// Error is a problem at a place in a configuration file.
type Error struct {
	Source  string // the file name
	Line    int    // 1-based; 0 if unknown
	Element string // the element being read, "" if none
	Err     error  // one of the sentinel errors
	Detail  string // what is wrong and what to do
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("sysmon: ")
	if e.Source != "" {
		b.WriteString(e.Source)
		if e.Line > 0 {
			b.WriteString(":" + strconv.Itoa(e.Line))
		}
		b.WriteString(": ")
	}
	if e.Element != "" {
		b.WriteString("<" + e.Element + ">: ")
	}
	b.WriteString(e.Err.Error())
	if e.Detail != "" {
		b.WriteString(": " + e.Detail)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// State is how much of an event type a configuration has Sysmon log.
type State string

const (
	Full    State = "full"    // every event of the type
	Partial State = "partial" // what include rules select, or all but what exclude rules match
	Off     State = "off"     // none
)

// Condition is one field test: <TargetImage condition="end with">lsass.exe</TargetImage>.
type Condition struct {
	Field     string `json:"field"`
	Condition string `json:"condition"` // "is" when the attribute is absent, Sysmon's default
	Value     string `json:"value"`
	Name      string `json:"name,omitempty"`
	Line      int    `json:"line"`
}

func (c Condition) String() string {
	v := c.Value
	if len(v) > 60 {
		v = v[:57] + "..."
	}
	return c.Field + " " + c.Condition + " " + v
}

// Rule is what one filter entry matches: a <Rule> element, or one
// condition directly in the event element (under a RuleGroup whose
// groupRelation is "and", all direct conditions form one rule).
type Rule struct {
	Name       string      `json:"name,omitempty"`
	Relation   string      `json:"relation"` // "and" or "or"
	Conditions []Condition `json:"conditions"`
	Line       int         `json:"line"`
}

func (r Rule) String() string {
	parts := make([]string, len(r.Conditions))
	for i, c := range r.Conditions {
		parts[i] = c.String()
	}
	return strings.Join(parts, " "+r.Relation+" ")
}

// Filter is one event-type element: <ProcessAccess onmatch="include">.
type Filter struct {
	Element       string `json:"element"`
	OnMatch       string `json:"onmatch"` // "include" or "exclude"
	Group         string `json:"group,omitempty"`
	GroupRelation string `json:"group_relation"`
	Rules         []Rule `json:"rules"`
	Line          int    `json:"line"`
}

// Option is a configuration entry outside EventFiltering, such as
// <HashAlgorithms>md5,sha256</HashAlgorithms>; Value is its trimmed text.
type Option struct {
	Name  string `json:"name"`
	Value string `json:"value"`
	Line  int    `json:"line"`
	Known bool   `json:"known"`
}

// Warning is something read and kept that huntbook does not understand:
// an unknown element, a newer schema.
type Warning struct {
	Line    int    `json:"line"`
	Element string `json:"element"`
	Message string `json:"message"`
}

func (w Warning) String() string {
	return fmt.Sprintf("line %d: <%s>: %s", w.Line, w.Element, w.Message)
}

// Event is what a configuration does with one event type.
type Event struct {
	EventType
	// Known is false for an element under EventFiltering that huntbook
	// does not know (a newer schema's event type); its IDs are empty.
	Known bool  `json:"known"`
	State State `json:"state"`
	// Reason says why, in words: "only what 3 include rules select: ...".
	Reason string `json:"reason"`
	// Configured is true when the configuration has a filter for it;
	// otherwise State is Sysmon's default.
	Configured   bool `json:"configured"`
	IncludeRules int  `json:"include_rules"`
	ExcludeRules int  `json:"exclude_rules"`
	// Selects are the first 10 include rules, as text, when State is
	// Partial because of include rules.
	Selects []string `json:"selects,omitempty"`
	// Lines are the lines of its filter elements.
	Lines []int `json:"lines,omitempty"`
}

// Config is a Sysmon configuration file as read.
type Config struct {
	Source        string    `json:"source"`
	SHA256        string    `json:"sha256"`
	SchemaVersion string    `json:"schema_version"`
	Options       []Option  `json:"options"`
	Filters       []Filter  `json:"filters"`
	Events        []Event   `json:"events"`
	Warnings      []Warning `json:"warnings"`
}

// Option returns the value of the named option and whether it is set.
func (c *Config) Option(name string) (string, bool) {
	for _, o := range c.Options {
		if strings.EqualFold(o.Name, name) {
			return o.Value, true
		}
	}
	return "", false
}

// Event returns what the configuration does with the event type that
// filters the event ID.
func (c *Config) Event(id int) (Event, bool) {
	for _, e := range c.Events {
		for _, i := range e.IDs {
			if i == id {
				return e, true
			}
		}
	}
	return Event{}, false
}

// Load reads a configuration file.
func Load(path string) (*Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("sysmon: %w", err)
	}
	defer f.Close()
	return Read(f, path)
}

// Read reads a configuration; name is used in errors and as Source.
func Read(r io.Reader, name string) (*Config, error) {
	g := &guard{r: r, line: 1, name: name}
	data, err := io.ReadAll(g)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			return nil, e
		}
		return nil, &Error{Source: name, Err: ErrSyntax, Detail: err.Error()}
	}
	return Parse(data, name)
}

// Parse reads a configuration held in memory; name is used in errors.
func Parse(data []byte, name string) (*Config, error) {
	if len(data) > MaxSize {
		return nil, &Error{Source: name, Err: ErrTooLarge, Detail: fmt.Sprintf("larger than %d MB", MaxSize>>20)}
	}
	if err := checkRuns(data, name); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	c := &Config{Source: name, SHA256: hex.EncodeToString(sum[:]), Options: []Option{}, Filters: []Filter{}, Warnings: []Warning{}}
	text, err := toUTF8(data, name)
	if err != nil {
		return nil, err
	}
	p := &parser{c: c, d: xml.NewDecoder(bytes.NewReader(text))}
	p.d.Strict = true
	p.d.CharsetReader = func(charset string, in io.Reader) (io.Reader, error) {
		switch strings.ToLower(charset) {
		case "utf-16", "utf-16le", "utf-16be", "us-ascii", "ascii":
			return in, nil // already UTF-8 (toUTF8), or a subset of it
		}
		return nil, fmt.Errorf("encoding %q: save the file as UTF-8", charset)
	}
	if err := p.root(); err != nil {
		return nil, err
	}
	c.Events = evaluate(c.Filters)
	return c, nil
}

// toUTF8 drops a UTF-8 byte order mark and converts UTF-16 (with its
// mark, as PowerShell 5 writes files) to UTF-8.
func toUTF8(data []byte, name string) ([]byte, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return data[3:], nil
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		le := data[0] == 0xFF
		body := data[2:]
		if len(body)%2 != 0 {
			return nil, &Error{Source: name, Err: ErrSyntax, Detail: "UTF-16 file with an odd number of bytes"}
		}
		u := make([]uint16, len(body)/2)
		for i := range u {
			if le {
				u[i] = uint16(body[2*i]) | uint16(body[2*i+1])<<8
			} else {
				u[i] = uint16(body[2*i])<<8 | uint16(body[2*i+1])
			}
		}
		var b bytes.Buffer
		for _, r := range utf16.Decode(u) {
			b.WriteRune(r)
		}
		return b.Bytes(), nil
	}
	if !utf8.Valid(data) {
		return nil, &Error{Source: name, Err: ErrSyntax, Detail: "not UTF-8 text; save the file as UTF-8"}
	}
	return data, nil
}

// guard reads at most MaxSize+1 bytes and fails at the first run of
// MaxRun bytes without '<' or '>', naming its line and the tag it is in,
// so that a 100 MB attribute is refused after 1 MB.
type guard struct {
	r    io.Reader
	name string
	line int
	run  int
	n    int
	tag  []byte // the name after the last '<', up to 64 bytes
	in   bool   // reading a tag name
}

func (g *guard) Read(p []byte) (int, error) {
	if g.n > MaxSize {
		return 0, &Error{Source: g.name, Line: g.line, Err: ErrTooLarge, Detail: fmt.Sprintf("larger than %d MB", MaxSize>>20)}
	}
	n, err := g.r.Read(p)
	for _, b := range p[:n] {
		g.n++
		switch b {
		case '<':
			g.run, g.tag, g.in = 0, g.tag[:0], true
			continue
		case '>':
			g.run, g.in = 0, false
			continue
		case '\n':
			g.line++
		}
		if g.in {
			if b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == '/' || len(g.tag) >= 64 {
				g.in = false
			} else {
				g.tag = append(g.tag, b)
			}
		}
		g.run++
		if g.run > MaxRun {
			return 0, runError(g.name, g.line, string(g.tag))
		}
	}
	return n, err
}

func runError(name string, line int, tag string) error {
	return &Error{Source: name, Line: line, Element: tag, Err: ErrTooLarge,
		Detail: fmt.Sprintf("an attribute or text longer than %d MB; a Sysmon value is a path or a name", MaxRun>>20)}
}

// checkRuns applies the guard's run limit to data already in memory.
func checkRuns(data []byte, name string) error {
	g := &guard{r: bytes.NewReader(data), name: name, line: 1}
	_, err := io.Copy(io.Discard, g)
	return err
}

type parser struct {
	c     *Config
	d     *xml.Decoder
	depth int
	at    int // the line of the last token's start, for text; 0: the decoder's position
	conds int // conditions read so far
	elems int // elements read so far
}

func (p *parser) line() int {
	if p.at > 0 {
		return p.at
	}
	l, _ := p.d.InputPos()
	return l
}

func (p *parser) fail(elem string, err error, format string, args ...any) error {
	return &Error{Source: p.c.Source, Line: p.line(), Element: elem, Err: err, Detail: fmt.Sprintf(format, args...)}
}

func (p *parser) warn(line int, elem, format string, args ...any) {
	p.c.Warnings = append(p.c.Warnings, Warning{Line: line, Element: elem, Message: fmt.Sprintf(format, args...)})
}

// next returns the next start element, end element or non-blank text,
// skipping comments and processing instructions; elem names the element
// being read, for errors.
func (p *parser) next(elem string) (xml.Token, error) {
	for {
		before, _ := p.d.InputPos()
		p.at = 0
		tok, err := p.d.Token()
		if err == io.EOF {
			if elem == "" {
				return nil, io.EOF
			}
			return nil, p.fail(elem, ErrSyntax, "the file ends before </%s>", elem)
		}
		if err != nil {
			return nil, p.syntax(elem, err)
		}
		switch t := tok.(type) {
		case xml.Comment, xml.ProcInst:
			continue
		case xml.Directive:
			if strings.HasPrefix(strings.ToUpper(strings.TrimSpace(string(t))), "DOCTYPE") {
				return nil, p.fail(elem, ErrDTD, "a DOCTYPE can declare entities that expand without bound; Sysmon configurations have none, remove it")
			}
			return nil, p.fail(elem, ErrSyntax, "unexpected <!%s>", firstWord(string(t)))
		case xml.CharData:
			trimmed := bytes.TrimLeft(t, " \t\r\n")
			if len(trimmed) == 0 {
				continue
			}
			p.at = before + bytes.Count(t[:len(t)-len(trimmed)], []byte("\n"))
			return t.Copy(), nil
		case xml.StartElement:
			p.depth++
			p.elems++
			if p.elems > MaxElements {
				return nil, p.fail(t.Name.Local, ErrTooLarge, "more than %d elements; real configurations have a few thousand", MaxElements)
			}
			if p.depth > MaxDepth {
				return nil, p.fail(t.Name.Local, ErrTooLarge, "elements nested more than %d deep", MaxDepth)
			}
			return t.Copy(), nil
		case xml.EndElement:
			p.depth--
			return t, nil
		}
	}
}

func firstWord(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, " \t\r\n"); i >= 0 {
		s = s[:i]
	}
	if len(s) > 20 {
		s = s[:20]
	}
	return s
}

func (p *parser) syntax(elem string, err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return &Error{Source: p.c.Source, Line: se.Line, Element: elem, Err: ErrSyntax, Detail: se.Msg}
	}
	return p.fail(elem, ErrSyntax, "%v", err)
}

func attr(s xml.StartElement, name string) (string, bool) {
	for _, a := range s.Attr {
		if strings.EqualFold(a.Name.Local, name) {
			return a.Value, true
		}
	}
	return "", false
}

func (p *parser) root() error {
	tok, err := p.next("")
	if err == io.EOF {
		return &Error{Source: p.c.Source, Line: p.line(), Err: ErrNotConfig, Detail: "no element at all; a configuration starts <Sysmon schemaversion=\"4.90\">"}
	}
	if err != nil {
		return err
	}
	start, ok := tok.(xml.StartElement)
	if !ok {
		return p.fail("", ErrNotConfig, "text before the root element; a configuration starts <Sysmon schemaversion=\"4.90\">")
	}
	if start.Name.Local != "Sysmon" {
		return p.fail(start.Name.Local, ErrNotConfig, "the root element is <%s>, want <Sysmon schemaversion=\"4.90\">", start.Name.Local)
	}
	line := p.line()
	v, hasVersion := attr(start, "schemaversion")
	switch {
	case !hasVersion:
		p.warn(line, "Sysmon", "no schemaversion attribute; Sysmon needs one (read as %s)", SchemaVersion)
	case newer(v, SchemaVersion):
		p.warn(line, "Sysmon", "schema %s is newer than %s, the newest huntbook knows: elements it does not know are kept and listed", v, SchemaVersion)
	}
	p.c.SchemaVersion = v
	filtering := false
	for {
		tok, err := p.next("Sysmon")
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return p.end()
		case xml.CharData:
			return p.fail("Sysmon", ErrSyntax, "text %q directly in <Sysmon>", clip(string(t)))
		case xml.StartElement:
			if t.Name.Local == "EventFiltering" {
				if filtering {
					p.warn(p.line(), "EventFiltering", "a second <EventFiltering>; its rules are read too")
				}
				filtering = true
				if err := p.filtering(); err != nil {
					return err
				}
				continue
			}
			if err := p.option(t); err != nil {
				return err
			}
		}
	}
}

// end checks that nothing but comments follows </Sysmon>.
func (p *parser) end() error {
	tok, err := p.next("")
	if err == io.EOF {
		return nil
	}
	if err != nil {
		return err
	}
	if s, ok := tok.(xml.StartElement); ok {
		return p.fail(s.Name.Local, ErrSyntax, "an element after </Sysmon>")
	}
	return p.fail("", ErrSyntax, "text after </Sysmon>")
}

func clip(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 40 {
		return s[:37] + "..."
	}
	return s
}

// newer reports whether schema version a is newer than b ("4.91" > "4.90").
func newer(a, b string) bool {
	pa, pb := strings.Split(strings.TrimSpace(a), "."), strings.Split(b, ".")
	for i := 0; i < len(pa) || i < len(pb); i++ {
		var x, y int
		if i < len(pa) {
			x, _ = strconv.Atoi(pa[i])
		}
		if i < len(pb) {
			y, _ = strconv.Atoi(pb[i])
		}
		if x != y {
			return x > y
		}
	}
	return false
}

func (p *parser) option(s xml.StartElement) error {
	name := s.Name.Local
	o := Option{Name: name, Line: p.line()}
	for _, k := range knownOptions {
		if k == name {
			o.Known = true
		}
	}
	if !o.Known {
		p.warn(o.Line, name, "not an option huntbook knows; kept")
	}
	text, err := p.text(name)
	if err != nil {
		return err
	}
	o.Value = text
	p.c.Options = append(p.c.Options, o)
	return nil
}

// text reads the text of a simple element up to its end.
func (p *parser) text(elem string) (string, error) {
	var b strings.Builder
	for {
		tok, err := p.next(elem)
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return strings.TrimSpace(b.String()), nil
		case xml.CharData:
			b.Write(t)
		case xml.StartElement:
			return "", p.fail(t.Name.Local, ErrRule, "an element inside <%s>, which holds a value", elem)
		}
	}
}

func (p *parser) filtering() error {
	for {
		tok, err := p.next("EventFiltering")
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return nil
		case xml.CharData:
			return p.fail("EventFiltering", ErrSyntax, "text %q directly in <EventFiltering>", clip(string(t)))
		case xml.StartElement:
			if t.Name.Local == "RuleGroup" {
				if err := p.group(t); err != nil {
					return err
				}
				continue
			}
			if err := p.filter(t, "", "or"); err != nil {
				return err
			}
		}
	}
}

func relation(p *parser, s xml.StartElement) (string, error) {
	v, ok := attr(s, "groupRelation")
	if !ok {
		return "or", nil
	}
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "or":
		return "or", nil
	case "and":
		return "and", nil
	}
	return "", p.fail(s.Name.Local, ErrRule, "groupRelation=%q; write \"or\" or \"and\"", clip(v))
}

func (p *parser) group(s xml.StartElement) error {
	rel, err := relation(p, s)
	if err != nil {
		return err
	}
	name, _ := attr(s, "name")
	for {
		tok, err := p.next("RuleGroup")
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return nil
		case xml.CharData:
			return p.fail("RuleGroup", ErrSyntax, "text %q directly in <RuleGroup>", clip(string(t)))
		case xml.StartElement:
			if t.Name.Local == "RuleGroup" {
				return p.fail("RuleGroup", ErrRule, "a <RuleGroup> inside a <RuleGroup>; Sysmon allows one level")
			}
			if err := p.filter(t, name, rel); err != nil {
				return err
			}
		}
	}
}

func (p *parser) filter(s xml.StartElement, group, groupRel string) error {
	elem := s.Name.Local
	f := Filter{Element: elem, Group: group, GroupRelation: groupRel, Line: p.line(), Rules: []Rule{}}
	if _, ok := typeByElement(elem); !ok {
		p.warn(f.Line, elem, "not an event type of schema %s; kept, with no event ids", SchemaVersion)
	}
	om, ok := attr(s, "onmatch")
	if !ok {
		return p.fail(elem, ErrRule, "no onmatch attribute; write onmatch=\"include\" or onmatch=\"exclude\"")
	}
	switch strings.ToLower(strings.TrimSpace(om)) {
	case "include":
		f.OnMatch = "include"
	case "exclude":
		f.OnMatch = "exclude"
	default:
		return p.fail(elem, ErrRule, "onmatch=%q; write \"include\" or \"exclude\"", clip(om))
	}
	var direct []Condition
	for {
		tok, err := p.next(elem)
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if len(direct) > 0 {
				if groupRel == "and" {
					f.Rules = append(f.Rules, Rule{Relation: "and", Conditions: direct, Line: direct[0].Line})
				} else {
					for _, c := range direct {
						f.Rules = append(f.Rules, Rule{Relation: "or", Conditions: []Condition{c}, Line: c.Line})
					}
				}
			}
			p.c.Filters = append(p.c.Filters, f)
			return nil
		case xml.CharData:
			return p.fail(elem, ErrSyntax, "text %q directly in <%s>; conditions are elements such as <Image condition=\"end with\">x.exe</Image>", clip(string(t)), elem)
		case xml.StartElement:
			if t.Name.Local == "Rule" {
				r, err := p.rule(t)
				if err != nil {
					return err
				}
				f.Rules = append(f.Rules, r)
				continue
			}
			c, err := p.condition(t)
			if err != nil {
				return err
			}
			direct = append(direct, c)
		}
	}
}

func (p *parser) rule(s xml.StartElement) (Rule, error) {
	rel, err := relation(p, s)
	if err != nil {
		return Rule{}, err
	}
	name, _ := attr(s, "name")
	r := Rule{Name: name, Relation: rel, Line: p.line(), Conditions: []Condition{}}
	for {
		tok, err := p.next("Rule")
		if err != nil {
			return Rule{}, err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if len(r.Conditions) == 0 {
				p.warn(r.Line, "Rule", "a rule with no condition; Sysmon ignores it")
			}
			return r, nil
		case xml.CharData:
			return Rule{}, p.fail("Rule", ErrSyntax, "text %q directly in <Rule>", clip(string(t)))
		case xml.StartElement:
			if t.Name.Local == "Rule" || t.Name.Local == "RuleGroup" {
				return Rule{}, p.fail(t.Name.Local, ErrRule, "inside a <Rule>; a rule holds conditions only")
			}
			c, err := p.condition(t)
			if err != nil {
				return Rule{}, err
			}
			r.Conditions = append(r.Conditions, c)
		}
	}
}

func (p *parser) condition(s xml.StartElement) (Condition, error) {
	p.conds++
	if p.conds > MaxConditions {
		return Condition{}, p.fail(s.Name.Local, ErrTooLarge, "more than %d conditions; real configurations have a few thousand", MaxConditions)
	}
	c := Condition{Field: s.Name.Local, Condition: "is", Line: p.line()}
	if v, ok := attr(s, "condition"); ok {
		c.Condition = strings.TrimSpace(v)
	}
	c.Name, _ = attr(s, "name")
	v, err := p.text(c.Field)
	if err != nil {
		return Condition{}, err
	}
	c.Value = v
	return c, nil
}

// evaluate decides each event type's state from the filters, as Sysmon
// does: an include filter with no rules logs nothing; include rules log
// what they match; exclude rules log all but what they match, and an
// exclude match wins over an include match; an exclude filter with no
// rules logs everything; no filter at all is Sysmon's default.
func evaluate(filters []Filter) []Event {
	var out []Event
	add := func(t EventType, known bool) {
		e := Event{EventType: t, Known: known}
		hasInclude := false
		for _, f := range filters {
			if f.Element != t.Element {
				continue
			}
			e.Configured = true
			e.Lines = append(e.Lines, f.Line)
			n := 0
			for _, r := range f.Rules {
				if len(r.Conditions) > 0 {
					n++
				}
			}
			if f.OnMatch == "include" {
				hasInclude = true
				e.IncludeRules += n
				for _, r := range f.Rules {
					if len(r.Conditions) > 0 && len(e.Selects) < maxSelects {
						e.Selects = append(e.Selects, r.String())
					}
				}
			} else {
				e.ExcludeRules += n
			}
		}
		switch {
		case !e.Configured && !known:
			e.State, e.Reason = Off, "unknown event type"
		case !e.Configured && t.Default:
			e.State, e.Reason = Full, "not in the configuration: Sysmon logs it by default ("+t.DefaultSource+")"
		case !e.Configured:
			e.State, e.Reason = Off, "not in the configuration: Sysmon does not log it by default ("+t.DefaultSource+")"
		case hasInclude && e.IncludeRules == 0:
			e.State, e.Reason = Off, "include with no rules: Sysmon logs none"
			if e.ExcludeRules > 0 {
				e.Reason += fmt.Sprintf(" (its %d exclude rules cannot add any)", e.ExcludeRules)
			}
		case hasInclude:
			e.State = Partial
			e.Reason = fmt.Sprintf("only what %s: %s", verb(e.IncludeRules, "include rule", "select"), summary(e.Selects, e.IncludeRules, 3))
			if e.ExcludeRules > 0 {
				e.Reason += fmt.Sprintf("; less what %s", verb(e.ExcludeRules, "exclude rule", "match"))
			}
		case e.ExcludeRules == 0:
			e.State, e.Reason = Full, "exclude with no rules: Sysmon logs all"
		default:
			e.State, e.Reason = Partial, fmt.Sprintf("all but what %s", verb(e.ExcludeRules, "exclude rule", "match"))
		}
		if e.State != Partial || e.IncludeRules == 0 {
			e.Selects = nil
		}
		out = append(out, e)
	}
	for _, t := range EventTypes {
		add(t, true)
	}
	seen := make(map[string]bool)
	for _, f := range filters {
		if _, ok := typeByElement(f.Element); ok || seen[f.Element] {
			continue
		}
		seen[f.Element] = true
		add(EventType{Element: f.Element, IDs: []int{}, Title: f.Element}, false)
	}
	return out
}

// verb is "1 include rule selects" or "3 include rules select".
func verb(n int, what, v string) string {
	if n == 1 {
		if strings.HasSuffix(v, "ch") {
			return "1 " + what + " " + v + "es"
		}
		return "1 " + what + " " + v + "s"
	}
	return strconv.Itoa(n) + " " + what + "s " + v
}

// summary quotes the first n of total rules, each cut to 160 bytes.
func summary(items []string, total, n int) string {
	var parts []string
	for i, it := range items {
		if i == n {
			parts = append(parts, fmt.Sprintf("and %d more", total-n))
			break
		}
		if len(it) > 160 {
			it = it[:157] + "..."
		}
		parts = append(parts, it)
	}
	return strings.Join(parts, "; ")
}
