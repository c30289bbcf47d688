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
//
// Each function follows the pandas steps of the seed notebook (filter,
// select, drop_duplicates, value_counts, nlargest) with package frame, so
// its results equal pandas' row for row, labels included. Notebooks, the
// CLI, reports and the kernel all call these functions. Loading belongs to
// package ossem; charts and graphs to packages chart and netgraph.
package attack
