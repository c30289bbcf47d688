package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/huntbook/huntbook/internal/atomicfile"
	"github.com/huntbook/huntbook/pkg/frame"
)

// Version is huntbook's version: set at build time with
// -ldflags "-X github.com/huntbook/huntbook/pkg/cli.Version=v1.2.3", else the
// module version (go install …@v1.2.3), else "devel" with the commit the
// binary was built from, so that every report names the code that made it.
var Version = buildVersion()

func buildVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev == "" {
		return "devel"
	}
	return "devel-" + rev + dirty
}

// Exit statuses.
const (
	ExitOK          = 0
	ExitFailure     = 1
	ExitUsage       = 2
	ExitInterrupted = 130 // SIGINT
	ExitTerminated  = 143 // SIGTERM
)

// StopGrace is how long a command may go on after SIGINT or SIGTERM before
// huntbook removes its temporary files and exits.
const StopGrace = time.Second

// stopOf is how the command at path ("huntbook run") stops on SIGINT or
// SIGTERM: its grace, and whether its outputs keep their old content
// (refuse: atomicfile.Refuse). run gets a longer grace, to stop its engine
// and write the partial report, which it may write after the signal; the
// kernel has no grace at all (-1): it handles SIGINT itself, as Jupyter's
// interrupt_mode "signal" interrupts the running cell with it.
func stopOf(path string) (grace time.Duration, refuse bool) {
	switch path {
	case "huntbook kernel":
		return -1, true
	case "huntbook run":
		return 5 * time.Second, false
	}
	return StopGrace, true
}

// IO holds the streams a command reads and writes; tests pass buffers.
type IO struct {
	In       io.Reader
	Out, Err io.Writer
	// Getenv looks up environment variables; nil means os.Getenv.
	Getenv func(string) string

	quiet   *bool // --quiet, set by NewRoot
	process bool  // the process's own streams (Stdio)
}

// Quiet reports whether the user asked for no progress output.
func (s IO) Quiet() bool { return s.quiet != nil && *s.quiet }

// Notef prints a notice ("huntbook: wrote report.html") on standard error
// unless --quiet: notices say what was done; errors and the demo label
// are always printed.
func (s IO) Notef(format string, args ...any) {
	if !s.Quiet() {
		fmt.Fprintf(s.Err, "huntbook: "+format+"\n", args...)
	}
}

// Stdio returns the process's standard streams.
func Stdio() IO { return IO{In: os.Stdin, Out: os.Stdout, Err: os.Stderr, process: true} }

// Env returns the environment variable k, through s.Getenv when it is set.
func (s IO) Env(k string) string {
	if s.Getenv != nil {
		return s.Getenv(k)
	}
	return os.Getenv(k)
}

// A constructor builds one subcommand. Subcommand files append theirs in init.
type constructor func(s IO) *cobra.Command

var constructors []constructor

// Register adds a subcommand; subcommand files call it from init. A
// command registered under the name of a notebook command (run, kernel,
// engine) replaces the stand-in that runs huntbook-notebook.
func Register(c func(s IO) *cobra.Command) { constructors = append(constructors, c) }

// usageError marks errors that come from how huntbook was called.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// Usagef returns an error that makes huntbook exit with status 2.
func Usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// NewRoot builds the root command with every registered subcommand.
func NewRoot(s IO) *cobra.Command {
	root := &cobra.Command{
		Use:   "huntbook",
		Short: "ATT&CK techniques to security events: what to collect and where the gaps are",
		Long: `huntbook answers, for each MITRE ATT&CK (sub)technique, which data sources and
data components to collect, which security events (Windows Security auditing,
Sysmon, Defender for Endpoint tables) provide them, and where the gaps are.
Its data is the OSSEM-DM techniques-to-events mapping.

Exit status: 0 success, 1 failure, 2 usage error.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       Version,
	}
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.Err)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	s.quiet = new(bool)
	root.PersistentFlags().BoolVarP(s.quiet, "quiet", "q", false, "print errors only: no progress (which only ever shows on a terminal) and no notices of what was written")
	have := map[string]bool{}
	for _, c := range constructors {
		cmd := c(s)
		wrapArgs(cmd)
		root.AddCommand(cmd)
		have[cmd.Name()] = true
	}
	for _, nc := range notebookCommands {
		if !have[nc.name] {
			root.AddCommand(nc.standIn(s))
		}
	}
	return root
}

// wrapArgs turns argument-count errors into usage errors, for cmd and its children.
func wrapArgs(cmd *cobra.Command) {
	if v := cmd.Args; v != nil {
		cmd.Args = func(c *cobra.Command, args []string) error {
			if err := v(c, args); err != nil {
				return usageError{err}
			}
			return nil
		}
	}
	for _, sub := range cmd.Commands() {
		wrapArgs(sub)
	}
}

// Main runs huntbook with args and returns the exit status: 0, 1 for a
// failure, 2 for a usage error, or the status an error reports with an
// ExitStatus() int method (huntbook run's statuses for schedulers).
//
// SIGINT and SIGTERM cancel the command's context; a command still running
// a second later is stopped: its temporary files are removed and huntbook
// exits with 130 (SIGINT) or 143 (SIGTERM), as a shell reports a process
// killed by the signal.
func Main(args []string, s IO) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	root := NewRoot(s)
	grace, refuse := StopGrace, true
	if cmd, _, err := root.Find(args); err == nil {
		grace, refuse = stopOf(cmd.CommandPath())
	}
	done := make(chan struct{})
	defer close(done)
	got := make(chan int, 1)
	if grace >= 0 {
		sigs := make(chan os.Signal, 1)
		signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
		defer signal.Stop(sigs)
		go func() {
			select {
			case sig := <-sigs:
				code := ExitInterrupted
				if sig == syscall.SIGTERM {
					code = ExitTerminated
				}
				if refuse {
					atomicfile.Refuse() // not even a write that ends within the grace
				}
				got <- code
				cancel()
				select {
				case <-done:
				case <-time.After(grace):
					atomicfile.RemoveTemps()
					fmt.Fprintf(s.Err, "huntbook: stopped by %v\n", sig)
					os.Exit(code)
				}
			case <-done:
			}
		}()
	}
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	select {
	case code := <-got:
		if err != nil {
			fmt.Fprintf(s.Err, "huntbook: interrupted: %s\n", frame.Printable(err.Error()))
		}
		return code
	default:
	}
	if err == nil {
		return ExitOK
	}
	var child childStatus
	if errors.As(err, &child) {
		return int(child) // huntbook-notebook has said why
	}
	var ue usageError
	if errors.As(err, &ue) || isCobraUsage(err) {
		fmt.Fprintf(s.Err, "huntbook: %s\nRun 'huntbook --help' for usage.\n", frame.Printable(err.Error()))
		return ExitUsage
	}
	fmt.Fprintf(s.Err, "huntbook: %s\n", frame.Printable(err.Error()))
	var coded interface{ ExitStatus() int }
	if errors.As(err, &coded) {
		return coded.ExitStatus() // a command's own status (run's, for schedulers)
	}
	return ExitFailure
}

// isCobraUsage recognises cobra's own errors for unknown commands.
func isCobraUsage(err error) bool {
	msg := err.Error()
	return len(msg) > 16 && msg[:16] == "unknown command "
}
