package cli

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/huntbook/huntbook/internal/atomicfile"
	"github.com/huntbook/huntbook/pkg/observed"
	"github.com/huntbook/huntbook/pkg/ossem"
	"github.com/huntbook/huntbook/pkg/report"
)

func init() { Register(newReport) }

func newReport(s IO) *cobra.Command {
	src := source{digest: true} // the report's provenance gives the sha256 of what it read
	att := attackSource{digest: true}
	var techniques []string
	var out, invPath, comparePath, sigmaPath string
	var x sensors
	var listItems int
	var huntEVTX []string
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Write the whole analysis as one self-contained HTML file",
		Long: `Write the seed notebook's whole analysis as one self-contained HTML file:
where the mapping came from (source, sha256, schema, records), its first rows,
the sub-technique counts per data source and per data component (bar charts),
the relationships among data elements (an interactive graph and a table), a
drill-down per --technique (its data sources and components, every event row,
its gaps), and the data components with no mapped security event.

--evtx DIR (with --sigma) adds a Hunt section (as huntbook hunt): the rules
that fired on the EVTX files, per technique, rule and file, the rules not run,
and per technique the three states side by side: configured (the coverage of
the inventory, when given), observed (the coverage of the events the files
hold) and detected (rules tagged with it fired).

--inventory FILE, --sysmon FILE and --auditpol FILE (see huntbook help
inventory) add a Coverage section (as huntbook coverage: per tactic,
with a chart, and per technique; what to enable next; inventory entries that
match nothing). --sigma DIR adds a Detection rules section (as huntbook
rules: which Sigma rules can fire on what you collect, per technique
detected, visible with no rule, or rules not armed). --compare OLD adds a Diff section: what changed from the OLD
mapping (a path, a URL, or "demo") to the report's, as huntbook diff; each of
its lists shows at most --list-items items. --attack BUNDLE adds an ATT&CK
section: the mapping's techniques in that release (current, renamed,
moved, deprecated, revoked and by what, unknown), and for each drilled-into
technique the events MITRE's analytics cite that the mapping lacks and the
reverse. The provenance header names both
files and their sha256.

The file loads nothing from anywhere: open it offline, mail it, publish it.
Tables sort and filter; it prints cleanly and follows light or dark mode.

The file is written atomically (a temporary file in the same directory, then
renamed), so a reader never sees half a report; -o - writes standard output.`,
		Example: `  huntbook report --demo -o report.html
  huntbook report --mapping techniques_to_events_mapping.yaml -o report.html
  huntbook report --technique T1003.001 --technique T1059.001 -o lsass-and-powershell.html
  huntbook report --mapping new.yaml --compare old.yaml --inventory logs.yaml -o report.html
  huntbook report --demo -o - | gzip > report.html.gz
  huntbook report --sigma sigma/rules/windows --evtx logs/ --inventory logs.yaml -o report.html`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return Usagef("-o needs a file name, or - for standard output")
			}
			if err := oneStdin(src.mapping, invPath, comparePath, att.bundle); err != nil {
				return err
			}
			if err := src.check(); err != nil {
				return err
			}
			if listItems == 0 || listItems < -1 {
				return Usagef("--list-items must be positive, or -1 for every item")
			}
			if len(huntEVTX) > 0 && sigmaPath == "" {
				return Usagef("--evtx needs --sigma: the Hunt section runs the rules over the files")
			}
			o := report.Options{Techniques: techniques, Version: Version, ListItems: listItems}
			var err error
			// The small files first: a typo in them fails before the
			// mapping is fetched, and nothing is written.
			if invPath != "" || x.given() {
				if o.Inventory, err = collection(s, invPath, &x); err != nil {
					return err
				}
			}
			if sigmaPath != "" {
				set, err := readRules(sigmaPath)
				if err != nil {
					return err
				}
				warnSkipped(s, set)
				if err := noRules(set, sigmaPath); err != nil {
					return err
				}
				o.Rules, o.RulesSource = set, sigmaPath
				if len(huntEVTX) > 0 {
					var seen observed.Accumulator
					if o.Hunt, err = huntRules(cmd, set.Rules, huntEVTX, listItems, seen.Add); err != nil {
						return err
					}
					o.Observed = observed.InventoryOf("events in "+strings.Join(huntEVTX, ", "), seen.Summary()).Inventory()
				}
			}
			src.attackVersion = att.version
			if o.Attack, err = att.load(cmd, s); err != nil {
				return err
			}
			m, err := src.load(cmd, s)
			if err != nil {
				return err
			}
			if comparePath != "" {
				old := source{mapping: comparePath, digest: true}
				if comparePath == ossem.DemoSource {
					old = source{demo: true, digest: true}
				}
				if o.Compare, err = old.load(cmd, s); err != nil {
					return err
				}
			}
			r, err := report.New(m, o)
			if err != nil {
				return err
			}
			if r.Coverage != nil {
				warnUnmatched(s, invPath, r.Coverage)
			}
			if out == "-" {
				w := bufio.NewWriterSize(s.Out, 256<<10)
				if err := r.WriteHTML(w); err != nil {
					return err
				}
				return w.Flush()
			}
			n, err := atomicfile.Write(out, r.WriteHTML)
			if err != nil {
				return err
			}
			ids := make([]string, len(r.Techniques))
			for i, t := range r.Techniques {
				ids[i] = t.ID
			}
			s.Notef("wrote %s (%s; %d records; drill-down: %s)",
				out, byteSize(n), len(m.Records), strings.Join(ids, ", "))
			return nil
		},
	}
	src.addFlags(cmd, false)
	x.addFlags(cmd)
	att.addFlags(cmd, true)
	f := cmd.Flags()
	f.StringSliceVar(&techniques, "technique", nil, "technique to drill into; repeat or separate with commas (default T1003.001)")
	f.StringVarP(&out, "output", "o", "report.html", "file to write, or - for standard output")
	f.StringVar(&sigmaPath, "sigma", "", "add a Detection rules section: Sigma rules (a folder, read recursively, or one file) joined with what you collect")
	f.StringVar(&invPath, "inventory", "", "add a Coverage section for the events you collect: a .yaml, .yml or .csv file, or - (YAML on standard input)")
	f.StringVar(&comparePath, "compare", "", `add a Diff section: what changed from this older mapping (a file, an http(s) URL, - or "demo")`)
	f.StringSliceVar(&huntEVTX, "evtx", nil, "add a Hunt section: EVTX files or folders to run the --sigma rules over")
	f.IntVar(&listItems, "list-items", report.DefaultListItems, "how many items each list of the Diff section shows (-1: all)")
	return cmd
}

// oneStdin refuses more than one of the mapping, the inventory and the
// compared mapping on standard input.
func oneStdin(paths ...string) error {
	n := 0
	for _, p := range paths {
		if p == "-" {
			n++
		}
	}
	if n > 1 {
		return Usagef("only one of --mapping, --inventory, --compare and --attack can be - (standard input)")
	}
	return nil
}

// byteSize formats a size for people: 512 B, 87.0 KB, 1.4 MB.
func byteSize(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d B", n)
	case n < 1000*1000:
		return fmt.Sprintf("%.1f KB", float64(n)/1000)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1000/1000)
}
