package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/huntbook/huntbook/internal/atomicfile"
	"github.com/huntbook/huntbook/pkg/attack"
	"github.com/huntbook/huntbook/pkg/auditpol"
	"github.com/huntbook/huntbook/pkg/chart"
	"github.com/huntbook/huntbook/pkg/inventory"
	"github.com/huntbook/huntbook/pkg/logsource"
	"github.com/huntbook/huntbook/pkg/render"
	"github.com/huntbook/huntbook/pkg/sysmon"
)

func init() { Register(newCoverage) }

func newCoverage(s IO) *cobra.Command {
	var src source
	var att attackSource
	var x sensors
	var invPath, layerPath, chartPath, attackVersion, compareSysmon, compareInv string
	var next int
	var evtxPaths []string
	cmd := &cobra.Command{
		Use:   "coverage (--sysmon FILE | --auditpol FILE | --inventory FILE)...",
		Short: "Show what the security events you collect cover, and what to enable next",
		Long: `Show which ATT&CK techniques the security events you collect cover, per
technique, per tactic and overall, and which events to enable next.

What you collect comes from the sensors' configurations or from an inventory,
or both (their events are added up): --sysmon reads the Sysmon configuration
your hosts run, --auditpol their audit policy (auditpol /backup, GPO Audit.csv,
or auditpol /get /category:* /r), --defender adds the Defender for Endpoint
tables (see huntbook help inventory). The inventory (YAML or CSV, see README
"Coverage") lists collected events by channel and/or provider plus event id,
or by Defender table name, each in full or partial.

Per technique, a data component is covered when a collected event is mapped to
it, missing when events are mapped to it but none is collected, unmappable
when the mapping maps no event to it at all (a gap in the mapping, not in your
logs: see huntbook gaps --stub), filtered (partly covered) when the only
collected events mapped to it are collected in part: a Sysmon event type its
configuration filters with rules, 4688 without its command line. A
technique's score is (covered + filtered/2) / (covered + filtered + missing);
a technique whose components are all unmappable is reported apart.

"Enable next" ranks events not collected in full greedily: each adds the most
missing or filtered technique-components on top of those listed above it, and
says which change collects it: which Sysmon event type to add or widen, which
audit subcategory to enable.

--compare-sysmon FILE compares with another Sysmon configuration in place of
--sysmon (the audit policy and inventory stay): techniques gained and lost.
--compare-inventory FILE compares with another inventory in place of
--inventory.

--evtx DIR (EVTX files or folders) takes the events seen in the logs as what
you collect: observed coverage. Beside --sysmon, --auditpol or --inventory it
compares configured with observed instead: the techniques the logs cover that
the configuration does not (gained) and those the configuration covers that
no event seen does (lost: a broken pipeline, a silent host, or nothing
happened).

--layer writes an ATT&CK Navigator layer (format 4.5) scored 0-100; open it at
https://mitre-attack.github.io/attack-navigator/ ("Open Existing Layer").
--attack-version overrides the ATT&CK version written in it (default: 9 for
the 2021 mapping, 11 for the 2022 one, from which they were built; a
bundle's release for a bundle, and the release of --attack BUNDLE, whose
layer carries today's IDs: a revoked technique under its replacement, a
deprecated one left out). --attack also names the techniques the release
has retired: the per-technique table, its CSV and JSON gain each
technique's state (current, renamed, moved, deprecated, revoked, unknown)
and revoked_by. --attack-version is the release of a bundle that does
not say.
--chart writes the per-tactic scores as an SVG bar chart. Files are written
atomically.

With --format csv, the per-technique table; with json, everything.`,
		Example: `  huntbook coverage --sysmon sysmonconfig.xml --auditpol audit.csv
  huntbook coverage --sysmon swift.xml --compare-sysmon sysmon-modular.xml
  huntbook coverage --demo --inventory testdata/inventory/workstations.yaml
  huntbook coverage --inventory logs.csv --layer coverage.json --chart tactics.svg`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if invPath == "" && !x.given() && len(evtxPaths) == 0 {
				return Usagef("say what you collect: --sysmon FILE, --auditpol FILE, --defender or --inventory FILE (see huntbook help coverage)")
			}
			if compareSysmon != "" && x.sysmon == "" {
				return Usagef("--compare-sysmon compares with --sysmon; name both")
			}
			if compareInv != "" && invPath == "" {
				return Usagef("--compare-inventory compares with --inventory; name both")
			}
			if compareSysmon != "" && compareInv != "" {
				return Usagef("compare one thing at a time: --compare-sysmon or --compare-inventory")
			}
			if len(evtxPaths) > 0 && (compareSysmon != "" || compareInv != "") {
				return Usagef("--evtx compares configured with observed; it cannot be used with --compare-sysmon or --compare-inventory")
			}
			if next < 0 {
				return Usagef("--next must not be negative")
			}
			if err := src.check(); err != nil {
				return err
			}
			inv, err := collection(s, invPath, &x)
			if err != nil {
				return err
			}
			att.version = attackVersion
			src.attackVersion = attackVersion
			b, err := att.load(cmd, s)
			if err != nil {
				return err
			}
			var other *inventory.Inventory
			if len(evtxPaths) > 0 {
				obs, err := readObserved(cmd.Context(), s, evtxPaths)
				if err != nil {
					return err
				}
				if inv == nil {
					inv = obs.inventory.Inventory()
				} else {
					other = obs.inventory.Inventory()
				}
			}
			switch {
			case compareSysmon != "":
				y := x
				y.sysmon = compareSysmon
				if other, err = collection(s, invPath, &y); err != nil {
					return err
				}
			case compareInv != "":
				if other, err = collection(s, compareInv, &x); err != nil {
					return err
				}
			}
			m, err := src.load(cmd, s)
			if err != nil {
				return err
			}
			c := attack.CoverageOf(m, inv)
			if other != nil {
				return render.Write(s.Out, render.Format(src.format), attack.CompareCoverage(c, attack.CoverageOf(m, other)))
			}
			lo := attack.LayerOptions{AttackVersion: attackVersion}
			var o *attack.Overlay
			if b != nil {
				o = attack.NewOverlay(m, b)
				o.MarkCoverage(c) // every format says which techniques the release retired
				lo.Remap = o.Remap()
				if lo.AttackVersion == "" {
					lo.AttackVersion = b.Release.Major()
				}
			}
			warnUnmatched(s, invPath, c)
			// Files first: a failure leaves nothing half-written and no
			// report that claims they exist.
			if layerPath != "" {
				data, err := attack.NewLayer(c, lo).JSON()
				if err != nil {
					return err
				}
				if _, err := atomicfile.Write(layerPath, func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
					return err
				}
				s.Notef("wrote Navigator layer %s (%d technique entries)", layerPath, countLayer(data))
			}
			if chartPath != "" {
				b, err := chart.FromSeries("Mean technique coverage score per tactic (%), inventory "+c.Inventory, c.TacticScores())
				if err != nil {
					return err
				}
				if _, err := atomicfile.Write(chartPath, b.WriteSVG); err != nil {
					return err
				}
				s.Notef("wrote chart %s", chartPath)
			}
			if next > 0 && len(c.Next) > next {
				c.Next = c.Next[:next]
			}
			if err := render.Write(s.Out, render.Format(src.format), c); err != nil || o == nil || src.format != "table" {
				return err
			}
			var ids []string
			for _, t := range c.Techniques {
				ids = append(ids, t.ID)
			}
			writeRetired(s.Out, o, ids)
			return nil
		},
	}
	src.addFlags(cmd, true)
	x.addFlags(cmd)
	att.addFlags(cmd, false)
	f := cmd.Flags()
	f.StringArrayVar(&evtxPaths, "evtx", nil, "EVTX files or folders: the events seen; beside --sysmon/--auditpol/--inventory, configured versus observed")
	f.StringVar(&invPath, "inventory", "", "the events you collect: a .yaml, .yml or .csv file, or - (YAML on standard input)")
	f.StringVar(&compareSysmon, "compare-sysmon", "", "compare with this Sysmon configuration in place of --sysmon: techniques gained and lost")
	f.StringVar(&compareInv, "compare-inventory", "", "compare with this inventory in place of --inventory: techniques gained and lost")
	f.StringVar(&layerPath, "layer", "", "also write an ATT&CK Navigator layer (JSON) to this file")
	f.StringVar(&attackVersion, "attack-version", "", "ATT&CK version written in the layer (default: from the mapping's schema)")
	f.StringVar(&chartPath, "chart", "", "also write the per-tactic scores as an SVG bar chart to this file")
	f.IntVar(&next, "next", 10, "how many events to recommend (0: all)")
	return cmd
}

func countLayer(data []byte) int { return strings.Count(string(data), `"techniqueID"`) }

// warnUnmatched names the inventory file's entries that match no mapped
// event (a typo, most likely). Entries built from sensor configurations
// (no line) and entries for events huntbook knows to exist (a Sysmon event
// ID, a Security event an audit subcategory writes) are not named: the
// mapping lacks many real events, and listing them is no mistake.
func warnUnmatched(s IO, invPath string, c *attack.Coverage) {
	for _, e := range c.Unmatched() {
		if e.Line > 0 && !knownEvent(e) {
			fmt.Fprintf(s.Err, "huntbook: %s:%d: %s matches no event in the mapping; check its spelling\n", invPath, e.Line, render.Terminal(e.String()))
		}
	}
}

// knownEvent reports whether an entry names a real Sysmon or Security event.
func knownEvent(e inventory.Entry) bool {
	id, err := strconv.Atoi(strings.TrimSpace(e.EventID))
	if err != nil || e.Table != "" {
		return false
	}
	log := e.Channel
	if strings.TrimSpace(log) == "" {
		log = e.Provider
	}
	switch {
	case logsource.Same(log, sysmon.Channel):
		if _, ok := sysmon.TypeOf(id); ok {
			return true
		}
		for _, a := range sysmon.AlwaysLogged {
			if a == id {
				return true
			}
		}
	case logsource.Same(log, auditpol.Channel):
		return len(auditpol.Producers(id)) > 0
	}
	return false
}
