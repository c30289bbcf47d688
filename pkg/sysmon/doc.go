// Package sysmon reads a Sysmon configuration file and says, for every
// Sysmon event type, whether the configuration has Sysmon log it in full,
// in part or not at all, and why.
//
// A configuration is XML: a <Sysmon schemaversion="4.90"> root, options
// (HashAlgorithms, CheckRevocation, DnsLookup, ArchiveDirectory, ...), and
// <EventFiltering> holding one element per event type and onmatch,
// usually inside a <RuleGroup name="..." groupRelation="or|and">. An
// event-type element holds conditions (<TargetImage
// condition="is">C:\Windows\system32\lsass.exe</TargetImage>) and <Rule
// groupRelation="and|or"> elements combining conditions. One element can
// filter several event IDs: RegistryEvent is 12, 13 and 14; PipeEvent 17
// and 18; WmiEvent 19, 20 and 21 (EventTypes is the table).
//
// What Sysmon logs for an event type, the way huntbook reads it
// (Config.Events):
//
//	<ProcessAccess onmatch="include"/>         off      include with no rules: nothing
//	<ProcessCreate onmatch="exclude"/>         full     exclude with no rules: everything
//	include with rules                          partial  only what they select ("only what 1 include rule
//	                                                     select: TargetImage end with lsass.exe"); exclude
//	                                                     rules of the same type then remove from that
//	exclude with rules only                     partial  all but what they match
//	include with no rules, and exclude rules    off      the excludes can only remove
//	not in the file                             Sysmon's default (EventType.Default, with its source)
//	4, 16, 255                                  always logged; no configuration filters them
//
// Sysmon's defaults come from two places, named in each EventType: the
// Sysinternals page (learn.microsoft.com/sysinternals/downloads/sysmon)
// says network connection (3) and image loaded (7) are "disabled by
// default"; the schema manifest Sysmon prints with -s marks the event
// types it logs when no rule filters them with ruledefault="include"
// (1, 2, 5, 6, 11, 12-14, 15 in the schema 4.2 manifest read); the others
// of that manifest (8, 9, 10, 17-21) carry no such mark. Event types newer
// than that manifest (22 DnsQuery and later) are taken as off until a
// configuration names them: huntbook would rather miss coverage than claim
// coverage no rule asks for.
//
// Rule counting: a <Rule> is one rule; a condition directly in the
// event-type element is one rule under a RuleGroup with groupRelation "or"
// (or with no RuleGroup), and all such conditions together are one rule
// under groupRelation "and". A rule with no condition is ignored, with a
// warning, as Sysmon ignores it.
//
// Tolerated and kept, with a Warning: an element under EventFiltering that
// is not an event type of schema 4.90 (a newer schema's; it has no event
// IDs and gives no inventory entry), an unknown option, a schemaversion
// newer than 4.90 or missing. Comments, processing instructions, a UTF-8
// byte order mark and UTF-16 files (as PowerShell 5 writes them) are read.
//
// Refused, with an [*Error] naming the file, the line and the element and
// wrapping a sentinel: text that is not XML (ErrSyntax); XML whose root is
// not <Sysmon> (ErrNotConfig); any DOCTYPE (ErrDTD: entity declarations
// are how a "billion laughs" file expands without bound, and Sysmon
// configurations have none); an event-type element without onmatch, or
// with an onmatch or groupRelation other than include/exclude and or/and,
// a RuleGroup in a RuleGroup, an element inside a condition (ErrRule);
// files over MaxSize, a run of more than MaxRun bytes without '<' or '>'
// (a 100 MB attribute is refused after 1 MB, naming its tag), nesting
// deeper than MaxDepth, more than MaxConditions conditions or MaxElements
// elements (ErrTooLarge). Reading never panics; memory is bounded by
// MaxSize, MaxConditions and MaxElements: a 15 MB file of 49,000
// conditions takes about 40 MB.
//
// Config.Inventory turns the result into inventory entries (package
// inventory), partial ones with their reason. The package does not judge
// what the rules catch beyond counting and quoting them, and knows nothing
// of ATT&CK: package attack joins inventories to mappings.
package sysmon
