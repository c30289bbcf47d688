// Package sigma reads Sigma detection rules (github.com/SigmaHQ/sigma) and
// says which Windows events a rule's log source denotes, so that huntbook
// can ask whether a rule can fire on the logs an organisation collects.
//
// # Reading
//
// ReadDir reads every .yml and .yaml file under a folder, recursively, in
// lexical order; ReadFiles reads the files given; Parse one file's bytes.
// Files are read and parsed concurrently (GOMAXPROCS workers) and the
// result is in file order, so it does not depend on scheduling. A file or
// a document that cannot be read as a rule is reported in Set.Skipped (an
// [*Error] with the file, the line and what is wrong) and skipped; it
// never stops the others.
//
// Each YAML document of a file that is a rule gives a [Rule]: title, id,
// status, level, description, logsource, the detection (decoded, with its
// condition), tags split into ATT&CK techniques and tactics, related,
// fields, and the event ids the detection names. Input beside result:
//
//	tags: [attack.t1003.001, attack.credential-access]
//	                          Techniques [T1003.001], Tactics [credential-access]
//	tags: [ATTACK.T1003.001, Attack.Credential_Access]
//	                          the same: tags compare without case; _ reads as -
//	tags: [attack.g0007, attack.s0002, car.2013-07-001]
//	                          no technique, no tactic (groups, software, CAR)
//	tags: [attack.t1685]      Techniques [T1685]: kept though ATT&CK v18 has no
//	                          T1685 (package attack lists such tags as unknown)
//	EventID: 4624             EventIDs [4624]
//	EventID: [4624, '4625']   EventIDs [4624 4625]
//	selection: [{EventID: 1}, {EventID: 2}]
//	                          EventIDs [1 2]: lists of maps are searched too
//	EventID|contains: 46      EventIDs none; EventIDMatches [{contains 46}]: a
//	                          modifier makes it no longer one id, so joins
//	                          treat it as "some events of the log"
//	eventid: 4688             EventIDs [4688]: the field name without case
//	keywords: [mimikatz]      EventIDs none (a keywords-only detection)
//	no logsource              LogSource{} (read; Events is nil: cannot be placed)
//	category: no_such_thing   read; Events is nil
//	correlation: ...          skipped, ErrShape (a correlation rule)
//	no detection / no condition
//	                          skipped, ErrShape
//
// EventIDs are in the order of the detection's search identifiers sorted
// by name, then as listed; duplicates are dropped; numbers are written in
// decimal. A selection the condition names only after not (selection and
// not filter; not 1 of filter_*) does not count: its ids go to
// NegatedEventIDs, for the rule does not need those events. The condition
// is only scanned for not, not evaluated: a not before a parenthesis
// negates nothing here.
//
//	selection: {EventID: 4624}, filter: {EventID: 4634}
//	condition: selection and not filter
//	                          EventIDs [4624]; NegatedEventIDs [4634]
//
// # Rule collections
//
// A file may hold several YAML documents (separated by ---). A document
// with action: global is merged into every rule document after it, until
// action: reset; action: repeat repeats the document before it with its
// own keys merged in; a document without action is a rule. Merging is
// recursive for mappings; any other value replaces the one merged into,
// and, as in pySigma (SigmaCollection.from_dicts) and the legacy sigmac,
// the global document's values win over the rule's. A repeat with nothing
// before it, or an unknown action, skips that document with ErrAction;
// the other documents are still read. Rule.Line is the line of the rule's
// own document (for a repeat, the repeat document's).
//
// # Limits (hostile input)
//
//	a file over MaxFileSize (8 MiB)     ErrTooLarge, not read (a 100 MB scalar)
//	NUL bytes                           ErrBinary (a binary file)
//	invalid YAML, control characters    ErrSyntax with yaml.v3's line and message
//	more values than twice the file's   ErrAliases (an alias bomb: aliases are
//	size (at least 1024)                expanded, each expansion counted; the
//	                                    budget of package yamlnode)
//	a merge key (<<)                    ErrShape, refused as by every huntbook
//	                                    YAML reader (write the keys out)
//	a document that is not a mapping    ErrShape, that document only
//	a FIFO, a device                    ErrRead, not opened (it would block)
//
// Reading never panics on bad input. Memory is bounded by the file size
// (a few times MaxFileSize per worker) and the alias budget.
//
// # Taxonomy
//
// [LogSource.Events] resolves a rule's log source to Windows events with
// the table [Taxonomy], built from the Sigma specification's taxonomy
// appendix (version 2.1.0, see TaxonomySource): a category denotes events
// (process_creation → Sysmon 1 and, from SigmaHQ's log source guide,
// Security 4688; registry_set → Sysmon 13; ps_script → PowerShell 4104 in
// Microsoft-Windows-PowerShell/Operational or PowerShellCore/Operational);
// a service denotes channels, any event (service security → the Security
// channel, ID ""). [Rule.Events] narrows those by the EventIDs the rule
// names (service security and EventID 4624 → Security 4624). Sigma's
// service names (sysmon, security, powershell) are resolved here, not by
// package logsource; the events are logsource.Event values, so
// Event.Key and Event.Matches compare them with inventories, mappings and
// EVTX records. Products other than windows are not in the table.
//
// The package knows nothing of ATT&CK, mappings or inventories: package
// attack joins rules with them (attack.RulesOf). Evaluating a detection
// over events is package hunt's job.
package sigma
