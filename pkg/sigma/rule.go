package sigma

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
)

// Rule is one Sigma detection rule as read from its file. A rule collection
// (a file of several YAML documents with action keys) gives one Rule per
// rule document, with the global documents merged in.
type Rule struct {
	// Path is the file the rule was read from (as given to the reader);
	// Line the 1-based line of the rule's document (its first key).
	Path string `json:"path"`
	Line int    `json:"line"`

	Title       string `json:"title"`
	ID          string `json:"id,omitempty"`
	Status      string `json:"status,omitempty"` // stable, test, experimental, deprecated, unsupported; as written
	Level       string `json:"level,omitempty"`  // informational, low, medium, high, critical; as written
	Description string `json:"description,omitempty"`

	LogSource LogSource `json:"logsource"`

	// Detection is the rule's detection mapping, decoded to
	// map[string]any / []any / string / int / float64 / bool / nil, with
	// non-string keys converted to strings. It includes "condition" (a
	// string, or a []any of strings) and "timeframe" when present.
	Detection map[string]any `json:"detection"`

	// EventIDs are the event ids the detection names by equality: the
	// values of every EventID field (any case, at any depth, in
	// selections that are maps or lists of maps, "condition" excepted,
	// and selections the condition only negates excepted),
	// as decimal strings, without duplicates (order: see the package comment).
	// An EventID field with a modifier (EventID|contains: 46) is not an
	// equality: its value goes to EventIDMatches instead.
	EventIDs []string `json:"event_ids,omitempty"`
	// EventIDMatches are the EventID fields with modifiers: each names
	// an unknown set of ids, so a join cannot list them.
	EventIDMatches []EventIDMatch `json:"event_id_matches,omitempty"`
	// NegatedEventIDs are the ids of EventID fields in selections the
	// condition names only after not (filter: {EventID: 4625} … and not
	// filter): the rule does not need those events, so they are not in
	// EventIDs.
	NegatedEventIDs []string `json:"negated_event_ids,omitempty"`

	// Tags are the rule's tags as written. Techniques are the ATT&CK
	// technique ids among them (attack.t1003.001 → T1003.001), upper
	// case, without duplicates, in order; Tactics the ATT&CK tactics
	// (attack.credential-access → credential-access), lower case.
	Tags       []string `json:"tags,omitempty"`
	Techniques []string `json:"techniques,omitempty"`
	Tactics    []string `json:"tactics,omitempty"`

	Related []Related `json:"related,omitempty"`
	Fields  []string  `json:"fields,omitempty"`
}

// String names the rule: its title and where it was read.
func (r Rule) String() string {
	return r.Title + " (" + r.Path + ":" + strconv.Itoa(r.Line) + ")"
}

// LogSource is a rule's logsource: which log its detection reads. Events
// says which Windows events that denotes.
type LogSource struct {
	Product    string `json:"product,omitempty"`
	Category   string `json:"category,omitempty"`
	Service    string `json:"service,omitempty"`
	Definition string `json:"definition,omitempty"`
}

// String is the log source as Sigma writes it: "windows/process_creation",
// "windows/service:security", "(none)" when empty.
func (ls LogSource) String() string {
	var parts []string
	if ls.Product != "" {
		parts = append(parts, ls.Product)
	}
	if ls.Category != "" {
		parts = append(parts, ls.Category)
	}
	if ls.Service != "" {
		parts = append(parts, "service:"+ls.Service)
	}
	if len(parts) == 0 {
		return "(none)"
	}
	return strings.Join(parts, "/")
}

// Related is one entry of a rule's related list.
type Related struct {
	ID   string `json:"id"`
	Type string `json:"type"` // derived, obsolete, merged, renamed, similar
}

// EventIDMatch is an EventID field with modifiers: EventID|contains: 46 is
// {Modifiers: "contains", Value: "46"}.
type EventIDMatch struct {
	Modifiers string `json:"modifiers"`
	Value     string `json:"value"`
}

// Set is what a reader read: the rules, in file order and within a file in
// document order, and the documents or files it could not read.
type Set struct {
	Rules []Rule `json:"rules"`
	// Skipped lists every file or document that gave no rule, with its
	// place and reason. A skipped file never stops the others.
	Skipped []*Error `json:"skipped"`
	// Files is how many files were read (including those skipped).
	Files int `json:"files"`
}

// Sentinel errors, matched with errors.Is.
var (
	ErrSyntax   = errors.New("malformed YAML")
	ErrTooLarge = errors.New("file too large")
	ErrBinary   = errors.New("binary file")
	ErrAliases  = errors.New("too many values")
	ErrShape    = errors.New("not a Sigma rule")
	ErrAction   = errors.New("bad collection action")
	ErrRead     = errors.New("cannot read file")
)

// Error is a file or document that gave no rule.
type Error struct {
	Path   string `json:"path"`
	Line   int    `json:"line,omitempty"` // 1-based; 0 when the whole file is meant
	Err    error  `json:"-"`
	Detail string `json:"detail,omitempty"`
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("sigma: ")
	if e.Path != "" {
		b.WriteString(e.Path)
		if e.Line > 0 {
			b.WriteString(":" + strconv.Itoa(e.Line))
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

// MarshalJSON adds the reason (the sentinel's text) to the JSON form.
func (e *Error) MarshalJSON() ([]byte, error) {
	reason := ""
	if e.Err != nil {
		reason = e.Err.Error()
	}
	return json.Marshal(struct {
		Path   string `json:"path"`
		Line   int    `json:"line,omitempty"`
		Reason string `json:"reason"`
		Detail string `json:"detail,omitempty"`
	}{e.Path, e.Line, reason, e.Detail})
}

// UnmarshalJSON reads the JSON form back, the reason naming its sentinel.
func (e *Error) UnmarshalJSON(data []byte) error {
	var x struct {
		Path   string `json:"path"`
		Line   int    `json:"line"`
		Reason string `json:"reason"`
		Detail string `json:"detail"`
	}
	if err := json.Unmarshal(data, &x); err != nil {
		return err
	}
	e.Path, e.Line, e.Detail = x.Path, x.Line, x.Detail
	e.Err = errors.New(x.Reason)
	for _, s := range []error{ErrSyntax, ErrTooLarge, ErrBinary, ErrAliases, ErrShape, ErrAction, ErrRead} {
		if s.Error() == x.Reason {
			e.Err = s
		}
	}
	return nil
}
