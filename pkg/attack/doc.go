// Package attack is huntbook's analysis of the OSSEM-DM mapping: the
// questions the original notebook asked, each answered by a function that
// returns data (frames, series, plain structs), never HTML.
//
//	Table            the mapping as a table (pandas' json_normalize)
//	SubComponents    sub-techniques × data source × data component, deduplicated
//	TopSubtechniques sub-technique counts per data source or component, top n
//	Relationships    source → relationship → target among data elements
//	Technique        one technique's data sources, components, events, gaps
//	Gaps             components with no mapped event and the techniques they leave uncovered
//	LogEvents        every distinct security event the mapping maps
//	Event            one event → the techniques and tactics it informs, through which components and relationships
//	CoverageOf       what an inventory of collected events covers: per technique, per tactic, overall, what to enable next
//	ChangeFor        the configuration change that collects an event: a Sysmon event type, an audit subcategory
//	CompareCoverage  techniques gained and lost between two inventories (two Sysmon configurations) on one mapping
//	NewLayer         a coverage as an ATT&CK Navigator layer (format 4.5)
//	DiffMappings     techniques, components, relationships and event mappings added, removed, changed between two mappings
//	Stubs            gaps as skeleton OSSEM-DM relationship files to contribute
//	RulesOf          Sigma rules joined with the mapping and an inventory: per rule whether it
//	                 can fire, per technique detected / visible_no_rule / rules_not_armed / blind
//	NewRulesLayer    those states as a Navigator layer (scores 3, 2, 1)
//	NewOverlay       a mapping's techniques seen in an ATT&CK release (a stix.Bundle): current,
//	                 renamed, moved, deprecated, revoked (and by what) or unknown to it, and,
//	                 where the release has analytics, the events each side cites that the other does not
//	DiffReleases     two ATT&CK releases: techniques added, revoked, deprecated, renamed, moved;
//	                 events gained and lost per technique
//	DiffEvents       events gained and lost per technique between any two mappings (OSSEM-DM vs a bundle)
//
// The overlay lives here, not in package stix, because it is analysis: it
// reads a mapping and a bundle and answers questions about both, as the
// rest of this package does; stix only reads bundles (and makes a mapping
// of one), as ossem only reads mappings. Events compare by identity
// (package logsource): "WinEventLog:Sysmon" 10 in a bundle is
// Microsoft-Windows-Sysmon/Operational 10 in OSSEM-DM. Events MITRE cites
// in logs the mapping never mentions (macOS, auditd for a Windows-only
// mapping) are not listed as missing from it.
//
// Coverage statuses, per technique component and per technique:
//
//	covered     a collected event is mapped to it (technique: all its mappable components are)
//	filtered    component only: partly covered, the only collected events mapped to it are
//	            collected in part (inventory entries with partial: true, for this component)
//	partial     technique only: some of its mappable components are covered or filtered
//	missing     events are mapped to it, none is collected (technique: no component covered)
//	unmappable  no event is mapped to it at all: a gap in the mapping, not in the logs;
//	            it does not count in scores (technique: none of its components is mappable)
//
// A technique's score is (covered + filtered/2) / (covered + filtered +
// missing) components; with no partial entries, covered / (covered +
// missing). Log names compare through package logsource, so an inventory
// built from a Sysmon configuration covers a mapping that writes
// "WinEventLog:Sysmon" EventCode 10 as it covers OSSEM-DM's
// Microsoft-Windows-Sysmon/Operational 10.
//
// Rule joins (RulesOf) live here rather than in package sigma because they
// are analysis, not reading: they reuse CoverageOf for a technique's
// visibility, and package sigma stays a reader that knows no mapping and
// no inventory (as package ossem and package inventory are). Per rule,
// from its log source's events (sigma.Rule.Events) and the inventory:
//
//	fires     every event it reads, in one of its logs, is collected
//	          (process_creation: Sysmon 1, or Security 4688)
//	partly    some of them; or it reads a whole log (a service with no
//	          EventID) of which some events are collected; or it also
//	          names ids by pattern (EventID|contains)
//	silent    none; Arm lists what to collect, one alternative per item
//	unplaced  the Sigma taxonomy does not know its log source
//
// Per technique: detected when a tagged rule fires or partly fires;
// visible_no_rule when its coverage is covered or partial and no tagged
// rule fires; rules_not_armed when rules are tagged, none fires and it is
// not visible; blind otherwise (also when its only rules are unplaced);
// has_rules when rules are tagged but no inventory was given. Technique
// tags the mapping does not know (T1685, newer than the mapping's ATT&CK)
// are kept as techniques of their own and listed in Unknown.
//
// Each function follows the pandas steps of the seed notebook (filter,
// select, drop_duplicates, value_counts, nlargest) with package frame, so
// its results equal pandas' row for row, labels included. Notebooks, the
// CLI, reports and the kernel all call these functions. Loading belongs to
// package ossem, inventories to package inventory; charts and graphs to
// packages chart and netgraph; writing files to the CLI.
package attack
