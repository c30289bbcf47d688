package cli

import (
	"encoding/csv"
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
	"github.com/huntbook/huntbook/pkg/sysmon"
)

func init() { register(newCoverage) }

func newCoverage(s IO) *cobra.Command {
	var src source
	var x sensors
	var invPath, layerPath, chartPath, attackVersion, compareSysmon, compareInv string
	var next int
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

--layer writes an ATT&CK Navigator layer (format 4.5) scored 0-100; open it at
https://mitre-attack.github.io/attack-navigator/ ("Open Existing Layer").
--attack-version overrides the ATT&CK version written in it (default: 9 for
the 2021 mapping, 11 for the 2022 one, from which they were built).
--chart writes the per-tactic scores as an SVG bar chart. Files are written
atomically.

With --format csv, the per-technique table; with json, everything.`,
		Example: `  huntbook coverage --sysmon sysmonconfig.xml --auditpol audit.csv
  huntbook coverage --sysmon swift.xml --compare-sysmon sysmon-modular.xml
  huntbook coverage --demo --inventory testdata/inventory/workstations.yaml
  huntbook coverage --inventory logs.csv --layer coverage.json --chart tactics.svg`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if invPath == "" && !x.given() {
				return usagef("say what you collect: --sysmon FILE, --auditpol FILE, --defender or --inventory FILE (see huntbook help coverage)")
			}
			if compareSysmon != "" && x.sysmon == "" {
				return usagef("--compare-sysmon compares with --sysmon; name both")
			}
			if compareInv != "" && invPath == "" {
				return usagef("--compare-inventory compares with --inventory; name both")
			}
			if compareSysmon != "" && compareInv != "" {
				return usagef("compare one thing at a time: --compare-sysmon or --compare-inventory")
			}
			if next < 0 {
				return usagef("--next must not be negative")
			}
			if err := src.check(); err != nil {
				return err
			}
			inv, err := collection(s, invPath, &x)
			if err != nil {
				return err
			}
			var other *inventory.Inventory
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
				cmp := attack.CompareCoverage(c, attack.CoverageOf(m, other))
				switch src.format {
				case "json":
					return writeJSON(s.Out, cmp)
				case "csv":
					return writeComparisonCSV(s.Out, cmp)
				}
				return writeComparisonText(s.Out, cmp)
			}
			warnUnmatched(s, invPath, c)
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
			return writeCoverageText(s.Out, c, next)
		},
	}
	src.addFlags(cmd, true)
	x.addFlags(cmd)
	f := cmd.Flags()
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

func writeCoverageText(w io.Writer, c *attack.Coverage, next int) error {
	o := c.Overall
	fmt.Fprintf(w, "Coverage of %s by inventory %q\n", c.Mapping, c.Inventory)
	fmt.Fprintf(w, "%d techniques: %d covered, %d partial, %d missing, %d unmappable (no event mapped to their components); mean score %.2f\n",
		o.Techniques, o.Covered, o.Partial, o.Missing, o.Unmappable, o.Score)
	if o.Filtered > 0 {
		fmt.Fprintf(w, "%d techniques have a component covered only by events collected in part (filtered; see huntbook inventory --format table)\n", o.Filtered)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Per tactic (a technique counts in each of its tactics):\n%s\n\n", c.TacticsFrame())
	fmt.Fprintf(w, "Per technique (--format csv for every column):\n%s\n\n",
		c.TechniquesFrame().Select(attack.ColTechniqueID, "technique", "status", "score", "covered", "filtered", "missing", "unmappable", "missing_components"))
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
		Filtered      []string `json:"filtered"`
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
		Widen      bool     `json:"widen"`
		Change     string   `json:"change"`
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
			x.Components = append(x.Components, comp{cc.DataSource, cc.DataComponent, string(cc.Status), names(cc.Collected), names(cc.Filtered), names(cc.Mapped)})
		}
		techs = append(techs, x)
	}
	recs := []rec{}
	for i, r := range c.Next {
		if next > 0 && i == next {
			break
		}
		recs = append(recs, rec{r.Event.String(), r.Components, r.New, r.Techniques, r.Widen, r.Change})
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

func writeComparisonText(w io.Writer, c *attack.CoverageComparison) error {
	fmt.Fprintf(w, "Coverage of %s: %q compared with %q\n", c.Mapping, c.To, c.From)
	fmt.Fprintf(w, "mean score %.2f -> %.2f; %d techniques gained, %d lost; %d newly covered, %d no longer covered\n\n",
		c.FromScore, c.ToScore, len(c.Gained), len(c.Lost), c.NewlyCovered, c.NoLongerCovered)
	fmt.Fprintf(w, "Per tactic:\n  %-22s %6s %6s %7s %5s\n", "tactic", "from", "to", "gained", "lost")
	for _, t := range c.Tactics {
		fmt.Fprintf(w, "  %-22s %6.2f %6.2f %7d %5d\n", t.Tactic, t.FromScore, t.ToScore, t.Gained, t.Lost)
	}
	for _, part := range []struct {
		title string
		l     []attack.TechniqueChange
	}{{"Gained", c.Gained}, {"Lost", c.Lost}} {
		fmt.Fprintf(w, "\n%s (%d):\n", part.title, len(part.l))
		for _, t := range part.l {
			fmt.Fprintf(w, "  %-10s %-50.50s %s %.2f -> %s %.2f\n", t.ID, t.Name, t.From, t.FromScore, t.To, t.ToScore)
		}
	}
	return nil
}

func writeComparisonCSV(w io.Writer, c *attack.CoverageComparison) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"change", "technique_id", "technique", "tactics", "from", "from_score", "to", "to_score"})
	for _, part := range []struct {
		name string
		l    []attack.TechniqueChange
	}{{"gained", c.Gained}, {"lost", c.Lost}} {
		for _, t := range part.l {
			_ = cw.Write([]string{part.name, t.ID, t.Name, strings.Join(t.Tactics, ";"), string(t.From),
				strconv.FormatFloat(t.FromScore, 'f', 2, 64), string(t.To), strconv.FormatFloat(t.ToScore, 'f', 2, 64)})
		}
	}
	cw.Flush()
	return cw.Error()
}

// warnUnmatched names the inventory file's entries that match no mapped
// event (a typo, most likely). Entries built from sensor configurations
// (no line) and entries for events huntbook knows to exist (a Sysmon event
// ID, a Security event an audit subcategory writes) are not named: the
// mapping lacks many real events, and listing them is no mistake.
func warnUnmatched(s IO, invPath string, c *attack.Coverage) {
	for _, e := range c.Unmatched() {
		if e.Line > 0 && !knownEvent(e) {
			fmt.Fprintf(s.Err, "huntbook: %s:%d: %s matches no event in the mapping; check its spelling\n", invPath, e.Line, e)
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
