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
// (shift-click adds); shift-drag selects a box; the wheel zooms once the
// graph has been clicked (until a click elsewhere or Escape) or with Ctrl,
// Alt or Meta held, and otherwise scrolls the page; dragging pans; Reset, +
// and − buttons; Escape clears the selection. The script uses no library,
// sets text only through textContent, and touches only <svg class="ng">
// elements and the <div class="ng"> of HTML.
//
// HTML is for notebooks: a <div class="ng"> holding the static drawing as an
// <img> (data: URI) and the interactive SVG base64-encoded in an attribute,
// then Script, which parses that SVG as XML and swaps it in. A notebook
// that is not trusted has its HTML sanitised (Notebook 6, nbclassic,
// JupyterLab drop scripts and SVG elements but keep <img> with data: URIs),
// so it shows the static picture instead of the drawing's run-on text.
//
// Names and verbs are escaped everywhere they appear (text, titles,
// attributes). The package knows nothing of ATT&CK; package attack computes
// the relationships and package report places the graph on a page.
package netgraph
