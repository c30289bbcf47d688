package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/huntbook/huntbook/internal/atomicfile"
	"github.com/huntbook/huntbook/pkg/attack"
	"github.com/huntbook/huntbook/pkg/inventory"
	"github.com/huntbook/huntbook/pkg/observed"
	"github.com/huntbook/huntbook/pkg/render"
)

func init() { Register(newLogs) }

func newLogs(s IO) *cobra.Command {
	var format, out, configured, layerPath string
	var asInventory, techniques bool
	var src source
	cmd := &cobra.Command{
		Use:   "logs FILE|DIR...",
		Short: "Summarise Windows event log files (EVTX): channels, providers, event IDs, time range, computers",
		Long: `Summarise what Windows event log files (.evtx) hold: the number of records and
their time range, the channels, providers and computers with their counts, and
every (channel, provider, event ID) seen with its count and first and last time.

A DIR is searched for *.evtx files. Damaged chunks and records are skipped and
counted per file (the Files table, and a warning); a file that is not EVTX at
all is an error.

--inventory writes the events seen as an inventory (YAML, with how often and
when each was seen in its note), which huntbook coverage --inventory reads.
--configured FILE sets an inventory of the events that should be logged (one
written by huntbook inventory --sysmon/--auditpol, or by hand) beside the
events seen: configured but never seen (a broken pipeline, a silent host),
seen but not configured (in the logs the inventory speaks for), and events
of other logs.

--techniques sets, per ATT&CK technique, what the logs show beside what the
configuration should log: its coverage by the events seen (observed: covered,
partial, missing) and, with --configured, by the configured inventory, with
the events seen that cover it (a mapping: --demo or --mapping). --layer writes
the observed coverage as an ATT&CK Navigator layer.

With --format csv, the event ID table (the never-seen table with
--configured, the technique table with --techniques); with json, everything.`,
		Example: `  huntbook logs Security.evtx
  huntbook logs exported/ --format csv > events.csv
  huntbook logs exported/ --inventory -o observed.yaml
  huntbook logs exported/ --configured inventory.yaml
  huntbook logs exported/ --techniques --mapping mapping.yaml --configured inventory.yaml --layer observed.json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := render.ParseFormat(format)
			if err != nil {
				return Usagef("%v", err)
			}
			if asInventory && (configured != "" || techniques) {
				return Usagef("--inventory writes the events seen; it cannot be used with --configured or --techniques")
			}
			if (src.demo || src.mapping != "" || layerPath != "") && !techniques {
				return Usagef("--demo, --mapping and --layer go with --techniques")
			}
			if err := src.check(); err != nil {
				return err
			}
			var conf *inventory.Inventory
			if configured != "" {
				if conf, err = inventory.Load(configured, s.In); err != nil {
					return err
				}
			}
			obs, err := readObserved(cmd.Context(), s, args)
			if err != nil {
				return err
			}
			if techniques {
				m, err := src.load(cmd, s)
				if err != nil {
					return err
				}
				if layerPath != "" {
					c := attack.CoverageOf(m, obs.inventory.Inventory())
					data, err := attack.NewLayer(c, attack.LayerOptions{Name: "huntbook observed: " + obs.inventory.Name}).JSON()
					if err != nil {
						return err
					}
					if _, err := atomicfile.Write(layerPath, func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
						return err
					}
					s.Notef("wrote Navigator layer %s", layerPath)
				}
				st := observed.Join(m, conf, obs.inventory, nil)
				return writeOut(s, out, func(w io.Writer) error { return render.Write(w, f, st) })
			}
			write := func(w io.Writer) error {
				switch {
				case asInventory && (format == "" || format == "table"):
					return obs.inventory.WriteYAML(w)
				case asInventory:
					return render.Write(w, f, obs.inventory)
				case conf != nil:
					return render.Write(w, f, observed.Compare(conf, obs.inventory))
				}
				return render.Write(w, f, obs.summary)
			}
			return writeOut(s, out, write)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&format, "format", "table", "output format: table, csv or json (with --inventory, table means the YAML inventory)")
	fl.BoolVar(&asInventory, "inventory", false, "write the events seen as an inventory (YAML) instead of the summary")
	fl.StringVar(&configured, "configured", "", "an inventory of the events that should be logged (YAML or CSV; - for standard input), to set beside the events seen")
	fl.StringVarP(&out, "output", "o", "", "write to this file (atomically) instead of standard output")
	fl.BoolVar(&techniques, "techniques", false, "per ATT&CK technique: covered by the events seen, and by --configured")
	fl.StringVar(&layerPath, "layer", "", "with --techniques, also write the observed coverage as an ATT&CK Navigator layer (JSON)")
	src.addFlags(cmd, false)
	return cmd
}

// observedLogs is what reading EVTX files gives the commands that take
// them (logs; inventory --evtx).
type observedLogs struct {
	summary   *observed.Summary
	inventory *observed.Inventory
}

// readObserved reads the EVTX files named by paths, warning on s.Err of
// the damage found in each.
func readObserved(ctx context.Context, s IO, paths []string) (*observedLogs, error) {
	sum, err := observed.Summarize(ctx, paths...)
	if err != nil {
		return nil, err
	}
	for _, fl := range sum.Files {
		if fl.ChunksSkipped+fl.RecordsSkipped > 0 {
			fmt.Fprintf(s.Err, "huntbook: %s: damaged: %d chunks and %d records skipped, the rest read\n", fl.Path, fl.ChunksSkipped, fl.RecordsSkipped)
			for _, p := range fl.Problems {
				fmt.Fprintf(s.Err, "  %s\n", render.Terminal(p))
			}
		}
	}
	return &observedLogs{summary: sum, inventory: observed.InventoryOf("observed in "+strings.Join(paths, ", "), sum)}, nil
}

// writeOut writes to standard output, or atomically to the file out.
func writeOut(s IO, out string, write func(io.Writer) error) error {
	if out == "" || out == "-" {
		return write(s.Out)
	}
	if _, err := atomicfile.Write(out, write); err != nil {
		return err
	}
	s.Notef("wrote %s", out)
	return nil
}

// inventoryEvtx is huntbook inventory --evtx: the inventory of the events
// seen, or beside sensor configurations, configured versus observed.
func inventoryEvtx(cmd *cobra.Command, s IO, x *sensors, paths []string, out, format string) error {
	switch format {
	case "yaml", "table", "csv", "json":
	default:
		return Usagef("unknown --format %q; use yaml, table, csv or json", format)
	}
	var conf *inventory.Inventory
	if x.given() {
		b, err := x.build()
		if err != nil {
			return err
		}
		for _, w := range b.warnings {
			fmt.Fprintf(s.Err, "huntbook: warning: %s\n", w)
		}
		conf = b.inv
	}
	obs, err := readObserved(cmd.Context(), s, paths)
	if err != nil {
		return err
	}
	return writeOut(s, out, func(w io.Writer) error {
		if conf != nil {
			f := render.Format(format)
			if format == "yaml" {
				f = render.Text
			}
			return render.Write(w, f, observed.Compare(conf, obs.inventory))
		}
		switch format {
		case "yaml":
			return obs.inventory.WriteYAML(w)
		case "table":
			return render.Write(w, render.Text, obs.inventory)
		}
		return render.Write(w, render.Format(format), obs.inventory)
	})
}
