// Package frame is huntbook's dataframe helper: a small table type that
// gives the answers pandas gave in the original notebook, for the operations
// the analysis needs, and converts to and from Gota's dataframe for
// everything else.
//
// A Frame is a list of named columns of cells plus a row label per row (the
// pandas index). Operations keep the labels of the rows they keep, as pandas
// does: filtering the mapping for T1003.001 yields rows labelled 3448…3465.
// Cells are plain Go values:
//
//	nil            None (YAML null)
//	float64 NaN    NaN (YAML .nan, or a key absent from a record)
//	string, bool, int64, float64
//	[]any          a list, kept as a list (pandas keeps Python lists)
//	map[string]any a mapping inside a list (such as filter_in items)
//
// Both nil and NaN are missing values for DropNA and ValueCounts, and they
// display as pandas displays them: None and NaN.
//
// Semantics, input beside result:
//
//	Normalize([{a:1, b:{c:2}}, {a:3, d:4}])  columns a, b.c, d (first appearance order)
//	DropDuplicates() on rows (x,NaN),(x,None) one row: missing values are equal, as in pandas
//	DropDuplicates() on list cells           lists compare by content (pandas raises TypeError)
//	ValueCounts("c") on [b a b a c]          b 2, a 2, c 1: count descending, ties in order of first appearance
//	ValueCounts("c") with None and NaN       missing values are not counted
//	NLargest(2) on b 2, a 2, c 1             b 2, a 2: ties keep their order (keep="first")
//	Eq("n", 4688) on 4688 and "4688"         only the integer: values of different types never match
//
// Methods chain, and an error (such as a missing column) sticks to the
// returned Frame like Gota's DataFrame.Err: check Err, or let HTML and
// String show it. Frames render as pandas-like text (String) and HTML
// (HTML) tables, and write CSV and JSON.
//
// Gota cannot hold list cells, the NaN/None distinction or row labels, so
// Frame keeps its own columns; Gota and FromGota convert at the boundary.
// The package knows nothing of ATT&CK; package attack builds on it.
package frame
