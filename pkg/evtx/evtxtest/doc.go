// Package evtxtest writes small EVTX files for tests: binary XML,
// templates with substitutions, records, chunks with their checksums and
// the file header, laid out as Windows writes them. Tests of packages that
// read event logs (evtx, observed, hunt) build exact events with it, and
// damage them byte by byte, without third-party files.
//
//	data := evtxtest.Write(evtxtest.Event{Channel: "Security", Provider: "Microsoft-Windows-Security-Auditing",
//		EventID: 4624, Data: []evtxtest.Field{{"TargetUserName", "alice"}}})
//
// Write covers the common case; Chunk writes any token stream, for
// hand-made damage. The package imports nothing of huntbook's.
package evtxtest
