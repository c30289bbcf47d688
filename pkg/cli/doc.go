// Package cli is huntbook's command line: it parses arguments, calls the
// analysis packages and renders their results as text, CSV or JSON.
//
// Each subcommand lives in its own file and adds itself to the root command
// from an init function, so subcommands stay independent of one another.
// The commands that run Go notebook cells (run, kernel, engine) live in
// package nbcli, which only the huntbook-notebook binary links; huntbook
// hands them over to it (notebook.go).
// Exit statuses: 0 success, 1 failure (bad input, network, I/O), 2 usage.
package cli
