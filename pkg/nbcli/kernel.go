package nbcli

import (
	"context"
	"fmt"
	"github.com/huntbook/huntbook/pkg/cli"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/huntbook/huntbook/pkg/kernel"
	"github.com/huntbook/huntbook/pkg/nbsign"
	"github.com/huntbook/huntbook/pkg/notebook"
)

func init() {
	cli.Register(func(s cli.IO) *cobra.Command {
		var connFile, memory, display, historyFile string
		var noHistory bool
		cmd := &cobra.Command{
			Use:   "kernel --connection-file FILE",
			Short: "Run huntbook's Jupyter kernel (Jupyter starts it; see 'kernel install')",
			Long: `Run huntbook's Go kernel for Jupyter on the sockets named in a connection file.
Jupyter starts this command itself once the kernel is installed:

  huntbook kernel install --user
  jupyter notebook            # then choose "Go (huntbook)"

Cells run in a Go engine process of their own, which the kernel supervises:
a cell blocked in compiled code that does not stop when interrupted, or one
that ends its process (os.Exit, a panic in a goroutine, a stack overflow,
running out of --engine-memory), ends with an error saying so, and the kernel
starts a fresh engine: the notebook's variables are gone. The display outputs
of all cells an engine runs are capped at --display-limit (256 MiB unless
$HUNTBOOK_DISPLAY_LIMIT says otherwise, for example in the kernelspec's env;
0: no cap), as for 'huntbook run' (nbconvert runs a notebook in one engine);
a kernel restart starts the count again.

The cells run are kept for Jupyter's history requests (jupyter console's up
arrow and history search) across kernel starts, as IPython keeps
history.sqlite: in --history (huntbook/kernel-history.jsonl in the Jupyter
data folder), at most 8 MiB and 10,000 cells, readable by you only.`,
			Args: cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				if connFile == "" {
					return cli.Usagef("kernel: --connection-file is required (or run 'huntbook kernel install')")
				}
				ci, err := kernel.ReadConnectionFile(connFile)
				if err != nil {
					return err
				}
				limit, err := parseBytes(memory)
				if err != nil {
					return cli.Usagef("kernel: --engine-memory: %v", err)
				}
				displayCap, err := displayLimit(s, cmd.Flags(), display)
				if err != nil {
					return cli.Usagef("kernel: %v", err)
				}
				if noHistory {
					historyFile = ""
				} else if historyFile == "" {
					historyFile = defaultHistoryFile(s)
				}
				// SIGINT interrupts the running cell (interrupt_mode "signal"):
				// the kernel takes it over from cli.Main, which would stop the
				// command. SIGTERM still ends the kernel through the context.
				signal.Ignore(os.Interrupt)
				ctx := cmd.Context()
				if ctx == nil {
					ctx = context.Background()
				}
				err = kernel.Run(ctx, ci, kernel.Options{
					NewEngine: func(on func(notebook.Output)) (kernel.Engine, error) {
						return startEngine(limit, displayCap, s.Err, on)
					},
					Log:         s.Err,
					Version:     cli.Version,
					Signals:     true,
					WatchParent: true,
					QuietStart:  true,
					HistoryFile: historyFile,
				})
				if ctx.Err() != nil {
					return nil // stopped by a signal: cli.Main reports it
				}
				return err
			},
		}
		cmd.Flags().StringVar(&connFile, "connection-file", "", "connection file written by Jupyter")
		cmd.Flags().StringVar(&memory, "engine-memory", defaultEngineMemory, "memory limit of the Go engine the cells run in (K, M, G suffixes; 0: none)")
		cmd.Flags().StringVar(&display, "display-limit", defaultDisplayLimit, displayLimitUsage)
		cmd.Flags().StringVar(&historyFile, "history", "", "keep the cells run, for Jupyter's history requests, in `FILE` across kernel starts (default: huntbook/kernel-history.jsonl in the Jupyter data folder)")
		cmd.Flags().BoolVar(&noHistory, "no-history", false, "keep history in memory only, for this kernel process")
		cmd.AddCommand(kernelInstall(s))
		return cmd
	})
}

// defaultHistoryFile is where the kernel keeps history unless --history
// says otherwise: huntbook/kernel-history.jsonl in the Jupyter data folder
// ($JUPYTER_DATA_DIR, else ~/.local/share/jupyter on Linux); "" (in memory)
// when there is no such folder.
func defaultHistoryFile(s cli.IO) string {
	dir, err := nbsign.DataDir()
	if err != nil {
		fmt.Fprintf(s.Err, "huntbook kernel: %v; history is kept in memory only\n", err)
		return ""
	}
	return filepath.Join(dir, "huntbook", "kernel-history.jsonl")
}

func kernelInstall(s cli.IO) *cobra.Command {
	var user, sysPrefix bool
	var prefix, name string
	cmd := &cobra.Command{
		Use:   "install [--user | --sys-prefix | --prefix DIR] [--name NAME]",
		Short: "Install the Jupyter kernelspec \"Go (huntbook)\" for this huntbook binary",
		Long: `Write a Jupyter kernelspec (kernel.json and logos) that starts this huntbook
binary by its absolute path. Where:

  --user         your Jupyter data folder (default): $JUPYTER_DATA_DIR, or
                 ~/.local/share/jupyter (Linux), ~/Library/Jupyter (macOS)
  --sys-prefix   the Python environment of Jupyter: $VIRTUAL_ENV, $CONDA_PREFIX,
                 or sys.prefix of the Python that runs the jupyter command
                 (Debian: /usr, so /usr/share/jupyter, for every user)
  --prefix DIR   DIR/share/jupyter: Jupyter finds it only when JUPYTER_PATH
                 names DIR/share/jupyter

huntbook then asks 'jupyter --paths' whether Jupyter reads that folder and
fails (exit status 1) when it does not, saying what to set. Check with
'jupyter kernelspec list'.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			n := 0
			for _, set := range []bool{user, sysPrefix, prefix != ""} {
				if set {
					n++
				}
			}
			if n > 1 {
				return cli.Usagef("kernel install: choose one of --user, --sys-prefix and --prefix")
			}
			dir, err := kernelsDir(s, sysPrefix, prefix)
			if err != nil {
				return err
			}
			if sysPrefix {
				if err := checkSysPrefix(dir); err != nil {
					return err
				}
			}
			exe, err := os.Executable()
			if err == nil {
				exe, err = filepath.EvalSymlinks(exe)
			}
			if err != nil {
				return fmt.Errorf("kernel install: cannot find the huntbook binary: %w", err)
			}
			folder, err := kernel.WriteSpec(dir, name, kernel.DefaultSpec(exe))
			if err != nil {
				return err
			}
			return reportInstall(s, folder, dir, name, prefix)
		},
	}
	cmd.Flags().BoolVar(&user, "user", false, "install for the current user (default)")
	cmd.Flags().BoolVar(&sysPrefix, "sys-prefix", false, "install into the active Python environment")
	cmd.Flags().StringVar(&prefix, "prefix", "", "install into `DIR`/share/jupyter/kernels")
	cmd.Flags().StringVar(&name, "name", "huntbook", "kernelspec name")
	return cmd
}

// kernelsDir returns the kernels folder the flags choose.
func kernelsDir(s cli.IO, sysPrefix bool, prefix string) (string, error) {
	switch {
	case prefix != "":
		abs, err := filepath.Abs(prefix)
		if err != nil {
			return "", err
		}
		return filepath.Join(abs, "share", "jupyter", "kernels"), nil
	case sysPrefix:
		p := s.Env("VIRTUAL_ENV")
		if p == "" {
			p = s.Env("CONDA_PREFIX")
		}
		if p == "" {
			var err error
			if p, err = jupyterPrefix(); err != nil {
				return "", err
			}
		}
		return filepath.Join(p, "share", "jupyter", "kernels"), nil
	}
	if d := s.Env("JUPYTER_DATA_DIR"); d != "" {
		return filepath.Join(d, "kernels"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("kernel install: %w", err)
	}
	switch runtime.GOOS {
	case "darwin":
		return filepath.Join(home, "Library", "Jupyter", "kernels"), nil
	case "windows":
		return filepath.Join(s.Env("APPDATA"), "jupyter", "kernels"), nil
	}
	if x := s.Env("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "jupyter", "kernels"), nil
	}
	return filepath.Join(home, ".local", "share", "jupyter", "kernels"), nil
}
