package cli

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/huntbook/huntbook/internal/atomicfile"
	"github.com/huntbook/huntbook/pkg/evtx"
	"github.com/huntbook/huntbook/pkg/hunt"
	"github.com/huntbook/huntbook/pkg/render"
	"github.com/huntbook/huntbook/pkg/sigma"
)

func init() { Register(newHunt) }

func newHunt(s IO) *cobra.Command {
	var sigmaPaths, evtxPaths []string
	var format, layerPath string
	var maxMatches int
	cmd := &cobra.Command{
		Use:   "hunt --sigma DIR --evtx DIR|FILE...",
		Short: "Run Sigma rules over Windows event log files: what fired, on which events, for which techniques",
		Long: `Run Sigma detection rules over the events of EVTX files and show what fired:
per rule the matching events (time, computer, channel, event id, record id,
file and the fields the rule names), per ATT&CK technique the rules tagged
with it that fired, per file the rules that fired on it, and the rules that
could not run, with the reason.

Each rule is compiled once. Its log source is placed through Sigma's
taxonomy (process_creation: Sysmon 1 and Security 4688; service security:
the Security channel), narrowed to the event ids its detection requires,
and each event is tested only against the rules that can match it. Rules
using what huntbook does not run (aggregations, near, expand, regular
expressions Go's RE2 cannot compile) are listed, never matched.

--sigma and --evtx take folders (searched recursively for .yml/.yaml and
.evtx files) or files; repeat them or separate with commas.
--layer writes an ATT&CK Navigator layer of the techniques evidenced, scored
by the number of rules that fired (written atomically).
--max-matches bounds the events kept per rule in the output (all are
counted).

With --format csv, one row per matching event; with json, everything.`,
		Example: `  huntbook hunt --sigma sigma/rules/windows --evtx logs/
  huntbook hunt --sigma rules/ --evtx Security.evtx --evtx Sysmon.evtx --format csv > matches.csv
  huntbook hunt --sigma rules/ --evtx logs/ --layer evidenced.json --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if len(sigmaPaths) == 0 {
				return Usagef("--sigma DIR is required: a folder of Sigma rules (or rule files)")
			}
			if len(evtxPaths) == 0 {
				return Usagef("--evtx DIR|FILE is required: EVTX files or folders holding them")
			}
			f, err := render.ParseFormat(format)
			if err != nil {
				return Usagef("%v", err)
			}
			r, err := runHunt(cmd, s, sigmaPaths, evtxPaths, maxMatches, nil)
			if err != nil {
				return err
			}
			if layerPath != "" {
				data, err := r.Layer("").JSON()
				if err != nil {
					return err
				}
				if _, err := atomicfile.Write(layerPath, func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
					return err
				}
				fmt.Fprintf(s.Err, "huntbook: wrote Navigator layer %s (%d techniques)\n", layerPath, len(r.Techniques))
			}
			if !s.Quiet() {
				fmt.Fprintf(s.Err, "huntbook: %d rules (%d run, %d not run), %d files, %d events: %d rules fired, %d techniques evidenced\n",
					r.Rules, r.Runnable, len(r.NotRun), len(r.Files), r.Events, len(r.Matched), len(r.Techniques))
			}
			return render.Write(s.Out, f, r)
		},
	}
	fl := cmd.Flags()
	fl.StringSliceVar(&sigmaPaths, "sigma", nil, "Sigma rules: a folder (searched recursively) or a rule file; repeatable")
	fl.StringSliceVar(&evtxPaths, "evtx", nil, "EVTX files, or folders searched for .evtx files; repeatable")
	fl.StringVar(&format, "format", "table", "output format: table, csv or json")
	fl.StringVar(&layerPath, "layer", "", "also write an ATT&CK Navigator layer of the techniques evidenced to this file")
	fl.IntVar(&maxMatches, "max-matches", 1000, "matching events kept per rule in the output (-1: all; all are counted)")
	return cmd
}

// runHunt reads the rules and runs them over the EVTX files, for hunt and
// report.
func runHunt(cmd *cobra.Command, s IO, sigmaPaths, evtxPaths []string, maxMatches int, visit func(*evtx.Event)) (*hunt.Result, error) {
	set, err := readRuleSets(sigmaPaths)
	if err != nil {
		return nil, err
	}
	for _, e := range set.Skipped {
		fmt.Fprintf(s.Err, "huntbook: skipped %v\n", e)
	}
	if len(set.Rules) == 0 {
		return nil, fmt.Errorf("hunt: no Sigma rule in %v; check the path (rules are .yml or .yaml files)", sigmaPaths)
	}
	return huntRules(cmd, set.Rules, evtxPaths, maxMatches, visit)
}

// huntRules runs rules over the EVTX files.
func huntRules(cmd *cobra.Command, rules []sigma.Rule, evtxPaths []string, maxMatches int, visit func(*evtx.Event)) (*hunt.Result, error) {
	h := hunt.New(rules)
	h.MaxMatches = maxMatches
	h.Visit = visit
	r, err := h.Run(cmd.Context(), evtxPaths...)
	if err != nil {
		return nil, err
	}
	if len(r.Files) == 0 {
		return nil, fmt.Errorf("hunt: no .evtx file in %v", evtxPaths)
	}
	return r, nil
}

// readRuleSets reads Sigma rules from folders and files.
func readRuleSets(paths []string) (*sigma.Set, error) {
	all := &sigma.Set{}
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("hunt: --sigma: %w", err)
		}
		set := &sigma.Set{}
		if st.IsDir() {
			if set, err = sigma.ReadDir(p); err != nil {
				return nil, err
			}
		} else {
			set = sigma.ReadFiles(p)
		}
		all.Rules = append(all.Rules, set.Rules...)
		all.Skipped = append(all.Skipped, set.Skipped...)
		all.Files += set.Files
	}
	return all, nil
}
