package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/huntbook/huntbook/pkg/render"
	"github.com/huntbook/huntbook/pkg/runs"
)

func init() { Register(newRuns) }

func newRuns(s IO) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "runs",
		Short: "The history of scheduled runs: list them, write their index page",
		Long: `huntbook run writes a run record next to each report (report.html →
report.run.json). These commands read every run record in a folder tree.`,
	}
	var format string
	list := &cobra.Command{
		Use:   "list DIR",
		Short: "List the runs recorded under DIR, oldest first",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := render.ParseFormat(format)
			if err != nil {
				return Usagef("runs list: %v", err)
			}
			ix, err := runs.Load(args[0])
			if err != nil {
				return err
			}
			return render.Write(s.Out, f, ix)
		},
	}
	list.Flags().StringVar(&format, "format", "table", "output format: table, csv or json")
	index := &cobra.Command{
		Use:   "index DIR",
		Short: "Write DIR/index.html: every run recorded under DIR, sortable, with sparklines of recorded values",
		Long: `Write DIR/index.html, one self-contained page (it loads nothing) of every run
recorded under DIR at any depth: status, start, duration, notebook,
parameters, the values cells recorded with display.Record, and links to each
report and run record, relative to the page. Click a column header to sort.
For each notebook and parameter set, each numeric recorded value is drawn
as a sparkline over its last 200 runs.

The page is written atomically, under a lock (DIR/.index.lock), so two runs
finishing at once (huntbook run --index DIR) leave a page that lists both.
Files named *.run.json that are not run records are listed at the end.`,
		Example: `  huntbook runs index reports
  huntbook run nb.ipynb -o 'reports/{date}/{notebook}.html' --index reports`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := runs.WriteIndexFile(args[0])
			if err != nil {
				return err
			}
			fmt.Fprintf(s.Err, "huntbook: wrote %s\n", p)
			return nil
		},
	}
	cmd.AddCommand(list, index)
	return cmd
}
