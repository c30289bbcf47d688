package synth

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
)

// Options say what to generate. The zero value is not useful: set Records.
type Options struct {
	Records int    // number of records to write
	Schema  string // "2021" (default) or "2022"
	Seed    uint64 // generator seed; the same seed writes the same file
	// DuplicateRate is the share of records repeated verbatim right after
	// themselves; zero means 0.002, about the real file's rate.
	DuplicateRate float64
}

// Write writes a mapping with o.Records records to w.
func Write(w io.Writer, o Options) error {
	if o.Records < 0 {
		return fmt.Errorf("synth: %d records; want zero or more", o.Records)
	}
	if o.Schema == "" {
		o.Schema = "2021"
	}
	if o.Schema != "2021" && o.Schema != "2022" {
		return fmt.Errorf("synth: unknown schema %q; use 2021 or 2022", o.Schema)
	}
	if o.DuplicateRate == 0 {
		o.DuplicateRate = 0.002
	}
	g := &gen{o: o, rng: rand.New(rand.NewPCG(o.Seed, 0x68756e74626f6f6b)), w: bufio.NewWriterSize(w, 1<<20)}
	g.vocabulary()
	for g.written < o.Records {
		g.technique()
	}
	return g.w.Flush()
}

type event struct {
	id       string
	isInt    bool
	name     string
	category string // "" is .nan, "~" is null
	sub      string
	channel  string
	provider string
	filter   string // 2022 filter_in ActionType, "" for none
}

type relation struct {
	source, verb, target string
	events               []int // indexes into gen.events
}

type component struct {
	source, name string
	rels         []relation // none: a gap
}

type gen struct {
	o          Options
	rng        *rand.Rand
	w          *bufio.Writer
	written    int
	techniques int
	events     []event
	comps      []component
	elements   []string
	verbs      []string
	tactics    []string
	platforms  []string
	buf        []byte
}

var syllables = strings.Fields("ka lo mi tra ven sor del phi quo rix nel bar tes cor vin dum pra lex mor sil")

// word makes an invented word of n syllables.
func (g *gen) word(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(syllables[g.rng.IntN(len(syllables))])
	}
	return b.String()
}

func (g *gen) vocabulary() {
	g.elements = []string{"process", "file", "user", "command", "thread", "module", "script", "service",
		"windows registry key", "windows registry key value", "network connection", "ip", "port", "pipe",
		"logon session", "user account", "scheduled job", "driver", "wmi object", "firewall rule", "image"}
	g.verbs = []string{"created", "modified", "deleted", "accessed", "executed", "loaded", "connected to",
		"requested access to", "terminated", "renamed"}
	g.tactics = []string{"reconnaissance", "initial-access", "execution", "persistence", "privilege-escalation",
		"defense-evasion", "credential-access", "discovery", "lateral-movement", "collection",
		"command-and-control", "exfiltration", "impact"}
	g.platforms = []string{"Windows", "Linux", "macOS", "Azure AD", "Office 365", "SaaS", "IaaS", "Network", "Containers"}
	tables := []string{"DeviceProcessEvents", "DeviceFileEvents", "DeviceRegistryEvents", "DeviceNetworkEvents",
		"DeviceImageLoadEvents", "DeviceLogonEvents", "DeviceEvents"}
	// Well-known Security event numbers come first, so that lookups such
	// as "4688 in Security" work on synthetic files too.
	known := []int{4688, 4624, 4625, 4656, 4663, 4657, 4697, 4698, 4720, 4738, 4768, 4769, 4776, 5136, 5140, 5145, 5156}
	for i := 0; i < 160; i++ {
		var e event
		switch r := g.rng.IntN(10); {
		case r < 4: // Security auditing
			id := 4600 + g.rng.IntN(1100)
			if len(known) > 0 {
				id, known = known[0], known[1:]
			}
			e = event{id: strconv.Itoa(id), isInt: true, category: title(g.word(2)) + " " + title(g.word(1)),
				sub: title(g.word(2)), channel: "Security", provider: "Microsoft-Windows-Security-Auditing"}
		case r < 7: // Sysmon
			e = event{id: strconv.Itoa(1 + g.rng.IntN(28)), isInt: true, category: title(g.word(3)), sub: "",
				channel: "Microsoft-Windows-Sysmon/Operational", provider: "Microsoft-Windows-Sysmon"}
		default: // Defender tables, string ids
			t := tables[g.rng.IntN(len(tables))]
			e = event{id: t, name: t, category: "~", sub: "", channel: "~", provider: "Windows Defender Advanced Threat Protection"}
			if g.rng.IntN(2) == 0 {
				e.filter = title(g.word(2)) + "Created"
			}
		}
		if e.name == "" {
			e.name = g.sentence(3 + g.rng.IntN(4))
			if g.rng.IntN(8) == 0 { // long names, which PyYAML wraps
				e.name = g.sentence(14 + g.rng.IntN(10))
				if g.rng.IntN(3) == 0 { // long and non-ASCII: double-quoted and wrapped
					e.name = "Événement: " + e.name
				}
			}
		}
		g.events = append(g.events, e)
	}
	sources := []string{"process", "file", "command", "network traffic", "windows registry", "module", "script",
		"service", "logon session", "user account", "scheduled job", "driver", "active directory", "firmware", "instance"}
	for i := 0; i < 110; i++ {
		c := component{source: sources[zipf(g.rng, len(sources))], name: g.word(2) + " " + g.word(1)}
		if g.rng.IntN(12) != 0 { // about one component in twelve has no event
			for r := 1 + g.rng.IntN(3); r > 0; r-- {
				rel := relation{source: g.elements[g.rng.IntN(4)], verb: g.verbs[g.rng.IntN(len(g.verbs))],
					target: g.elements[g.rng.IntN(len(g.elements))]}
				for e := 1 + g.rng.IntN(4); e > 0; e-- {
					rel.events = append(rel.events, g.rng.IntN(len(g.events)))
				}
				c.rels = append(c.rels, rel)
			}
		}
		g.comps = append(g.comps, c)
	}
}

// zipf picks an index in [0,n) favouring small ones, as real component
// popularity does.
func zipf(r *rand.Rand, n int) int {
	x := r.Float64()
	return int(float64(n) * x * x * x)
}

// title capitalises the first letter of each word (ASCII words only).
func title(s string) string {
	b := []byte(s)
	for i := range b {
		if (i == 0 || b[i-1] == ' ') && 'a' <= b[i] && b[i] <= 'z' {
			b[i] -= 'a' - 'A'
		}
	}
	return string(b)
}

func (g *gen) sentence(words int) string {
	w := make([]string, words)
	for i := range w {
		w[i] = g.word(1 + g.rng.IntN(3))
	}
	w[0] = title(w[0])
	return strings.Join(w, " ") + "."
}

func (g *gen) technique() {
	g.techniques++
	parent := 1000 + g.techniques/3
	id := fmt.Sprintf("T%d", parent)
	sub := g.techniques%3 != 0
	if sub {
		id = fmt.Sprintf("T%d.%03d", parent, g.techniques%3)
	}
	name := title(g.word(2)) + " " + title(g.word(2))
	switch g.rng.IntN(20) {
	case 0:
		name += " Doppelgänger" // non-ASCII: PyYAML writes it double-quoted with \xE4
	case 1:
		name = "/etc/" + g.word(2) + " and \"" + g.word(1) + "\"" // quotes inside
	}
	var tactics, platforms []string
	for i := 1 + g.rng.IntN(3); i > 0; i-- {
		tactics = append(tactics, g.tactics[g.rng.IntN(len(g.tactics))])
	}
	for i := 1 + g.rng.IntN(3); i > 0; i-- {
		platforms = append(platforms, g.platforms[zipf(g.rng, len(g.platforms))])
	}
	head := techniqueHead{id: id, sub: sub, name: name, tactics: tactics, platforms: platforms}
	if g.rng.IntN(60) == 0 { // techniques with no data component at all
		g.record(&head, nil, nil, -1)
		return
	}
	for n := 1 + g.rng.IntN(6); n > 0 && g.written < g.o.Records; n-- {
		c := &g.comps[zipf(g.rng, len(g.comps))]
		if len(c.rels) == 0 {
			g.record(&head, c, nil, -1)
			continue
		}
		for i := range c.rels {
			for _, e := range c.rels[i].events {
				g.record(&head, c, &c.rels[i], e)
			}
		}
	}
}

type techniqueHead struct {
	id, name           string
	sub                bool
	tactics, platforms []string
}

// record writes one record, and sometimes its exact duplicate.
func (g *gen) record(t *techniqueHead, c *component, rel *relation, ev int) {
	if g.written >= g.o.Records {
		return
	}
	b := g.buf[:0]
	v22 := g.o.Schema == "2022"
	b = append(b, "- technique_id: "...)
	b = append(b, t.id...)
	if v22 {
		b = append(b, "\n  is_subtechnique: "...)
	} else {
		b = append(b, "\n  x_mitre_is_subtechnique: "...)
	}
	b = strconv.AppendBool(b, t.sub)
	b = field(b, "technique", t.name)
	b = list(b, "tactic", t.tactics)
	b = list(b, "platform", t.platforms)
	if c == nil {
		b = field(b, "data_source", "")
		b = field(b, "data_component", "")
	} else {
		b = field(b, "data_source", c.source)
		b = field(b, "data_component", c.name)
	}
	if v22 {
		if rel == nil {
			b = field(b, "relationship_id", "")
		} else {
			b = field(b, "relationship_id", fmt.Sprintf("REL-2022-%04d", len(rel.verb)*100+len(rel.target)))
		}
	}
	if rel == nil {
		for _, k := range []string{"name", "source", "relationship", "target", "event_id", "event_name", "event_platform", "audit_category", "audit_sub_category"} {
			b = field(b, k, "")
		}
		b = g.tail(b, v22, nil)
	} else {
		e := &g.events[ev]
		b = field(b, "name", title(rel.source)+" "+rel.verb+" "+title(rel.target))
		b = field(b, "source", rel.source)
		b = field(b, "relationship", rel.verb)
		b = field(b, "target", rel.target)
		switch {
		case e.isInt && v22: // the 2022 file quotes event numbers
			b = append(b, "\n  event_id: '"...)
			b = append(b, e.id...)
			b = append(b, '\'')
		case e.isInt:
			b = append(b, "\n  event_id: "...)
			b = append(b, e.id...)
		default:
			b = field(b, "event_id", e.id)
		}
		b = field(b, "event_name", e.name)
		if v22 {
			b = field(b, "event_platform", "windows")
		} else {
			b = field(b, "event_platform", "Windows")
		}
		b = field(b, "audit_category", e.category)
		b = field(b, "audit_sub_category", e.sub)
		b = g.tail(b, v22, e)
	}
	b = append(b, '\n')
	g.buf = b
	g.w.Write(b)
	g.written++
	if g.written < g.o.Records && g.rng.Float64() < g.o.DuplicateRate {
		g.w.Write(b)
		g.written++
	}
}

func (g *gen) tail(b []byte, v22 bool, e *event) []byte {
	ch, pr, flt := "", "", ""
	if e != nil {
		ch, pr, flt = e.channel, e.provider, e.filter
	}
	if v22 {
		b = field(b, "channel", ch)
		if pr == "Windows Defender Advanced Threat Protection" {
			pr = "Microsoft Defender for Endpoint"
		}
		b = field(b, "log_source", pr)
		if flt == "" {
			return field(b, "filter_in", "")
		}
		b = append(b, "\n  filter_in:\n  - ActionType: "...)
		return append(b, flt...)
	}
	b = field(b, "log_channel", ch)
	return field(b, "log_provider", pr)
}

func list(b []byte, key string, items []string) []byte {
	b = append(b, "\n  "...)
	b = append(b, key...)
	b = append(b, ':')
	for _, it := range items {
		b = append(b, "\n  - "...)
		b = appendScalar(b, it, 4)
	}
	return b
}

// field appends "\n  key: value"; "" is written .nan and "~" null.
func field(b []byte, key, v string) []byte {
	b = append(b, "\n  "...)
	b = append(b, key...)
	b = append(b, ": "...)
	switch v {
	case "":
		return append(b, ".nan"...)
	case "~":
		return append(b, "null"...)
	}
	return appendScalar(b, v, len(key)+4)
}
