package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/huntbook/huntbook/internal/atomicfile"
	"github.com/huntbook/huntbook/pkg/auditpol"
	"github.com/huntbook/huntbook/pkg/frame"
	"github.com/huntbook/huntbook/pkg/inventory"
	"github.com/huntbook/huntbook/pkg/render"
	"github.com/huntbook/huntbook/pkg/sysmon"
)

func init() { Register(newInventory) }

// defenderTables are the Microsoft Defender for Endpoint advanced hunting
// tables --defender adds: those the mapping names, and the other device
// tables of the same schema.
var defenderTables = []string{"DeviceEvents", "DeviceFileCertificateInfo", "DeviceFileEvents", "DeviceImageLoadEvents",
	"DeviceInfo", "DeviceLogonEvents", "DeviceNetworkEvents", "DeviceNetworkInfo", "DeviceProcessEvents", "DeviceRegistryEvents"}

// sensors holds the flags that build an inventory from sensor
// configurations, shared by inventory, coverage and report.
type sensors struct {
	sysmon, auditpol string
	defender         bool
	cmdLine          bool
}

func (x *sensors) addFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&x.sysmon, "sysmon", "", "a Sysmon configuration (XML) deployed on the hosts: its event types become inventory entries")
	f.StringVar(&x.auditpol, "auditpol", "", "an audit policy: auditpol /backup or GPO Audit.csv, or auditpol /get /category:* /r output")
	f.BoolVar(&x.defender, "defender", false, "the hosts run Microsoft Defender for Endpoint: add its advanced hunting tables")
	f.BoolVar(&x.cmdLine, "cmdline", false, "ProcessCreationIncludeCmdLine_Enabled is set: 4688 carries the command line")
}

func (x *sensors) given() bool { return x.sysmon != "" || x.auditpol != "" || x.defender }

// built is an inventory made from sensor configurations, with what was
// read to make it.
type built struct {
	inv      *inventory.Inventory
	sysmon   *sysmon.Config
	policy   *auditpol.Policy
	warnings []string
}

// sensorResult is what huntbook inventory --format json writes: the
// configurations as read and the inventory they give.
type sensorResult struct {
	Sysmon    *sysmon.Config       `json:"sysmon"`
	Auditpol  *auditpol.Policy     `json:"auditpol"`
	Inventory *inventory.Inventory `json:"inventory"`
	Warnings  []string             `json:"warnings"`
}

func (b *built) result() sensorResult {
	w := b.warnings
	if w == nil {
		w = []string{}
	}
	return sensorResult{Sysmon: b.sysmon, Auditpol: b.policy, Inventory: b.inv, Warnings: w}
}

// build reads the configurations into one inventory.
func (x *sensors) build() (*built, error) {
	b := &built{inv: &inventory.Inventory{}}
	var names, sources []string
	if x.sysmon != "" {
		c, err := sysmon.Load(x.sysmon)
		if err != nil {
			return nil, err
		}
		b.sysmon = c
		b.inv.Entries = append(b.inv.Entries, c.Inventory()...)
		for _, w := range c.Warnings {
			b.warnings = append(b.warnings, fmt.Sprintf("%s:%d: <%s>: %s", x.sysmon, w.Line, w.Element, w.Message))
		}
		names = append(names, base(x.sysmon))
		sources = append(sources, fmt.Sprintf("Sysmon configuration %s (schema %s, sha256 %s)", x.sysmon, c.SchemaVersion, c.SHA256))
	}
	if x.auditpol != "" {
		p, err := auditpol.Load(x.auditpol)
		if err != nil {
			return nil, err
		}
		b.policy = p
		b.inv.Entries = append(b.inv.Entries, p.Inventory(x.cmdLine)...)
		for _, w := range p.Warnings {
			b.warnings = append(b.warnings, x.auditpol+": "+w)
		}
		names = append(names, base(x.auditpol))
		cmd := "not set"
		if x.cmdLine {
			cmd = "set"
		}
		sources = append(sources, fmt.Sprintf("audit policy %s (%s format, sha256 %s); command line in 4688: %s", x.auditpol, p.Format, p.SHA256, cmd))
	}
	if x.defender {
		for _, t := range defenderTables {
			b.inv.Entries = append(b.inv.Entries, inventory.Entry{Table: t, Reason: "Microsoft Defender for Endpoint advanced hunting table"})
		}
		names = append(names, "defender")
		sources = append(sources, "Microsoft Defender for Endpoint tables")
	}
	b.inv.Name = strings.Join(names, " + ")
	b.inv.Source = strings.Join(sources, "; ")
	b.inv.Description = "built by huntbook inventory from " + strings.Join(sources, "; ")
	return b, nil
}

func base(path string) string { return strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)) }

// merge adds b's entries to inv (an inventory read from a file), for
// --inventory with --sysmon or --auditpol.
func merge(inv, b *inventory.Inventory) *inventory.Inventory {
	out := *inv
	out.Entries = append(append([]inventory.Entry(nil), inv.Entries...), b.Entries...)
	out.Name = inv.Name + " + " + b.Name
	return &out
}

// collection is what coverage and report read: --inventory, the sensor
// flags, or both.
func collection(s IO, invPath string, x *sensors) (*inventory.Inventory, error) {
	var inv *inventory.Inventory
	if invPath != "" {
		var err error
		if inv, err = inventory.Load(invPath, s.In); err != nil {
			return nil, err
		}
	}
	if !x.given() {
		return inv, nil
	}
	b, err := x.build()
	if err != nil {
		return nil, err
	}
	for _, w := range b.warnings {
		fmt.Fprintf(s.Err, "huntbook: warning: %s\n", render.Terminal(w))
	}
	if inv == nil {
		return b.inv, nil
	}
	return merge(inv, b.inv), nil
}

func newInventory(s IO) *cobra.Command {
	var x sensors
	var out, format string
	var evtxPaths []string
	cmd := &cobra.Command{
		Use:   "inventory --sysmon FILE --auditpol FILE [--defender] [--evtx DIR] -o inventory.yaml",
		Short: "Write the inventory of collected events that sensor configurations give",
		Long: `Read the configurations that decide what your hosts log, and write the
inventory of collected events they give: the file huntbook coverage and
huntbook report --inventory read, to edit and commit.

--sysmon reads a Sysmon configuration (XML, schema 4.x): every event type
is collected in full (an exclude filter with no rules, or Sysmon's default),
in part (include rules select a part, or exclude rules remove one: the
entry says partial: true and why), or not (an include filter with no rules,
or off by default). --auditpol reads an audit policy (auditpol /backup, a
GPO's Audit.csv, or auditpol /get /category:* /r output): each Security
event is collected when the subcategories that write it audit the outcome
it is written on. --cmdline says ProcessCreationIncludeCmdLine_Enabled is
set; without it 4688 is partial for the command execution component.
--defender adds the Defender for Endpoint tables.

--evtx reads EVTX files (a folder is searched for *.evtx) and writes the
inventory of the events actually seen, with how often and when in each
note. Beside --sysmon, --auditpol or --defender it sets the configured
events beside the observed ones instead: configured but never seen (a
broken pipeline, a silent host), seen but not configured, events of other
logs (as a table; --format json for the result, csv for the never-seen one).

Without -o the inventory is written to standard output; with --format
csv, the inventory as CSV; with --format table, what every event type and
subcategory does, then the inventory; with --format json, the
configurations as read and the inventory.

A file that is not such a configuration (not XML, XML that is not <Sysmon>,
a DOCTYPE, an attribute over 1 MB, a setting value other than 0-3, a CSV with
other columns) exits 1 naming the file, the line and the element or column,
and writes nothing.`,
		Example: `  huntbook inventory --sysmon sysmonconfig.xml --auditpol audit.csv -o inventory.yaml
  huntbook inventory --sysmon sysmonconfig.xml --format table
  huntbook inventory --evtx exported/ -o observed.yaml
  huntbook inventory --evtx exported/ --sysmon sysmonconfig.xml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if len(evtxPaths) > 0 {
				return inventoryEvtx(cmd, s, &x, evtxPaths, out, format)
			}
			if !x.given() {
				return Usagef("name at least one of --sysmon FILE, --auditpol FILE and --defender")
			}
			switch format {
			case "yaml", "table", "csv", "json":
			default:
				return Usagef("unknown --format %q; use yaml, table, csv or json", format)
			}
			b, err := x.build()
			if err != nil {
				return err
			}
			for _, w := range b.warnings {
				fmt.Fprintf(s.Err, "huntbook: warning: %s\n", render.Terminal(w))
			}
			write := func(w io.Writer) error {
				switch format {
				case "table", "csv", "json":
					return render.Write(w, render.Format(format), b.result())
				}
				return inventory.Write(w, b.inv, "huntbook inventory: the events these configurations collect.\nEdit freely; huntbook coverage --inventory reads it.")
			}
			if out == "" || out == "-" {
				return write(s.Out)
			}
			if _, err := atomicfile.Write(out, write); err != nil {
				return err
			}
			partial := 0
			for _, e := range b.inv.Entries {
				if e.Partial {
					partial++
				}
			}
			s.Notef("wrote %s (%d events, %d of them partial)", out, len(b.inv.Entries), partial)
			return nil
		},
	}
	x.addFlags(cmd)
	f := cmd.Flags()
	f.StringVarP(&out, "output", "o", "", "write the inventory to this file (atomically); default standard output")
	f.StringVar(&format, "format", "yaml", "output: yaml or csv (an inventory), table (what each configuration does) or json (both)")
	f.StringArrayVar(&evtxPaths, "evtx", nil, "EVTX files or folders: write the inventory of the events seen; beside --sysmon/--auditpol, configured versus observed")
	return cmd
}

// Text is the table form: what each event type and subcategory does, with
// the reasons in full (tables would cut them), then the inventory.
func (r sensorResult) Text() string {
	var w strings.Builder
	if r.Sysmon != nil {
		fmt.Fprintf(&w, "Sysmon configuration %s, schema %s\n", r.Sysmon.Source, r.Sysmon.SchemaVersion)
		for _, o := range r.Sysmon.Options {
			fmt.Fprintf(&w, "  option %s = %q\n", o.Name, o.Value)
		}
		fmt.Fprintf(&w, "  %-22s %-10s %-8s %s\n", "event type", "ids", "state", "reason")
		for _, e := range r.Sysmon.Events {
			fmt.Fprintf(&w, "  %-22s %-10s %-8s %s\n", e.Element, ids(e.IDs), e.State, e.Reason)
		}
		fmt.Fprintln(&w)
	}
	if r.Auditpol != nil {
		fmt.Fprintf(&w, "Audit policy %s (%s)\n", r.Auditpol.Source, r.Auditpol.Format)
		for _, e := range r.Auditpol.Entries {
			fmt.Fprintf(&w, "  %-40s %s\n", e.Name, e.Setting)
		}
		fmt.Fprintln(&w)
	}
	fmt.Fprintf(&w, "Inventory %q: %d events\n", r.Inventory.Name, len(r.Inventory.Entries))
	for _, e := range r.Inventory.Entries {
		state := "full"
		if e.Partial {
			state = "partial"
			if len(e.PartialFor) > 0 {
				state += " for " + strings.Join(e.PartialFor, ", ")
			}
		}
		name := e.String()
		fmt.Fprintf(&w, "  %-45s %s\n", name, state)
	}
	return w.String()
}

// Tables returns what each configuration does (its tables), then the
// inventory they give, in the inventory CSV format (the table --format
// csv writes, which huntbook coverage --inventory reads back).
func (r sensorResult) Tables() []render.Table {
	var out []render.Table
	add := func(ts []render.Table) {
		for _, t := range ts {
			t.Primary = false
			out = append(out, t)
		}
	}
	if r.Sysmon != nil {
		add(r.Sysmon.Tables())
	}
	if r.Auditpol != nil {
		add(r.Auditpol.Tables())
	}
	b := frame.NewBuilder("channel", "provider", "event_id", "table", "note", "partial", "reason", "partial_for")
	for _, e := range r.Inventory.Entries {
		partial := ""
		if e.Partial {
			partial = "true"
		}
		b.Row().Set("channel", e.Channel).Set("provider", e.Provider).Set("event_id", e.EventID).Set("table", e.Table).
			Set("note", e.Note).Set("partial", partial).Set("reason", e.Reason).Set("partial_for", strings.Join(e.PartialFor, ";"))
	}
	out = append(out, render.Table{Title: fmt.Sprintf("Inventory %q: %d events", r.Inventory.Name, len(r.Inventory.Entries)),
		Frame: b.Frame(), Primary: true, NoLabels: true, Show: []string{"channel", "provider", "event_id", "table", "partial", "partial_for"}})
	return out
}

func ids(l []int) string {
	parts := make([]string, len(l))
	for i, n := range l {
		parts[i] = fmt.Sprint(n)
	}
	return strings.Join(parts, ",")
}
