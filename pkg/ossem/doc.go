// Package ossem reads the OSSEM-DM "techniques to events" mapping: a YAML list
// of flat records, one per (ATT&CK technique, data source, data component,
// relationship, security event).
//
// Two published schemas exist and both are read into one [Record] model:
//
//	2021 (the seed notebook's)         2022 (served upstream today)     Record field
//	x_mitre_is_subtechnique            is_subtechnique                  IsSubtechnique
//	log_channel                        channel                          Channel
//	log_provider                       log_source                       Provider
//	-                                  relationship_id                  RelationshipID
//	-                                  filter_in                        FilterIn
//
// log_provider and log_source name the same thing (the provider or product
// that writes the event: "Microsoft-Windows-Sysmon", "Microsoft Defender for
// Endpoint"), so both land in Provider; the schema a mapping was read in is
// kept in [Mapping.Schema] and [Field.Key] gives each field's key in that
// schema, so tables show the file's own column names. Keys neither schema
// knows are kept in Record.Extra, in file order, nested maps flattened to
// dotted keys the way pandas' json_normalize does.
//
// Missing values come two ways in the files: `.nan` (pandas NaN) and `null`
// (None). A Record keeps which one it saw ([Record.State]) so that tables can
// display them faithfully; analysis treats both as missing ([Record.Missing]).
// A key absent from a record counts as NaN, as json_normalize fills it.
//
// Sources ([Load]): a file path, "-" for standard input, an http(s) URL
// (fetched with a timeout and a size limit and cached in the user cache
// directory, keyed by URL, with its sha256), or "demo" for the embedded
// teaching subset ([Demo]).
//
// Errors name the place: [*Error] carries the source, line, column, record
// index and field. Parsing never panics on bad input.
//
// Parsing has two paths with one result: a fast scanner specialised to the
// flat shape these files have, split across cores, and gopkg.in/yaml.v3 as
// the reference. The fast path hands a file to yaml.v3 whenever it meets
// anything outside the shape it knows (anchors, flow style, several
// documents, unusual scalars), and tests prove the two equal record for
// record. The package leaves tables and analysis to packages frame and attack.
package ossem
