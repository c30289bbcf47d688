package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/huntbook/huntbook/pkg/observed"
	"github.com/huntbook/huntbook/pkg/render"
)

func init() { register(newLogs) }

func newLogs(s IO) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "logs FILE|DIR...",
		Short: "Summarise Windows event log files (EVTX): channels, providers, event IDs, time range, computers",
		Long: `Summarise what Windows event log files (.evtx) hold: the number of records and
their time range, the channels, providers and computers with their counts, and
every (channel, provider, event ID) seen with its count and first and last time.

A DIR is searched for *.evtx files. Damaged chunks and records are skipped and
counted per file (the Files table); a file that is not EVTX at all is an error.

With --format csv, the event ID table; with json, everything.`,
		Example: `  huntbook logs Security.evtx
  huntbook logs exported/ --format csv > events.csv`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := render.ParseFormat(format)
			if err != nil {
				return usagef("%v", err)
			}
			sum, err := observed.Summarize(cmd.Context(), args...)
			if err != nil {
				return err
			}
			for _, fl := range sum.Files {
				if n := fl.ChunksSkipped + fl.RecordsSkipped; n > 0 {
					fmt.Fprintf(s.Err, "huntbook: %s: damaged: %d chunks and %d records skipped, the rest read\n", fl.Path, fl.ChunksSkipped, fl.RecordsSkipped)
					for _, p := range fl.Problems {
						fmt.Fprintf(s.Err, "  %s\n", render.Terminal(p))
					}
				}
			}
			return render.Write(s.Out, f, sum)
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "output format: table, csv or json")
	return cmd
}
