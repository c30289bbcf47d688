package cli

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"

	"github.com/spf13/cobra"
)

// The commands that run Go notebook cells (run, kernel and the hidden
// engine) are in package nbcli and the huntbook-notebook binary, which
// carries what they need: the Go interpreter with the tables of the
// standard library, the notebook renderer with its Markdown and HTML
// sanitiser, and the Jupyter kernel. huntbook itself leaves them out, so
// that every other command starts in 4 ms instead of 10 and reads ATT&CK
// v18.1 in 64 MB instead of 103 (bench/attack.sh). In huntbook, each of
// them is a stand-in that replaces the process with huntbook-notebook
// from huntbook's own folder, with the same arguments: go build -o DIR
// ./cmd/... or go install ./cmd/... puts the two side by side.

// NotebookBinary is the file name of the binary with the notebook commands.
var NotebookBinary = "huntbook-notebook" + exeSuffix()

func exeSuffix() string {
	if runtime.GOOS == "windows" {
		return ".exe"
	}
	return ""
}

// notebookCommand is a command of huntbook-notebook that huntbook lists.
type notebookCommand struct {
	name, use, short string
	hidden           bool
}

// notebookCommands are the stand-ins, with the Use and Short of the real
// commands (nbcli's), so that huntbook --help lists them as they are.
var notebookCommands = []notebookCommand{
	{"engine", "engine", "Serve the Go cell engine to the kernel or runner that started this process (internal)", true},
	{"kernel", "kernel --connection-file FILE", "Run huntbook's Jupyter kernel (Jupyter starts it; see 'kernel install')", false},
	{"run", "run NOTEBOOK.ipynb [NOTEBOOK.ipynb ...]", "Run Go notebooks headless and write HTML reports and executed notebooks", false},
}

// standIn returns the command that runs nc in huntbook-notebook.
func (nc notebookCommand) standIn(s IO) *cobra.Command {
	return &cobra.Command{
		Use:                nc.use,
		Short:              nc.short + " (in " + NotebookBinary + ")",
		Hidden:             nc.hidden,
		DisableFlagParsing: true, // huntbook-notebook parses them
		RunE: func(cmd *cobra.Command, args []string) error {
			return runNotebook(s, append(notebookArgs(cmd), args...))
		},
	}
}

// notebookArgs returns the arguments before cmd's own: the persistent
// flags that were given (--quiet) and the command's name.
func notebookArgs(cmd *cobra.Command) []string {
	var pre []string
	if f := cmd.Root().PersistentFlags().Lookup("quiet"); f != nil && f.Changed {
		pre = append(pre, "--quiet")
	}
	return append(pre, cmd.Name())
}

// notebookPath returns huntbook-notebook's path beside this executable.
func notebookPath() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("finding huntbook's own path to run %s: %w", NotebookBinary, err)
	}
	if p, err := filepath.EvalSymlinks(exe); err == nil {
		exe = p
	}
	path := filepath.Join(filepath.Dir(exe), NotebookBinary)
	if fi, err := os.Stat(path); err != nil || fi.IsDir() {
		return "", fmt.Errorf("this command runs Go notebook cells, which %s does, and there is none beside huntbook in %s; "+
			"build the two together with go build -o DIR ./cmd/huntbook ./cmd/huntbook-notebook (go install ./cmd/... does too)", NotebookBinary, filepath.Dir(exe))
	}
	return path, nil
}

// runNotebook runs huntbook-notebook with args. For the process's own
// streams it replaces this process (signals, standard input and the exit
// status are then the notebook binary's own, as Jupyter and schedulers
// expect); otherwise (tests, and systems without exec) it runs it as a
// child with s's streams and returns its exit status.
func runNotebook(s IO, args []string) error {
	path, err := notebookPath()
	if err != nil {
		return err
	}
	if s.process && runtime.GOOS != "windows" {
		err := syscall.Exec(path, append([]string{path}, args...), os.Environ())
		return fmt.Errorf("starting %s: %w", path, err)
	}
	c := exec.Command(path, args...)
	c.Stdin, c.Stdout, c.Stderr = s.In, s.Out, s.Err
	err = c.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) && ee.ExitCode() > 0 {
		return childStatus(ee.ExitCode())
	}
	if err != nil {
		return fmt.Errorf("running %s: %w", path, err)
	}
	return nil
}

// childStatus is huntbook-notebook's exit status, which it has explained
// on standard error itself.
type childStatus int

func (c childStatus) Error() string {
	return fmt.Sprintf("%s exited with status %d", NotebookBinary, int(c))
}
func (c childStatus) ExitStatus() int { return int(c) }
