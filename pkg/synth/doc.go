// Package synth writes synthetic OSSEM-DM mappings of any size, for
// benchmarks and for testing the loader at scale.
//
// The output is deterministic for a given Options (seeded generator, no map
// iteration) and looks like the published files to the code that reads
// them: techniques with several data components, components with several
// relationships and events, integer and string event ids (Sysmon and
// Security numbers, Defender table names; quoted numbers in the 2022
// schema), .nan and null missing values, tactic and platform lists,
// filter_in conditions (2022), a share of exact duplicate records, and the
// scalar styles PyYAML writes: plain, single-quoted, double-quoted with
// escapes, and long values wrapped over several lines.
//
// The vocabulary (technique, component and event names) is invented by this
// package; it is not ATT&CK's or OSSEM-DM's. Reading belongs to package
// ossem.
package synth
