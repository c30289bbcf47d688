// Package runs reads the run records huntbook run writes next to each
// report (report.html → report.run.json) in a folder tree, compares a run
// with the previous one of the same notebook and parameters, and writes the
// history as one self-contained HTML page (huntbook runs index DIR).
//
// Reading ([Load]):
//
//	every file named *.run.json under the root, at any depth    one Entry each
//	a file that is not a run record (bad JSON, no notebook)      skipped, listed in Index.Skipped with the reason
//	a record larger than MaxRecordSize (16 MiB)                  skipped
//	more than MaxRecords (100 000) records                       the rest skipped; Index.Truncated set
//	symbolic links to folders                                    not followed (filepath.WalkDir)
//	entries                                                      sorted by start, then path
//
// Series: runs of the same notebook (its file name without folders, so a
// notebook moved between folders stays one series) with the same parameter
// values form a series ([Entry.SeriesKey]). [Previous] finds the latest
// earlier run of a series whose status is ok.
//
// Comparing ([Compare]): recorded values are compared by name as JSON
// values; lists of strings also give the items added and removed (sorted,
// each once). Inputs are compared by name on path and sha256. A value or
// input only one run recorded is a change too, with the other side empty.
//
// The page ([WriteHTML]): html/template (every string escaped), a CSP that
// allows only its own script by hash (package internal/csp) and no request
// of any kind; a table of runs (status, start, duration, notebook,
// parameters, recorded values, report link relative to the page) sortable by
// clicking a header; for each series and each numeric recorded value, an
// inline SVG sparkline of the last MaxPoints (200) runs. Without script the
// table is still there, sorted newest first.
package runs
