// Package render turns huntbook's analysis results into text, CSV, JSON
// and HTML: one computed value, many renderings, the same for the command
// line, the report and the notebook display.
//
// A result is a plain struct with json tags, defined next to the analysis
// that computes it (attack.TechniqueView, attack.Coverage, …). Its JSON
// form is the contract: Write with JSON encodes the struct itself, and a
// saved JSON file decodes back into the same type. A result that is also
// a Tabler says how it reads as tables; the other formats come from those
// tables:
//
//	JSON   the value itself, indented, one trailing newline
//	CSV    the primary table (else the first), every column, a header row,
//	       row labels first (pandas' to_csv)
//	Text   every table: its title on a line of its own (if any), then its
//	       Show columns (all when nil) or its Empty text, the
//	       table as pandas prints it; tables are separated by a blank line
//	HTML   every table, every column: its title as <h3>, then the table
//	       as pandas displays it in a notebook; every string is escaped
//
// Text output is meant for a terminal: control characters (escape
// sequences that would set a terminal's title, clear it or write its
// clipboard) in any cell or title are shown as \x1b-style escapes, never
// written raw. CSV and JSON keep values as they are; their readers are
// programs.
//
// The package knows frames (package frame) and nothing of ATT&CK, files
// or commands.
package render
