// Package nbsign signs notebooks the way Jupyter does for the user running
// it, so a notebook that user executed elsewhere (`huntbook run
// --executed`) opens "Trusted": Notebook, nbclassic and JupyterLab then show
// its HTML and run its scripts (the interactive graph) instead of
// sanitising them.
//
// Jupyter's trust (nbformat.sign) is local to one user: a notebook is
// trusted when the HMAC-SHA256, keyed with the user's secret, of its content
// is listed in the user's signature database. Both live in the Jupyter data
// directory (DataDir: $JUPYTER_DATA_DIR, else ~/.local/share/jupyter or
// $XDG_DATA_HOME/jupyter on Linux, ~/Library/Jupyter on macOS,
// %APPDATA%\jupyter on Windows):
//
//	notebook_secret   the key: its bytes as they are (Jupyter writes 1024 random
//	                  bytes base64-encoded, mode 0600); created the same way when absent
//	nbsignatures.db   SQLite table nbsignatures(algorithm, signature, path, last_seen)
//
// Signature hashes the notebook as nbformat reads it: object keys in sorted
// order, each key then its value; strings as UTF-8 (a multiline string
// split in lines hashes as the joined string); numbers, booleans and null
// as Python prints them (1, 1.5, 1e-05, True, None); the notebook
// metadata's signature, orig_nbformat and orig_nbformat_minor and every
// cell's metadata.trusted left out, as nbformat strips them on reading.
//
//	{"b": [1, "x"], "a": true}   hashes  "a" "True" "b" "1" "x"
//	2.50  1E2  -0  null          hash as  "2.5"  "100.0"  "0"  "None"
//
// Store adds a signature to the database with SQLite through python3's
// standard sqlite3 module (Jupyter needs python3 anyway); huntbook carries
// no SQLite of its own. Without python3 Store fails, saying to run
// `jupyter trust FILE` instead.
//
// Signing says "I ran this": it is meant for notebooks the user executed
// with their own code. A notebook from someone else should be opened
// untrusted, where huntbook's outputs still show as pictures (see packages
// display and netgraph).
package nbsign
