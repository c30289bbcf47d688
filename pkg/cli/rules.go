package cli

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/huntbook/huntbook/internal/atomicfile"
	"github.com/huntbook/huntbook/pkg/attack"
	"github.com/huntbook/huntbook/pkg/render"
	"github.com/huntbook/huntbook/pkg/sigma"
)

func init() { Register(newRules) }

func newRules(s IO) *cobra.Command {
	var src source
	var x sensors
	var att attackSource
	var sigmaPath, invPath, technique, layerPath, attackVersion string
	var evtxPaths []string
	cmd := &cobra.Command{
		Use:   "rules --sigma DIR [--sysmon FILE] [--auditpol FILE] [--inventory FILE]",
		Short: "Show which Sigma rules can fire on the events you collect, and which techniques have logs but no rule",
		Long: `Read Sigma detection rules (a folder, recursively, or one file) and say, per
rule, whether it can fire on the events you collect, and per technique which
of three states it is in:

  detected          a rule tagged with the technique can fire
  visible_no_rule   your events make it visible (per the mapping), no rule can fire
  rules_not_armed   rules exist, none can fire: their logs are not collected
                    ("arm" lists the events that would arm them)
  blind             neither

A rule fires when every event its log source denotes (Sigma's taxonomy:
process_creation is Sysmon 1 or Security 4688, service security the Security
channel, narrowed by the EventIDs the rule names) is collected in one of its
logs; partly when some are, or when it reads a whole log of which some
events are collected; silent when none are; unplaced when the taxonomy does
not know its log source. Rules that cannot be read are listed with their
file and line and skipped.

What you collect comes from --sysmon (a Sysmon configuration), --auditpol (an
audit policy), --defender, --inventory, --evtx (EVTX files or folders: the
events seen in them), or several of them (their events add up). An event
collected only in part (a Sysmon event type filtered by include rules, 4688
without its command line) makes a rule fire partly. For silent
rules, "arm" names the events and the configuration change that collects them
(a Sysmon filter to add, an audit subcategory to enable).

Technique tags the mapping does not know (newer ATT&CK releases: T1685) are
listed, not dropped; with --attack BUNDLE, so are those the ATT&CK release
does not have live (unknown, revoked or deprecated in it).

Without any of them, only the rules are read: log sources, techniques, tags.
--layer writes an ATT&CK Navigator layer (format 4.5) scoring the three
states 3, 2, 1. With --format csv, the per-technique table; json, everything.`,
		Example: `  huntbook rules --sigma rules/windows
  huntbook rules --sigma rules/windows --sysmon sysmonconfig.xml --auditpol audit.csv --technique T1003.001
  huntbook rules --sigma rules/windows --inventory logs.yaml --layer rules-layer.json --format csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if sigmaPath == "" {
				return Usagef("--sigma DIR is required (a folder of Sigma rules, read recursively, or one rule file)")
			}
			if err := src.check(); err != nil {
				return err
			}
			format, err := render.ParseFormat(src.format)
			if err != nil {
				return Usagef("%v", err)
			}
			joined := invPath != "" || x.given() || len(evtxPaths) > 0
			if layerPath != "" && !joined {
				return Usagef("--layer needs what you collect (--sysmon, --auditpol, --defender, --inventory or --evtx): the layer scores what your events let rules detect")
			}
			set, err := readRules(sigmaPath)
			if err != nil {
				return err
			}
			warnSkipped(s, set)
			if err := noRules(set, sigmaPath); err != nil {
				return err
			}
			opts := attack.RulesOptions{Source: sigmaPath}
			if joined {
				inv, err := collection(s, invPath, &x)
				if err != nil {
					return err
				}
				if len(evtxPaths) > 0 {
					obs, err := readObserved(cmd.Context(), s, evtxPaths)
					if err != nil {
						return err
					}
					if seen := obs.inventory.Inventory(); inv == nil {
						inv = seen
					} else {
						inv = merge(inv, seen)
					}
				}
				opts.Inventory = inv
			}
			att.version = attackVersion
			src.attackVersion = attackVersion
			b, err := att.load(cmd, s)
			if err != nil {
				return err
			}
			if b != nil {
				opts.Release, opts.ReleaseName = attack.ReleaseKnows(b), b.Label()
			}
			if joined || src.mapping != "" || src.demo {
				m, err := src.load(cmd, s)
				if err != nil {
					return err
				}
				opts.Mapping = m
			}
			rc := attack.RulesOf(set, opts)
			if layerPath != "" {
				ao := attack.LayerOptions{AttackVersion: attackVersion}
				if ao.AttackVersion == "" && opts.Mapping != nil {
					ao.AttackVersion = attack.AttackVersion(opts.Mapping.Schema)
				}
				data, err := attack.NewRulesLayer(rc, ao).JSON()
				if err != nil {
					return err
				}
				if _, err := atomicfile.Write(layerPath, func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
					return err
				}
				s.Notef("wrote Navigator layer %s (%d technique entries)", layerPath, countLayer(data))
			}
			out := rc
			if technique != "" {
				if out, err = rc.ForTechnique(technique); err != nil {
					return err
				}
			}
			return render.Write(s.Out, format, out)
		},
	}
	src.addFlags(cmd, true)
	x.addFlags(cmd)
	att.addFlags(cmd, false)
	f := cmd.Flags()
	f.StringVar(&sigmaPath, "sigma", "", "Sigma rules: a folder (every .yml/.yaml under it) or one rule file")
	f.StringVar(&invPath, "inventory", "", "the events you collect: a .yaml, .yml or .csv file, or - (YAML on standard input)")
	f.StringArrayVar(&evtxPaths, "evtx", nil, "EVTX files or folders: the events seen in them count as collected")
	f.StringVar(&technique, "technique", "", "show one technique and the rules tagged with it (T1003.001)")
	f.StringVar(&layerPath, "layer", "", "also write an ATT&CK Navigator layer (JSON) of the three states to this file")
	f.StringVar(&attackVersion, "attack-version", "", "ATT&CK version written in the layer (default: from the mapping's schema)")
	return cmd
}

// warnSkipped names every rule file or document that was skipped, always
// (like warnings), terminal-safe: file names and details come from the
// input.
func warnSkipped(s IO, set *sigma.Set) {
	for _, e := range set.Skipped {
		fmt.Fprintf(s.Err, "huntbook: skipped %s\n", render.Terminal(e.Error()))
	}
}

// noRules is the error for a read that gave no rule at all: every file
// skipped, or no rule file found.
func noRules(set *sigma.Set, path string) error {
	switch {
	case len(set.Rules) > 0:
		return nil
	case len(set.Skipped) > 0:
		return fmt.Errorf("no Sigma rule could be read from %s: %d skipped (see above)", path, len(set.Skipped))
	}
	return fmt.Errorf("no Sigma rule found in %s: it holds no .yml or .yaml file", path)
}

// readRules reads a folder of rules, or one file.
func readRules(path string) (*sigma.Set, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the rules (--sigma): %w; give a folder of Sigma rules or one rule file", err)
	}
	if st.IsDir() {
		return sigma.ReadDir(path)
	}
	return sigma.ReadFiles(path), nil
}
