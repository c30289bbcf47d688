package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/huntbook/huntbook/pkg/attack"
	"github.com/huntbook/huntbook/pkg/ossem"
)

// The seed notebook's tables: head, top, relationships, technique, gaps.

func init() {
	Register(newHead)
	Register(newTop)
	Register(newRelationships)
	Register(newTechnique)
	Register(newGaps)
}

func newHead(s IO) *cobra.Command {
	var src source
	var n int
	cmd := &cobra.Command{
		Use:   "head",
		Short: "Show the first rows of the mapping (pandas' head())",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if n < 0 {
				return Usagef("-n must not be negative")
			}
			m, err := src.load(cmd, s)
			if err != nil {
				return err
			}
			return src.writeFrame(s.Out, attack.Table(m).Head(n))
		},
	}
	src.addFlags(cmd, true)
	cmd.Flags().IntVarP(&n, "rows", "n", 5, "number of rows")
	return cmd
}

func newTop(s IO) *cobra.Command {
	var src source
	var by string
	var n int
	var sub bool
	cmd := &cobra.Command{
		Use:   "top",
		Short: "Count techniques per data source or data component, largest first",
		Long: `Count techniques per data source or data component, largest first.

With --subtechniques, only sub-techniques are counted: the seed notebook's
"Count of sub-techniques per Data Source (Top 15)" and "... per Data
Component (Top 15)" charts.`,
		Example: "  huntbook top --demo --by data_source --subtechniques\n  huntbook top --by data_component -n 15 --format csv",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if by != attack.ColDataSource && by != attack.ColDataComponent {
				return Usagef("--by must be data_source or data_component, not %q", by)
			}
			if n < 1 {
				return Usagef("-n must be at least 1")
			}
			m, err := src.load(cmd, s)
			if err != nil {
				return err
			}
			top, err := attack.Top(m, by, n, sub)
			if err != nil {
				return err
			}
			return src.writeSeries(s.Out, top)
		},
	}
	src.addFlags(cmd, true)
	cmd.Flags().StringVar(&by, "by", attack.ColDataSource, "count per data_source or data_component")
	cmd.Flags().IntVarP(&n, "rows", "n", 15, "how many to show")
	cmd.Flags().BoolVar(&sub, "subtechniques", false, "count sub-techniques only, as the seed notebook does")
	return cmd
}

func newRelationships(s IO) *cobra.Command {
	var src source
	cmd := &cobra.Command{
		Use:   "relationships",
		Short: "List the relationships among data elements (source, target, relationship)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			m, err := src.load(cmd, s)
			if err != nil {
				return err
			}
			return src.writeFrame(s.Out, attack.Relationships(m))
		},
	}
	src.addFlags(cmd, true)
	return cmd
}

func newTechnique(s IO) *cobra.Command {
	var src source
	var att attackSource
	cmd := &cobra.Command{
		Use:   "technique ID",
		Short: "Show a technique's data sources, components, security events and gaps",
		Long: `Show what the mapping says about one technique: its data sources and
components ("What are the recommended data sources?"), every security event
mapped to them ("What security events have we identified so far?"), and its
components with no mapped event.

With --format csv the event rows are written; with --format json, everything.

--attack BUNDLE sees the technique in that ATT&CK release: current,
renamed, moved to other tactics, deprecated, or revoked and by what; and,
where the release has analytics, the events MITRE cites that the mapping
does not map, and the reverse. --mapping may be a bundle itself.`,
		Example: "  huntbook technique --demo T1003.001\n  huntbook technique T1003.001 --mapping enterprise-attack-18.1.json\n  huntbook technique T1003.001 --attack enterprise-attack-18.1.json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := src.check(); err != nil {
				return err
			}
			src.attackVersion = att.version
			b, err := att.load(cmd, s)
			if err != nil {
				return err
			}
			m, err := src.load(cmd, s)
			if err != nil {
				return err
			}
			v, err := attack.Technique(m, args[0])
			if err != nil {
				switch {
				case b != nil:
					return retiredInBundle(b, args[0], err)
				case src.bundle != nil:
					return retiredInBundle(src.bundle, args[0], err)
				}
				return err
			}
			var st *attack.TechniqueStatus
			var o *attack.Overlay
			if b != nil {
				o = attack.NewOverlay(m, b)
				st = o.Of(v.ID)
			}
			if src.format == "csv" || src.format == "json" {
				if st != nil {
					return src.write(s.Out, techniqueInRelease{v, st})
				}
				return src.write(s.Out, v)
			}
			if err := writeTechniqueText(s.Out, m, v); err != nil {
				return err
			}
			if st != nil {
				writeStatus(s.Out, o, st)
			}
			return nil
		},
	}
	src.addFlags(cmd, true)
	att.addFlags(cmd, true)
	return cmd
}

func writeTechniqueText(out io.Writer, m *ossem.Mapping, v *attack.TechniqueView) error {
	w := terminalWriter{out}
	kind := "technique"
	if v.Sub {
		kind = "sub-technique"
	}
	fmt.Fprintf(w, "%s %s (%s)\ntactics: %s\nplatforms: %s\n\n", v.ID, v.Name, kind,
		strings.Join(v.Tactics, ", "), strings.Join(v.Platforms, ", "))
	fmt.Fprintf(w, "Data sources and components:\n%s\n\n", v.Components)
	// The terminal view keeps the columns an analyst reads; csv and json
	// carry every column.
	events := v.Events.Select(attack.ColDataComponent, "name", "event_id", "event_name",
		ossem.Channel.Key(m.Schema), ossem.Provider.Key(m.Schema))
	fmt.Fprintf(w, "Security events (%d rows; --format csv or json for every column):\n%s\n\n", v.Events.Len(), events)
	if len(v.Gaps) == 0 {
		_, err := fmt.Fprintln(w, "Gaps: none; every component has at least one mapped event.")
		return err
	}
	fmt.Fprintln(w, "Gaps: components with no mapped security event:")
	for _, g := range v.Gaps {
		fmt.Fprintf(w, "  %s\n", g)
	}
	_, err := fmt.Fprintln(w, "Contribute a mapping: https://github.com/OTRF/OSSEM-DM/tree/main/relationships")
	return err
}

// techniqueInRelease is a technique's answer with its state in the
// --attack release: the view's tables and JSON, and "attack".
type techniqueInRelease struct {
	*attack.TechniqueView
	Attack *attack.TechniqueStatus `json:"attack"`
}

func newGaps(s IO) *cobra.Command {
	var src source
	var att attackSource
	var technique, stubDir string
	cmd := &cobra.Command{
		Use:   "gaps",
		Short: "List data components with no mapped security event, and the techniques they leave uncovered",
		Long: `List data components with no mapped security event, and the techniques each
leaves uncovered, most techniques first. With --technique, only that
technique's gaps. Each gap is a mapping to contribute to OSSEM-DM.
--attack BUNDLE names the gap techniques an ATT&CK release has retired; CSV
and JSON give each technique's state there (technique_states: current,
renamed, moved, deprecated, revoked, unknown) and replacement (revoked_by),
lists in the order of technique_ids.

--stub DIR writes one skeleton OSSEM-DM relationship file per gap into DIR,
ready to fill in and contribute; existing files are never overwritten.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := src.check(); err != nil {
				return err
			}
			src.attackVersion = att.version
			b, err := att.load(cmd, s)
			if err != nil {
				return err
			}
			m, err := src.load(cmd, s)
			if err != nil {
				return err
			}
			gaps := attack.Gaps(m)
			if technique != "" {
				v, err := attack.Technique(m, technique)
				if err != nil {
					return err
				}
				gaps = gaps[:0:0]
				for _, c := range v.Gaps {
					gaps = append(gaps, attack.Gap{Component: c, Techniques: []string{v.ID}})
				}
			}
			if stubDir != "" {
				if err := writeStubs(s, m, gaps, stubDir); err != nil {
					return err
				}
			}
			var o *attack.Overlay
			if b != nil {
				o = attack.NewOverlay(m, b)
				o.MarkGaps(gaps) // every format says which techniques the release retired
			}
			if err := src.write(s.Out, attack.GapList(gaps)); err != nil || o == nil || src.format != "table" {
				return err
			}
			var ids []string
			for _, g := range gaps {
				ids = append(ids, g.Techniques...)
			}
			writeRetired(s.Out, o, ids)
			return nil
		},
	}
	src.addFlags(cmd, true)
	att.addFlags(cmd, true)
	cmd.Flags().StringVar(&technique, "technique", "", "only this technique's gaps")
	cmd.Flags().StringVar(&stubDir, "stub", "", "write a skeleton OSSEM-DM relationship YAML per gap into this directory (never overwrites)")
	return cmd
}
