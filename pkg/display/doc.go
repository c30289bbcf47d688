// Package display builds the rich outputs a notebook cell shows: MIME bundles
// (text/html, image/svg+xml, image/png, …) with the names and shapes of
// gophernotes' display package, so gophernotes notebooks run unchanged.
//
// A bundle is a Data value: Data maps MIME types to content, Metadata and
// Transient follow the Jupyter display_data message. Data is an alias of an
// unnamed struct and MIMEMap an alias of map[string]any, so a library can
// return them (Render() Data, SimpleRender() MIMEMap) without importing this
// package. Constructors exist for each MIME type (HTML, SVG, PNG, JPEG, Image,
// Markdown, Math, Latex, JSON, JavaScript, PDF, MIME); Auto picks one from a
// value's methods (HTML() string, SVG() string, PNG() []byte, …) or from an
// image.Image. Every bundle built here carries a short text/plain form.
//
// Untrusted notebooks: Jupyter front ends sanitise the text/html of a
// notebook the user has not signed, and prefer text/html to any picture.
// So a value whose HTML form is only an inline <svg> (a chart) gets, from
// Auto and Render, an <img> of its SVG document instead (PictureSafe), which
// the sanitiser keeps: a chart stays a picture, trusted or not.
//
//	HTML() "<svg …>…</svg>", SVG() doc   text/html <img src="data:image/svg+xml;base64,…doc…" alt="<title>">
//	HTML() "<!-- c --><svg …>…</svg>"     the same (leading comments ignored)
//	HTML() with a <script>, or a table    unchanged
//	a display.Data built by hand          unchanged
//
// ClearOutput(wait) asks the front end to clear the cell's output.
//
// Display sends a bundle to the notebook that runs the current cell. Outside a
// notebook (a test, a command-line program) it does nothing and returns nil,
// so library code may call it freely. The cell engine (package interp)
// installs the receiver with SetHandler; this package knows nothing about
// Jupyter's wire protocol, ZeroMQ or the interpreter, and imports only the
// standard library.
//
// Record(name, value) and RecordInput(name, path) send a bundle of MIME
// type MIMETypeRecord (application/vnd.huntbook.record+json) that huntbook
// run moves into the run record (report.run.json: "records", "inputs"):
//
//	Record("score", 0.42)                    {"name":"score","value":0.42}; plotted by huntbook runs index
//	Record("covered", []string{"T1003"})     a list: --compare-last lists the items gained and lost
//	Record("x", func(){})                    error: the value must encode as JSON; nothing is sent
//	Record twice with one name               both are kept; comparisons use the last
//	RecordInput("inventory", "inv.yaml")     {"input":"inventory","path":"inv.yaml","sha256":"…"}
//	RecordInput of a missing file            error naming it; nothing is sent
//
// The bundle also carries text/plain ("recorded score = 0.42"), which is
// what a report or Jupyter shows.
package display
