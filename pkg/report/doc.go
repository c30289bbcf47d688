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
// The file loads nothing from anywhere: styles and the one script are
// inline, and a Content Security Policy forbids every other source and
// every script but that one (by its hash), so that even a string that
// slipped through escaping could not run.
//
// Security model: templates are trusted, the mapping is not. Every string
// from the mapping is escaped by html/template or by the chart and netgraph
// packages, which escape inside SVG text, titles and attributes; the
// script sets text only with textContent. trustedSVG is the one place that
// marks markup as safe, and only our own generated SVG passes through it.
//
// Writing files (atomically) and choosing the mapping are left to the CLI.
package report
