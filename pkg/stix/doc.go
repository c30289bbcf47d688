// Package stix reads MITRE ATT&CK's STIX bundles (any release from v8 on,
// STIX 2.0 or 2.1, pretty-printed or not) and turns a bundle into
// huntbook's mapping, so that every command, notebook and report that
// reads OSSEM-DM reads ATT&CK as it is today.
//
// # What is read
//
//	attack-pattern               Technique: ATT&CK ID (the external_id of the first mitre-attack,
//	                             mitre-ics-attack or mitre-mobile-attack reference), name, sub-technique
//	                             flag (or a dotted ID), kill chain phases → tactics, x_mitre_platforms,
//	                             x_mitre_version, x_mitre_deprecated, revoked, x_mitre_data_sources
//	relationship revoked-by      Technique.RevokedBy (Replacement follows chains)
//	relationship detects         strategy → technique: Technique.Strategies (v18 and later);
//	                             data component → technique: Bundle.Detects (v10 to v17)
//	x-mitre-detection-strategy   Strategy: DETnnnn, name, x_mitre_analytic_refs → Analytics
//	x-mitre-analytic             Analytic: ANnnnn, platforms, x_mitre_log_source_references
//	                             [{x_mitre_data_component_ref, name, channel}], x_mitre_mutable_elements
//	x-mitre-data-component       DataComponent: DCnnnn (v18), name, x_mitre_data_source_ref ("" is none),
//	                             x_mitre_log_sources [{name, channel}]
//	x-mitre-data-source          DataSource (deprecated in v18)
//	x-mitre-tactic, -matrix      tactics; the domain (enterprise-attack, ics-attack, mobile-attack)
//	x-mitre-collection           the release, x_mitre_version
//
// Other object types and other fields are skipped unread (their grammar is
// still checked); Bundle.Objects counts every type. Revoked and deprecated
// relationships are ignored. A null field counts as absent.
//
// # The release
//
// Release says which ATT&CK release a bundle is: Given (Options.Release,
// --attack-version) wins; else Stated, the x_mitre_version of the bundle's
// x-mitre-collection (attack-stix-data's bundles have one); else Inferred:
// the first release in Releases published on or after the day of the
// newest object's modified time (mitre/cti's STIX 2.0 bundles state no
// release; v18.1 is inferred from objects modified up to 2025-11-12), and
// at least v18.0 when the bundle has detection strategies. A bundle newer
// than every known release has no Version and says so ("newer than v18.1").
//
// # Log sources and events
//
// ParseEvents turns a log source (name, channel) into security events with
// the identity OSSEM-DM uses (package logsource): "WinEventLog:Sysmon" is
// channel Microsoft-Windows-Sysmon/Operational, provider
// Microsoft-Windows-Sysmon; "WinEventLog:Security" is Security,
// Microsoft-Windows-Security-Auditing; any other "WinEventLog:NAME" is the
// channel NAME. A name that is not a Windows log (auditd:SYSCALL,
// linux:Sysmon, AWS:CloudTrail) is its own channel, without a provider.
//
//	"EventCode=10"                          one event, 10
//	"EventCode=4663, 4670, 4656"            three events
//	"EventCode=4778, EventCode=4779"        4778 and 4779
//	"EventCode=5005 (WLAN), EventCode=302"  5005 and 302 (numbers in parentheses are notes)
//	"execve", "ConsoleLogin"                one event named by the text, kept as written
//	"None", ""                              no event
//
// # A bundle as a mapping
//
// Bundle.Mapping gives ossem.Records with the 2022 schema's keys and the
// schema label Bundle.Schema ("ATT&CK Enterprise v18.1, inferred (STIX
// 2.0)"), one row per live technique × detection strategy × analytic × log
// source reference × event for v18 and later (data_source holds the log
// source name, since v18 has no data sources; name the analytic; two more
// columns, detection_strategy and log_source_channel), one row per
// technique × data component for v10 to v17, one per x_mitre_data_sources
// entry before; see Mapping. Revoked and deprecated techniques have no
// rows: ask the Bundle about them (Technique, Replacement).
//
// # Reading: sources, speed, limits, errors
//
// Parse and Read take bytes and a reader; Load takes a file, "-", an
// http(s) URL or a name of Upstream (enterprise-attack: MITRE's current
// bundle) and reads it through ossem.Load, with the same size limit,
// timeout and cache as mappings (Hook is the ossem.Options.JSON reader that
// makes this work, and that huntbook's --mapping uses: a source whose
// first byte after white space is '{' is a bundle, whatever its name).
//
// The reader walks the JSON in place: it checks the grammar of every byte
// (structure, literals, numbers, escapes, no control characters in
// strings) but decodes only the strings it keeps, so the descriptions that
// are most of a bundle are skipped at memory speed and never copied; a
// bundle keeps no reference to the input (so a file can be read mapped
// into memory: ossem.Load does). Each string is passed once: its end and
// whether it needs decoding are found together, and an object's kept
// fields are taken from where the pass found them. Objects are indexed by
// a hash of their id; only those huntbook keeps get an id string. A large
// bundle's objects list is cut into pieces read on several cores and
// merged in file order; a cut that falls inside an element is detected
// and read through, so the result and the first error are the same as on
// one core (see parallel.go). Memory is the input plus what is kept:
// v18.1 (37 MB) allocates 12.5 MB more, its mapping included; huntbook
// technique on it peaks at 2.7 times the file, the file included.
// BenchmarkParse181 reads it in about 40 ms of CPU time, one core.
//
// Limits: values nest at most 64 deep (ATT&CK's nest 4), a string is at
// most 16 MiB (Options.MaxString), Read reads at most 2 GiB; past them, an
// ErrTooLarge error at the place. Invalid UTF-8 in a decoded string
// becomes U+FFFD, as encoding/json does.
//
// Errors are *Error: source, line and column (in bytes), the object's id
// and the field, wrapping ErrSyntax (malformed JSON), ErrNotBundle (JSON,
// but not a STIX bundle), ErrShape (a known field of the wrong kind, an
// object without type or id), ErrDangling (a reference to no object of the
// bundle: relationship source_ref/target_ref, x_mitre_analytic_refs,
// x_mitre_data_component_ref, x_mitre_data_source_ref), ErrDuplicate (two
// objects with one id) or ErrTooLarge:
//
//	stix: b.json:3:12: object relationship--1: field "target_ref": dangling reference: attack-pattern--gone is not in the bundle
//
// The package reads; the analysis of a bundle beside OSSEM-DM (technique
// states, events gained and lost) is package attack's, which reads Bundles.
package stix
