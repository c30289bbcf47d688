// Package hunt runs Sigma rules over security events: it compiles a rule's
// detection into a matcher once, indexes rules by the log and event id
// they can match, and tests each event only against those rules, in
// parallel.
//
// It reads rules as pkg/sigma decodes them and events as pkg/evtx reads
// them; it parses neither YAML nor EVTX itself. The detection language is
// the Sigma specification's (v2):
//
// Selections. A map is the AND of its fields; a list of maps is the OR of
// the maps; a field's list of values is the OR of the values, or with
// |all their AND. A list of plain values (or a single value) is a list of
// keywords: it matches when some value of the event contains one (|all:
// each); a map key "|all" holds keywords too.
//
//	Image|endswith: '\cmd.exe'              the field ends with \cmd.exe, any case
//	CommandLine|contains|all: [a, b]        the field contains a and b
//	EventID: [4624, 4625]                   "4624" or "4625" (numbers as decimal text)
//	Field: null                             the event lacks the field, or it is empty
//	Field: ''                               the field is present and empty
//	keywords: [mimikatz]                    some field's value contains "mimikatz"
//
// Strings. Matching is whole-value and case-insensitive unless |cased.
// * is any run of characters and ? one character; \* \? and \\ stand for
// *, ? and \; any other backslash is itself ('C:\Windows' is C:\Windows,
// 'C:\\*' is C:\ followed by a wildcard).
//
// Modifiers: contains, startswith, endswith (wildcards around the value);
// all; cased; windash (every - or / that starts a word also matches as
// / – — ― or -, in every combination; at most 64 places in one value,
// more is ErrUnsupported); base64 and
// base64offset (the value's base64 encoding, or its three encodings at
// offsets 0, 1 and 2 as pySigma cuts them; matched cased, as base64 is
// case-significant); utf16le (wide), utf16be and utf16 (with a byte order
// mark) before base64 or base64offset; re (an unanchored search in Go's
// RE2 syntax, case-sensitive; i, m, s as sub-modifiers); cidr (the value
// is an IPv4 or IPv6 address inside the prefix; IPv4-mapped IPv6
// addresses count as IPv4); exists (true: the field is present, even
// empty); fieldref (the field equals another field's value, or with
// contains/startswith/endswith holds it); lt, lte, gt, gte (the value read
// as a decimal or 0x-hexadecimal number; a value that is not a number
// never matches).
//
// Conditions: search identifiers, and, or, not (precedence rising in that
// order; keywords in any case), parentheses, "1 of P", "any of P", "all of
// P", "N of P" (at least N), where P is an identifier, a pattern with * or
// "them" (every identifier except those starting with _). A list of
// conditions is their OR. At most MaxConditionDepth levels of nesting and
// MaxConditionLen bytes.
//
// What a rule uses that hunt does not run is an *UnsupportedError (wrapping
// ErrUnsupported) naming the construct, so rules are counted per reason and
// never matched wrongly: aggregations (condition "... | count() by x > 5")
// and near, timeframe, the expand modifier (placeholders), modifiers not
// listed above, regular expressions Go cannot compile (lookaround,
// backreferences), utf16 without base64 (a text field never holds UTF-16
// bytes), and type modifiers combined with others (re|contains). Malformed
// detections (an undefined identifier, a pattern naming none, a syntax
// error) wrap ErrInvalid.
//
// # Running rules
//
// New compiles sigma rules into a Hunter; Run reads EVTX files (folders
// are searched for .evtx) and RunEvents takes events already read. A rule
// is placed on events through its log source (sigma.LogSource.Events, the
// taxonomy) and the EventID values its detection requires:
//
//	category process_creation                  Sysmon 1 and Security 4688
//	service security, EventID: 4624            Security 4624 only
//	service security, not filter{EventID:4625} every Security event (a negation requires nothing)
//	category process_creation, EventID: 4624   not run, "no event" (neither 1 nor 4688)
//	product windows, no category or service    every event
//	category no_such_thing                     not run, "log source"
//	category registry_delete                   Sysmon 12 with EventType DeleteKey or DeleteValue
//	                                           (registry_add CreateKey, registry_set SetValue,
//	                                           registry_rename RenameKey)
//
// Fields are looked up as evtx.Event.Field does (EventData names, then
// System fields under Sigma's names: EventID, Provider_Name, Channel,
// Computer, ...); on Security 4688, Image and ParentImage read
// NewProcessName and ParentProcessName when absent. Keywords match the
// event's data values.
//
// Every case-insensitive literal (equality, prefix, suffix, contains) a
// rule compares a field with is a needle of that field's Aho-Corasick
// automaton: an event's field is scanned once for every rule (keyword
// literals share one automaton over the event's values). A rule whose
// detection cannot match unless one of a set of literals holds (its
// "necessary atoms": any AND child's, all OR children's) is evaluated only
// when one does; the others are evaluated on every candidate event.
// Events are matched in batches of 4096 by Workers goroutines; results do
// not depend on scheduling. A Result keeps at most MaxMatches matching
// events per rule (default 1000), all counted; memory is bounded by the
// batch, the rules and the kept matches.
package hunt
