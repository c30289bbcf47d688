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
)

func init() { register(newCoverage) }

func newCoverage(s IO) *cobra.Command {
	var src source
	var att attackSource
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
the 2021 mapping, 11 for the 2022 one, from which they were built; a
bundle's release for a bundle, and the release of --attack BUNDLE, whose
layer carries today's IDs: a revoked technique under its replacement, a
deprecated one left out). --attack also names the techniques the release
has retired; --attack-version is the release of a bundle that does not
say.
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
			att.version = attackVersion
			src.attackVersion = attackVersion
			b, err := att.load(cmd, s)
			if err != nil {
				return err
			}
			m, err := src.load(cmd, s)
			if err != nil {
				return err
			}
			c := attack.CoverageOf(m, inv)
			lo := attack.LayerOptions{AttackVersion: attackVersion}
			var o *attack.Overlay
			if b != nil {
				o = attack.NewOverlay(m, b)
				lo.Remap = o.Remap()
				if lo.AttackVersion == "" {
					lo.AttackVersion = b.Release.Major()
				}
			}
			for _, e := range c.Unmatched() {
				fmt.Fprintf(s.Err, "huntbook: %s:%d: %s matches no event in the mapping; check its spelling\n", inv.Source, e.Line, e)
			}
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
				fmt.Fprintf(s.Err, "huntbook: wrote Navigator layer %s (%d technique entries)\n", layerPath, countLayer(data))
			}
			if chartPath != "" {
				b, err := chart.FromSeries("Mean technique coverage score per tactic (%), inventory "+c.Inventory, c.TacticScores())
				if err != nil {
					return err
				}
				if _, err := atomicfile.Write(chartPath, b.WriteSVG); err != nil {
					return err
				}
				fmt.Fprintf(s.Err, "huntbook: wrote chart %s\n", chartPath)
			}
			switch src.format {
			case "csv":
				return src.writeFrame(s.Out, c.TechniquesFrame())
			case "json":
				return writeCoverageJSON(s.Out, c, next)
			}
			if err := writeCoverageText(s.Out, c, next); err != nil || o == nil {
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
	att.addFlags(cmd, false)
	f := cmd.Flags()
	f.StringVar(&invPath, "inventory", "", "the events you collect: a .yaml, .yml or .csv file, or - (YAML on standard input)")
	f.StringVar(&layerPath, "layer", "", "also write an ATT&CK Navigator layer (JSON) to this file")
	f.StringVar(&attackVersion, "attack-version", "", "ATT&CK version written in the layer (default: from the mapping's schema)")
	f.StringVar(&chartPath, "chart", "", "also write the per-tactic scores as an SVG bar chart to this file")
	f.IntVar(&next, "next", 10, "how many events to recommend (0: all)")
	return cmd
}

func countLayer(data []byte) int { return strings.Count(string(data), `"techniqueID"`) }

func writeCoverageText(w io.Writer, c *attack.Coverage, next int) error {
	o := c.Overall
	fmt.Fprintf(w, "Coverage of %s by inventory %q\n", c.Mapping, c.Inventory)
	fmt.Fprintf(w, "%d techniques: %d covered, %d partial, %d missing, %d unmappable (no event mapped to their components); mean score %.2f\n\n",
		o.Techniques, o.Covered, o.Partial, o.Missing, o.Unmappable, o.Score)
	fmt.Fprintf(w, "Per tactic (a technique counts in each of its tactics):\n%s\n\n", c.TacticsFrame())
	fmt.Fprintf(w, "Per technique (--format csv for every column):\n%s\n\n",
		c.TechniquesFrame().Select(attack.ColTechniqueID, "technique", "status", "score", "covered", "missing", "unmappable", "missing_components"))
	if len(c.Next) == 0 {
		_, err := fmt.Fprintln(w, "Enable next: nothing; every mappable component is covered.")
		return err
	}
	_, err := fmt.Fprintf(w, "Enable next (each adds what it lists on top of those above it):\n%s\n", c.NextFrame(next))
	return err
}

func writeCoverageJSON(w io.Writer, c *attack.Coverage, next int) error {
	type comp struct {
		DataSource    string   `json:"data_source"`
		DataComponent string   `json:"data_component"`
		Status        string   `json:"status"`
		Collected     []string `json:"collected"`
		Mapped        []string `json:"mapped"`
	}
	type tech struct {
		ID         string   `json:"technique_id"`
		Name       string   `json:"technique"`
		Tactics    []string `json:"tactics"`
		Status     string   `json:"status"`
		Score      *float64 `json:"score"`
		Components []comp   `json:"components"`
	}
	type rec struct {
		Event      string   `json:"event"`
		Components int      `json:"components"`
		New        int      `json:"new_techniques"`
		Techniques []string `json:"techniques"`
	}
	names := func(es []attack.LogEvent) []string {
		out := []string{}
		for _, e := range es {
			out = append(out, e.String())
		}
		return out
	}
	var techs []tech
	for _, t := range c.Techniques {
		x := tech{ID: t.ID, Name: t.Name, Tactics: nonNil(t.Tactics), Status: string(t.Status), Components: []comp{}}
		if t.Scored {
			s := t.Score
			x.Score = &s
		}
		for _, cc := range t.Components {
			x.Components = append(x.Components, comp{cc.DataSource, cc.DataComponent, string(cc.Status), names(cc.Collected), names(cc.Mapped)})
		}
		techs = append(techs, x)
	}
	recs := []rec{}
	for i, r := range c.Next {
		if next > 0 && i == next {
			break
		}
		recs = append(recs, rec{r.Event.String(), r.Components, r.New, r.Techniques})
	}
	unmatched := []string{}
	for _, e := range c.Unmatched() {
		unmatched = append(unmatched, e.String())
	}
	return writeJSON(w, map[string]any{
		"mapping": c.Mapping, "schema": c.Schema, "inventory": c.Inventory,
		"overall": c.Overall, "tactics": c.Tactics, "techniques": techs, "next": recs, "unmatched_entries": unmatched,
	})
}
