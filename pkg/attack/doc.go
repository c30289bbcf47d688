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
// Each function follows the pandas steps of the seed notebook (filter,
// select, drop_duplicates, value_counts, nlargest) with package frame, so
// its results equal pandas' row for row, labels included. Notebooks, the
// CLI, reports and the kernel all call these functions. Loading belongs to
// package ossem, inventories to package inventory; charts and graphs to
// packages chart and netgraph; writing files to the CLI.
package attack
