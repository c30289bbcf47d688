// Package notebook reads and writes Jupyter notebooks in nbformat 4: cells,
// their sources, tags and outputs, and the metadata huntbook records when it
// runs a notebook.
//
// Read accepts nbformat 4.0 to 4.5 and checks the parts of the nbformat
// schema that matter for running and rendering a notebook. A notebook that
// breaks them is refused with a [*ParseError] that says where:
//
//	not JSON                               notebook: nb.ipynb:3:7: invalid character '}' … (is this a .ipynb file?)
//	{"nbformat": 4, "metadata": {}}        notebook: nb.ipynb:1:1: "cells" is missing
//	"source": 12                           notebook: nb.ipynb:9:14: cell 2: "source": want a string or a list of strings, found a number
//	"nbformat": 3                          notebook: nb.ipynb:…: nbformat 3 is not supported; upgrade it with: jupyter nbconvert --to notebook --nbformat 4 …
//	"cell_type": "python"                  notebook: nb.ipynb:…: cell 1: "cell_type": want "code", "markdown" or "raw", found "python"
//
// Cells are numbered from 1, in file order, as a reader counts them.
// Multiline strings (sources, stream text, text outputs) may be a string or
// a list of lines in the file; a Cell or Output holds them joined.
//
// Write produces what Jupyter writes: nbformat 4.5, keys sorted, one-space
// indentation, multiline strings split into lines, a trailing newline, and
// an id on every cell (missing ids are filled in deterministically). Unknown
// metadata is kept as read; numbers in metadata keep their text.
//
// The package knows the names of the tags huntbook uses (parameters,
// injected-parameters) and the shape of huntbook's run record (Run, kept
// under the notebook metadata key "huntbook"), but not how cells are
// executed (package runner) or rendered (package report).
package notebook
