package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/huntbook/huntbook/internal/atomicfile"
	"github.com/huntbook/huntbook/pkg/attack"
	"github.com/huntbook/huntbook/pkg/chart"
	"github.com/huntbook/huntbook/pkg/inventory"
	"github.com/huntbook/huntbook/pkg/render"
)

func init() { register(newCoverage) }

func newCoverage(s IO) *cobra.Command {
	var src source
	var invPath, layerPath, chartPath, attackVersion string
	var next int
	cmd := &cobra.Command{
		Use:   "coverage --inventory FILE",
		Short: "Show what the security events you collect cover, and what to enable next",
		Long: `Show which ATT&CK techniques the security events you collect cover, per
technique, per tactic and overall, and which events to enable next.

The inventory (YAML or CSV, see README "Coverage") lists collected events by
channel and/or provider plus event id, or by Defender table name.

Per technique, a data component is covered when a collected event is mapped to
it, missing when events are mapped to it but none is collected, unmappable
when the mapping maps no event to it at all (a gap in the mapping, not in your
logs: see huntbook gaps --stub). A technique's score is covered / (covered +
missing); a technique whose components are all unmappable is reported apart.

"Enable next" ranks events not collected greedily: each adds the most missing
technique-components on top of those listed above it.

--layer writes an ATT&CK Navigator layer (format 4.5) scored 0-100; open it at
https://mitre-attack.github.io/attack-navigator/ ("Open Existing Layer").
--attack-version overrides the ATT&CK version written in it (default: 9 for
the 2021 mapping, 11 for the 2022 one, from which they were built).
--chart writes the per-tactic scores as an SVG bar chart. Files are written
atomically.

With --format csv, the per-technique table; with json, everything.`,
		Example: `  huntbook coverage --demo --inventory testdata/inventory/workstations.yaml
  huntbook coverage --inventory logs.csv --layer coverage.json --chart tactics.svg`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if invPath == "" {
				return usagef("--inventory FILE is required (YAML or CSV; see huntbook help coverage)")
			}
			if next < 0 {
				return usagef("--next must not be negative")
			}
			if err := src.check(); err != nil {
				return err
			}
			inv, err := inventory.Load(invPath, s.In)
			if err != nil {
				return err
			}
			m, err := src.load(cmd, s)
			if err != nil {
				return err
			}
			c := attack.CoverageOf(m, inv)
			for _, e := range c.Unmatched() {
				fmt.Fprintf(s.Err, "huntbook: %s:%d: %s matches no event in the mapping; check its spelling\n", inv.Source, e.Line, render.Terminal(e.String()))
			}
			// Files first: a failure leaves nothing half-written and no
			// report that claims they exist.
			if layerPath != "" {
				data, err := attack.NewLayer(c, attack.LayerOptions{AttackVersion: attackVersion}).JSON()
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
			return render.Write(s.Out, render.Format(src.format), c)
		},
	}
	src.addFlags(cmd, true)
	f := cmd.Flags()
	f.StringVar(&invPath, "inventory", "", "the events you collect: a .yaml, .yml or .csv file, or - (YAML on standard input)")
	f.StringVar(&layerPath, "layer", "", "also write an ATT&CK Navigator layer (JSON) to this file")
	f.StringVar(&attackVersion, "attack-version", "", "ATT&CK version written in the layer (default: from the mapping's schema)")
	f.StringVar(&chartPath, "chart", "", "also write the per-tactic scores as an SVG bar chart to this file")
	f.IntVar(&next, "next", 10, "how many events to recommend (0: all)")
	return cmd
}

func countLayer(data []byte) int { return strings.Count(string(data), `"techniqueID"`) }
