package nbcli

import (
	"errors"
	"fmt"
	"github.com/huntbook/huntbook/pkg/cli"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/huntbook/huntbook/pkg/engine"
	"github.com/huntbook/huntbook/pkg/notebook"
)

// engineEnv marks a huntbook process started as the engine of a kernel or a run.
const engineEnv = "HUNTBOOK_ENGINE_CHILD"

// defaultEngineMemory is the engine's memory limit unless --engine-memory says otherwise.
const defaultEngineMemory = "4GiB"

// displayLimitEnv names the variable that gives --display-limit when the
// flag is not given.
const displayLimitEnv = "HUNTBOOK_DISPLAY_LIMIT"

// defaultDisplayLimit caps the display outputs of all of a run's cells
// unless --display-limit or displayLimitEnv says otherwise.
const defaultDisplayLimit = "256MiB"

// displayLimitUsage is --display-limit's help, for run and kernel.
const displayLimitUsage = "cap on the bytes of all cells' display outputs, per run or per engine of a kernel (K, M, G suffixes; 0: none; default from $" + displayLimitEnv + ")"

// displayLimit returns the --display-limit the flag fl (named
// display-limit) gives, or $HUNTBOOK_DISPLAY_LIMIT when the flag is not
// set, as the engine takes it: bytes, or -1 for none.
func displayLimit(s cli.IO, fl *pflag.FlagSet, value string) (int64, error) {
	if !fl.Changed("display-limit") {
		if v := s.Env(displayLimitEnv); v != "" {
			n, err := parseBytes(v)
			if err != nil {
				return 0, fmt.Errorf("$%s: %v", displayLimitEnv, err)
			}
			return engineDisplay(n), nil
		}
	}
	n, err := parseBytes(value)
	if err != nil {
		return 0, fmt.Errorf("--display-limit: %v", err)
	}
	return engineDisplay(n), nil
}

// engineDisplay maps a user's 0 (no cap) to the engine's -1.
func engineDisplay(n int64) int64 {
	if n == 0 {
		return -1
	}
	return n
}

func init() {
	cli.Register(func(s cli.IO) *cobra.Command {
		var memory string
		var opts engine.ChildOptions
		cmd := &cobra.Command{
			Use:    "engine",
			Short:  "Serve the Go cell engine to the kernel or runner that started this process (internal)",
			Hidden: true,
			Args:   cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				limit, err := parseBytes(memory)
				if err != nil {
					return cli.Usagef("engine: --memory: %v", err)
				}
				opts.MemoryLimit = limit
				// Ctrl-C reaches the whole process group; the parent decides
				// what an interrupt does and tells the engine.
				signal.Ignore(os.Interrupt)
				// The parent gone, a cell still running must not keep the
				// process alive: give it a second to stop, then exit.
				opts.Closed = func() {
					time.AfterFunc(time.Second, func() { os.Exit(0) })
				}
				if err := engine.Child(opts); errors.Is(err, engine.ErrNoPipes) {
					return err
				}
				// Any other end has been told to the parent, which says it.
				return nil
			},
		}
		fl := cmd.Flags()
		fl.StringVar(&memory, "memory", "0", "memory limit in bytes (K, M, G suffixes; 0: none)")
		fl.IntVar(&opts.MaxOutput, "max-output", 0, "cap on each cell's stream text in bytes")
		fl.IntVar(&opts.MaxDisplay, "max-display", 0, "cap on each cell's display outputs in bytes")
		fl.Int64Var(&opts.MaxRunDisplay, "max-run-display", 0, "cap on all cells' display outputs in bytes (-1: none)")
		fl.DurationVar(&opts.InterruptGrace, "grace", 0, "how long an interrupted cell may take to stop")
		return cmd
	})
}

// startEngine starts the cell engine as a child process of this huntbook
// binary: the kernel and the runner use it so that no cell can take them
// down. display caps all cells' display outputs (displayLimit's value).
func startEngine(memory, display int64, stderr io.Writer, onOutput func(notebook.Output)) (*engine.Process, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("cannot find the huntbook binary to run the engine in: %w", err)
	}
	args := []string{"engine", "--memory", strconv.FormatInt(memory, 10), "--max-run-display", strconv.FormatInt(display, 10)}
	env := append(os.Environ(), engineEnv+"=1")
	return engine.Start(engine.Options{Path: exe, Args: args, Env: env, Stderr: stderr, OnOutput: onOutput})
}

// parseBytes reads a size: 1073741824, 512M, 4G, 4GiB, 2GB (powers of 1024).
func parseBytes(s string) (int64, error) {
	t := strings.TrimSpace(strings.ToUpper(s))
	t = strings.TrimSuffix(strings.TrimSuffix(t, "IB"), "B")
	mult := int64(1)
	if n := len(t); n > 0 {
		switch t[n-1] {
		case 'K':
			mult = 1 << 10
		case 'M':
			mult = 1 << 20
		case 'G':
			mult = 1 << 30
		case 'T':
			mult = 1 << 40
		}
		if mult > 1 {
			t = t[:n-1]
		}
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("%q is not a size (write 2G, 512M or a number of bytes; 0 for no limit)", s)
	}
	return int64(v * float64(mult)), nil
}
