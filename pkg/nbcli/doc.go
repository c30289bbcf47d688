// Package nbcli holds the commands of huntbook's command line that run Go
// notebook cells: run (notebooks headless, to HTML reports and executed
// notebooks, with run history and alerts), kernel (the Jupyter kernel and
// its kernelspec) and engine (the supervised process that runs the cells
// for both). They add themselves to package cli's root command from init,
// replacing the stand-ins there.
//
// Only the huntbook-notebook binary imports this package: it brings the
// Go interpreter (package interp, with gomacro and the standard library's
// tables), the notebook renderer (goldmark, bluemonday) and the kernel,
// which together double the start-up time and the memory of every other
// command. huntbook runs these commands by handing over to
// huntbook-notebook (cli/notebook.go).
package nbcli
