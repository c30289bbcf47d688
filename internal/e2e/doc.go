// Package e2e holds huntbook's end-to-end hardening tests. It has no code
// of its own: its tests build the huntbook binary once and drive it as a
// user does, through files, flags, exit statuses and a real browser.
//
// What the tests prove:
//
//   - Hostile strings are inert on every rendering path (TestHostile…).
//     Every field of a mapping, an inventory and a notebook (and the file
//     names) holds hostile strings — script tags, attribute breakouts,
//     javascript: URLs, </style> and ]]> breakouts, template actions,
//     U+2028, an outside URL. `huntbook report` (with --technique,
//     --inventory and --compare), `huntbook run -o` (with and without
//     --no-input) and `huntbook coverage --chart --layer` are run once on
//     them and once on a clean twin of the same shape. Statically, the
//     hostile outputs carry no script block that the clean ones lack (the
//     script blocks are byte-identical), no on* attribute, and no
//     reference to anything outside the file. In headless Chromium
//     (package internal/browser) each page is loaded, every graph node
//     hovered, a hostile string typed into every table filter and every
//     sort header clicked: no dialog opens, no console error is logged,
//     no request leaves the file, and the document holds the same kinds of
//     elements and attributes as the clean twin's.
//   - Outputs are atomic (TestKill…): huntbook killed with SIGKILL in the
//     middle of report, run and synth leaves no file under the final name,
//     and a file already there keeps its bytes.
//   - Limits hold end to end (TestLimits…, TestBoundedInputs,
//     TestRunDisplayTotal): an alias bomb and oversized inputs end with exit
//     status 1 and an error, not by exhausting memory; 200 cells of 8 MB
//     of HTML each make a report of the run's display cap, not of 1.6 GB; URL fetches take http(s) only, stop after five redirects,
//     refuse a declared size over the limit, stop when interrupted, and
//     recover from a corrupt cache entry.
//
// Chromium tests skip when no Chromium is installed, and fail when CI=true.
package e2e
