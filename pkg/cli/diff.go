package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/huntbook/huntbook/pkg/attack"
	"github.com/huntbook/huntbook/pkg/ossem"
	"github.com/huntbook/huntbook/pkg/render"
	"github.com/huntbook/huntbook/pkg/stix"
)

func init() { Register(newDiff) }

// errChanged makes huntbook diff --fail-on-change exit 1 without another message.
var errChanged = errors.New("the mappings differ (--fail-on-change)")

func newDiff(s IO) *cobra.Command {
	var format string
	var failOnChange, all bool
	cmd := &cobra.Command{
		Use:   "diff OLD NEW",
		Short: "Show techniques, components, relationships and event mappings added, removed or changed between two mappings",
		Long: `Compare two mapping files (paths, URLs, - for one of them, or "demo"), of the
same schema or not: both are read into the same fields and compared on them.

Keys (case and surrounding space ignored):
  technique        technique_id; changed when name, tactics, platforms or sub-technique flag differ
  component        data_source + data_component
  technique link   technique_id + component (a technique gains or loses a component)
  relationship     source + relationship + target
  event mapping    technique_id + component + relationship name + event id, channel, provider;
                   changed when event_name or audit category / sub-category differ
"Windows Defender Advanced Threat Protection" (2021) and "Microsoft Defender for
Endpoint" (2022) count as one provider.

Either file may be an ATT&CK STIX bundle (read as huntbook reads --mapping).
Then the text output adds, per technique both have, the events gained and
lost (by event identity, whatever the components); with two bundles, the
techniques added, revoked (and by what), deprecated, renamed and moved to
other tactics between the releases; --format json adds them as
events_per_technique and releases. relationship_id and filter_in (2022
only) and the case of event_platform are not compared.

The text output is a summary and the first 20 items of each list (--all for
every item); --format csv or json writes every difference.

Exit status 0 whether or not the mappings differ; with --fail-on-change, 1
when they differ (for CI).`,
		Example: `  huntbook diff techniques_to_events_mapping.yaml techniques_to_events_mapping.v2022.yaml
  huntbook diff old.yaml new.yaml --format csv > changes.csv
  huntbook diff pinned.yaml https://raw.githubusercontent.com/OTRF/OSSEM-DM/main/use-cases/mitre_attack/techniques_to_events_mapping.yaml --fail-on-change`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch format {
			case "table", "csv", "json":
			default:
				return Usagef("unknown --format %q; use table, csv or json", format)
			}
			if args[0] == "-" && args[1] == "-" {
				return Usagef("only one of OLD and NEW can be standard input")
			}
			var ms [2]*ossem.Mapping
			var bs [2]*stix.Bundle
			for i, a := range args {
				src := source{mapping: a}
				if a == "demo" {
					src = source{demo: true}
				}
				m, err := src.load(cmd, s)
				if err != nil {
					return err
				}
				ms[i], bs[i] = m, src.bundle
			}
			d := attack.DiffMappings(ms[0], ms[1])
			var err error
			switch {
			case format == "table":
				err = writeDiffText(s.Out, d, all)
				if err == nil && (bs[0] != nil || bs[1] != nil) {
					writeBundleDiff(s.Out, ms, bs, all)
				}
			case bs[0] != nil || bs[1] != nil:
				x := diffWithBundles{Diff: d, Events: attack.DiffEvents(ms[0], ms[1])}
				if bs[0] != nil && bs[1] != nil {
					x.Releases = attack.DiffReleases(bs[0], bs[1])
				}
				err = render.Write(s.Out, render.Format(format), x)
			default:
				err = render.Write(s.Out, render.Format(format), d)
			}
			if err != nil {
				return err
			}
			if failOnChange && !d.Empty() {
				return errChanged
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&format, "format", "table", "output format: table, csv or json")
	f.BoolVar(&failOnChange, "fail-on-change", false, "exit with status 1 when the mappings differ")
	f.BoolVar(&all, "all", false, "list every item in the text output, not the first 20 of each list")
	return cmd
}

// writeDiffText writes the summary and the first items of each list; the
// text form is the one rendering of a Diff that is not tables.
func writeDiffText(w io.Writer, d *attack.Diff, all bool) error {
	fmt.Fprintf(w, "old: %s (%s schema, %d records)\nnew: %s (%s schema, %d records)\n\n",
		d.Old, d.OldSchema, d.OldRecords, d.New, d.NewSchema, d.NewRecords)
	if d.Empty() {
		_, err := fmt.Fprintln(w, "No differences in techniques, components, relationships or event mappings.")
		return err
	}
	fmt.Fprintf(w, "%s\n", render.Terminal(d.Summary().String()))
	list := func(title string, items []string) {
		if len(items) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s (%d):\n", title, len(items))
		for i, x := range items {
			if !all && i == 20 {
				fmt.Fprintf(w, "  … %d more (--all or --format csv)\n", len(items)-20)
				break
			}
			fmt.Fprintf(w, "  %s\n", render.Terminal(x))
		}
	}
	changes := func(cs []attack.Change) []string {
		var out []string
		for _, c := range cs {
			out = append(out, fmt.Sprintf("%s\n      was: %s\n      now: %s", c.Key, c.Old, c.New))
		}
		return out
	}
	comps := func(cs []attack.Component) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.String())
		}
		return out
	}
	list("Techniques added", d.TechniquesAdded)
	list("Techniques removed", d.TechniquesRemoved)
	list("Techniques changed", changes(d.TechniquesChanged))
	list("Components added", comps(d.ComponentsAdded))
	list("Components removed", comps(d.ComponentsRemoved))
	list("Technique links added", d.LinksAdded)
	list("Technique links removed", d.LinksRemoved)
	list("Relationships added", d.RelationshipsAdded)
	list("Relationships removed", d.RelationshipsRemoved)
	list("Event mappings added", d.EventsAdded)
	list("Event mappings removed", d.EventsRemoved)
	list("Event mappings changed", changes(d.EventsChanged))
	return nil
}

// diffWithBundles is a diff with a bundle on either side: the diff's
// tables and JSON, and events per technique; with two bundles, what
// changed between the releases.
type diffWithBundles struct {
	*attack.Diff
	Events   []attack.EventChange `json:"events_per_technique"`
	Releases *attack.ReleaseDiff  `json:"releases,omitempty"`
}

// writeBundleDiff writes what a diff with a bundle adds: events per
// technique, and with two bundles, what changed between the releases.
func writeBundleDiff(w io.Writer, ms [2]*ossem.Mapping, bs [2]*stix.Bundle, all bool) {
	list := func(title string, items []string) {
		fmt.Fprintf(w, "\n%s (%d):\n", title, len(items))
		for i, x := range items {
			if !all && i == 20 {
				fmt.Fprintf(w, "  … %d more (--all or --format json)\n", len(items)-20)
				break
			}
			fmt.Fprintf(w, "  %s\n", x)
		}
	}
	if bs[0] != nil && bs[1] != nil {
		r := attack.DiffReleases(bs[0], bs[1])
		fmt.Fprintf(w, "\nFrom %s to %s:\n", r.Old, r.New)
		list("Techniques added", r.Added)
		list("Techniques revoked", r.Revoked)
		list("Techniques deprecated", r.Deprecated)
		list("Techniques renamed", r.Renamed)
		list("Techniques moved to other tactics", r.Moved)
	}
	var items []string
	gained, lost := 0, 0
	for _, c := range attack.DiffEvents(ms[0], ms[1]) {
		gained += len(c.Gained)
		lost += len(c.Lost)
		s := c.ID + ":"
		if len(c.Gained) > 0 {
			s += " gained " + strings.Join(c.Gained, ", ")
			if len(c.Lost) > 0 {
				s += ";"
			}
		}
		if len(c.Lost) > 0 {
			s += " lost " + strings.Join(c.Lost, ", ")
		}
		items = append(items, s)
	}
	list(fmt.Sprintf("Events per technique, for the techniques both have (%d gained, %d lost)", gained, lost), items)
}
