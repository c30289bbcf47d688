package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/huntbook/huntbook/pkg/attack"
	"github.com/huntbook/huntbook/pkg/render"
)

func init() { Register(newEvent) }

func newEvent(s IO) *cobra.Command {
	var src source
	var q attack.EventQuery
	cmd := &cobra.Command{
		Use:   "event ID",
		Short: "Show the techniques and tactics a security event informs, through which components",
		Long: `Show what one security event gives a hunter: the ATT&CK techniques and tactics
it informs, through which data components and relationships (behaviours).

ID is an event id (4688, 10), a Defender for Endpoint table (DeviceProcessEvents)
or a CloudTrail event name (ConsoleLogin). An id can be mapped in several places
(Sysmon 1 on Windows and on Linux): --channel and --provider narrow it.
Names compare without regard to case.

With --format csv or json, one row per technique, component, relationship and
event.`,
		Example: `  huntbook event --demo 4688
  huntbook event 10 --channel Microsoft-Windows-Sysmon/Operational
  huntbook event DeviceProcessEvents --format csv`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			q.ID = args[0]
			if strings.TrimSpace(q.ID) == "" {
				return Usagef("the event id is empty; name one such as 4688 or DeviceProcessEvents")
			}
			m, err := src.load(cmd, s)
			if err != nil {
				return err
			}
			v, err := attack.Event(m, q)
			if err != nil {
				return err
			}
			if src.format == "csv" || src.format == "json" {
				return src.write(s.Out, v)
			}
			return writeEventText(s.Out, v)
		},
	}
	src.addFlags(cmd, true)
	cmd.Flags().StringVar(&q.Channel, "channel", "", "only the event in this channel (Security, Microsoft-Windows-Sysmon/Operational)")
	cmd.Flags().StringVar(&q.Provider, "provider", "", "only the event from this provider (Microsoft-Windows-Sysmon)")
	return cmd
}

func writeEventText(out io.Writer, v *attack.EventView) error {
	w := terminalWriter{out}
	for _, e := range v.Events {
		fmt.Fprintf(w, "%s:", e)
		if e.Name != "" {
			fmt.Fprintf(w, " %s", e.Name)
		}
		if e.Provider != "" && !strings.HasPrefix(e.String(), e.Provider+" ") {
			fmt.Fprintf(w, " (provider %s)", e.Provider)
		}
		fmt.Fprintln(w)
	}
	subs := 0
	for _, t := range v.Techniques {
		if t.Sub {
			subs++
		}
	}
	fmt.Fprintf(w, "\nInforms %d techniques (%d sub-techniques) in %d tactics:\n", len(v.Techniques), subs, len(v.Tactics))
	for _, t := range v.Tactics {
		fmt.Fprintf(w, "  %-22s %d\n", t.Tactic, t.Techniques)
	}
	fmt.Fprintf(w, "\nTechniques, components and relationships (%d rows):\n", v.Rows.Len())
	_, err := fmt.Fprintln(w, v.Rows.Select(attack.ColTechniqueID, "technique", attack.ColDataComponent, attack.ColRelationship).String())
	return err
}

// terminalWriter escapes control characters in prose written for a
// terminal (frames escape their own cells).
type terminalWriter struct{ w io.Writer }

func (t terminalWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(t.w, render.Terminal(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
