// Package inventory reads the list of security events an organisation
// collects ("the logs I collect"), so that huntbook can say what they cover.
//
// An inventory is YAML or CSV. Each entry names an event one of two ways:
//
//	channel and/or provider + event_id   a Windows event log record, a Sysmon event, a CloudTrail event name
//	table                                a Microsoft Defender for Endpoint table, such as DeviceProcessEvents
//
// plus an optional note, and for an event collected only in part (a Sysmon
// event type its configuration filters, 4688 without its command line)
// partial: true with the reason, and optionally partial_for, the data
// components the event is partial for (it counts in full for the others).
// YAML:
//
//	name: Contoso workstations          # optional, names the Navigator layer
//	events:
//	  - channel: Security
//	    event_id: [4624, 4688]          # one id or a list
//	    note: process creation with command line
//	  - provider: Microsoft-Windows-Sysmon
//	    event_id: 10
//	  - table: DeviceProcessEvents
//	  - provider: Microsoft-Windows-Sysmon
//	    event_id: 3
//	    partial: true                   # collected, but only in part
//	    reason: only what 102 include rules select
//	  - channel: Security
//	    event_id: 4688
//	    partial: true
//	    partial_for: [command execution] # partial for this component only
//	    reason: without the command line
//
// A bare list of entries (no name, no events key) is read the same way.
// CSV has a header row naming any of the columns channel, provider,
// event_id, table, note, partial (true/false, empty is false), reason and
// partial_for (components separated by ";"), in any order:
//
//	channel,provider,event_id,table,note
//	Security,,4688,,process creation
//	,,,DeviceProcessEvents,
//
// Matching, entry beside the mapping rows it matches ([Entry.Matches]):
//
//	channel: Security, event_id: 4688     event 4688 in channel Security (any provider)
//	provider: Microsoft-Windows-Sysmon, 1 Sysmon event 1 on Windows, not "sysmon" 1 on Linux
//	table: DeviceProcessEvents            event_id DeviceProcessEvents, whatever the provider is called
//	                                      ("Windows Defender Advanced Threat Protection" in 2021,
//	                                      "Microsoft Defender for Endpoint" in 2022)
//
// Names and ids compare without regard to case or surrounding space, and
// log names through package logsource, so an entry for channel
// Microsoft-Windows-Sysmon/Operational matches a mapped "WinEventLog:Sysmon"
// event.
//
// Partial entries (Entry.PartialIn): an entry with partial: true and no
// partial_for is partial for every component; with partial_for, only for
// the components named there. partial_for without partial: true, or a
// partial value that is not a boolean, is an error.
//
// Write writes an inventory back as YAML that Parse reads (huntbook
// inventory uses it for the inventories it builds from sensor
// configurations; they are meant to be edited and committed).
//
// The reader is strict, because a typo in an inventory silently lowers
// coverage: an unknown key or column, an entry with neither table nor
// event_id, an event_id with neither channel nor provider, or a table with
// an event_id is an [*Error] with the file, line and column, naming the
// key and what to write instead. Reading never panics on bad input.
//
// The package knows nothing of ATT&CK or of the mapping; package attack
// matches inventories against mappings.
package inventory
