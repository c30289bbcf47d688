// Package report turns huntbook's analysis of a mapping into one
// self-contained HTML file: the seed notebook's whole analysis, readable
// offline, mailable, publishable on a schedule.
//
// New runs the analysis (package attack) once and keeps its results as data:
// the head table, the top data sources and components of sub-techniques, the
// relationships and their graph, a drill-down per technique (data sources and
// components, every event row, gaps) and the gaps across the mapping.
// WriteHTML renders them with html/template:
//
//   - a provenance header: source, sha256, schema, records, generation time,
//     huntbook version; the embedded demo subset is labelled as such;
//   - the bar charts (package chart) and the relationship graph (package
//     netgraph) as inline SVG;
//   - sortable, filterable tables; print styles; light and dark colours
//     (following the system, or switched by hand).
//
// Two sections are added on request, each from one analysis function, the
// same ones huntbook coverage and huntbook diff print:
//
//   - Options.Inventory: Coverage (attack.CoverageOf): the overall summary,
//     a table and a chart per tactic, a table per technique with its
//     covered (and by which collected events), missing and unmappable
//     components, what to enable next, and inventory entries that match
//     nothing. Unmappable techniques (no event mapped to any component)
//     are shown apart from uncovered ones and have no score; a tactic
//     whose techniques are all unmappable gets no bar rather than a zero.
//   - Options.Compare: Diff (attack.DiffMappings) from the older mapping to
//     the report's: the summary table and one table per non-empty list,
//     unfolded when it has at most 10 items, collapsed otherwise, showing
//     at most Options.ListItems items (500) and counting the rest.
//
// The provenance header then names the inventory (file, name, entries,
// sha256) and the compared mapping (source, sha256, schema, records).
// Without either option the report has neither section nor header line.
//
// The file loads nothing from anywhere: styles and the one script are
// inline, and a Content Security Policy forbids every other source and
// every script but that one (by its hash), so that even a string that
// slipped through escaping could not run.
//
// Security model: templates are trusted; the mapping, the inventory and
// the compared mapping are not. Every string from them is escaped by
// html/template or by the chart and netgraph packages, which escape inside
// SVG text, titles and attributes; the script sets text only with
// textContent. trustedSVG is the one place that
// marks markup as safe, and only our own generated SVG passes through it.
//
// Writing files (atomically), choosing the mapping and reading the
// inventory (and hashing its bytes) are left to the CLI. Executed notebooks
// are package nbpage's pages, which trust differently (a notebook's own
// outputs); both build their Content Security Policy with internal/csp.
package report
