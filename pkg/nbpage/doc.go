// Package nbpage renders an executed notebook (package notebook) as one
// self-contained HTML page: what `huntbook run -o` writes. Package report
// renders the analysis report; the two pages differ in what they trust.
//
// Trust model. The page's Content Security Policy allows no request to
// anywhere (images only as data: URIs) and runs exactly two scripts, named
// by their hashes: the page's own small script and package netgraph's
// script, which makes huntbook's relationship graphs interactive. Every
// other script in the page is inert, whatever its origin. Within that:
//
//   - Markdown cells are rendered with goldmark (raw HTML allowed, as
//     Jupyter does) and always sanitized with bluemonday: a notebook's text
//     comes from its file, which may have been downloaded.
//   - Code is escaped text.
//   - Outputs produced by the run that writes the page
//     (NotebookOptions.TrustOutputs) are inserted as the engine produced
//     them, like Jupyter shows outputs of the user's own session: they come
//     from code the user chose to run on their machine, which could write
//     any file anyway; that keeps huntbook's own tables, charts and graphs
//     (with their styles) exact. Scripts in them still do not run, except
//     the netgraph script, by its hash.
//   - Outputs read from a file (TrustOutputs false: a downloaded or
//     hand-edited notebook) are untrusted: text/html is sanitized by
//     bluemonday (no script, style element, event handler, form or outside
//     URL survives), SVG is shown as an <img> of a data: URI (images run no
//     script and load nothing), and markdown outputs are sanitized as
//     markdown cells are.
//   - application/javascript outputs are never included.
//   - Streams, errors and text/plain are escaped text, ANSI colour codes
//     removed.
//
// The page's style, script and template are embedded files (page.css,
// page.js, page.tmpl), as package report embeds its own.
package nbpage
