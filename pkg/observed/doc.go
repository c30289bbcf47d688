// Package observed says what event logs actually hold: it reads EVTX
// files through package evtx and answers with counts, frames and
// inventories of the events seen, beside what a configuration says should
// be logged. Configured is not observed: a Sysmon configuration or an
// audit policy says what should be written; the files exported from a
// host, an incident or a lab replay say what was.
//
//	Summarize(ctx, "logs/")     Summary: records, time range, counts per channel,
//	                            provider, computer and (channel, provider, event ID)
//	                            with first and last seen, and per file what was
//	                            read and skipped (`huntbook logs`)
//	Events(ctx, "logs/")        a frame of one row per event: System columns, then
//	                            one column per data field (NaN where absent)
//	InventoryOf(name, sum)      the inventory of events seen (count, first and last
//	                            seen in each note), written as YAML inventory.Load reads
//	Compare(configured, obs)    configured but never seen, seen but not configured
//	                            (in the logs the configuration speaks for), other logs
//	Join(m, configured, obs, detected)
//	                            per technique: configured, observed and detected side by
//	                            side (coverage by each inventory through package attack)
//
// Edge cases, input beside result:
//
//	no .evtx file under the paths      error naming the paths
//	a file that is not EVTX            error naming the file (evtx.ErrNotEVTX)
//	damaged chunks or records          counted in Summary.Files, the rest read
//	events without TimeCreated         their record header's time (package evtx)
//	Summary of no events               First and Last absent (null in JSON)
//	counts tie                         names in byte order
//
// Summarize streams: memory holds the counts, not the events. ReadEvents
// and Events hold every event and refuse more than 1,048,576.
//
// The package reads files and counts; it renders through package render
// (every result is a render.Tabler) and asks package attack for coverage.
package observed
