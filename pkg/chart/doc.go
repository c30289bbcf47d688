// Package chart draws huntbook's bar charts with gonum/plot and renders them
// as deterministic SVG and PNG.
//
// A Bar is a plain value: a title, labels and counts, plus documented style
// fields whose zero values mean sensible defaults. It renders itself the way
// notebook front ends expect (SVG() string, PNG() []byte, HTML() string), so
// a notebook cell can end with a chart and see it drawn, and a report can
// embed the same bytes.
//
// Output is byte for byte reproducible: fixed sizes, fixed fonts (the
// Liberation fonts gonum/plot ships, whose metrics equal Arial and Helvetica),
// no timestamps. SVG text names "Liberation Sans" with Arial, Helvetica and
// sans-serif as fallbacks, so any browser lays the labels out as measured.
// Label text is escaped by gonum/plot's SVG canvas; the SVG is safe to inline
// into HTML.
//
// The package knows nothing of ATT&CK or of reports: package attack computes
// the counts and package report places the charts on a page.
package chart
