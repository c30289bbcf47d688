// Package netgraph draws the relationships among data elements (process,
// file, user, …) as a network graph: nodes are data elements, arrows are
// relationships labelled with their verbs ("created", "accessed", …).
//
// How relationships become arrows:
//
//	process created file, process modified file   one arrow process → file, labelled "created (+1)"
//	host blocked process, process connected to host two arrows, curved apart
//	process created process                        a loop on process, on the side away from the centre
//	the same (source, relationship, target) twice  counted once
//
// Every verb is kept: an arrow's <title> (the tooltip) lists them all, and
// so does the node's. A label that would cover a node or another label is
// hidden until its arrow is highlighted.
//
// Layout is a seeded force-directed placement (Fruchterman–Reingold)
// computed in Go, followed by a pass that moves nodes apart until no two
// node labels overlap. The same edges and seed give the same SVG bytes.
//
// The SVG is complete without script. The small script of this package
// (Script, embedded by SVG and HTML) adds what the seed notebook's bokeh
// plot gave: hovering a node highlights it, its linked edges and its
// neighbours, with a tooltip listing its relationships; click selects
// (shift-click adds); shift-drag selects a box; the wheel zooms; dragging
// pans; Reset, + and − buttons; Escape clears the selection. The script uses
// no library, sets text only through textContent, and touches only
// <svg class="ng"> elements.
//
// Names and verbs are escaped everywhere they appear (text, titles,
// attributes). The package knows nothing of ATT&CK; package attack computes
// the relationships and package report places the graph on a page.
package netgraph
