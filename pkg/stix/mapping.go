package stix

import (
	"strings"

	"github.com/huntbook/huntbook/pkg/ossem"
)

// Columns a bundle's mapping has beyond the 2022 schema's.
const (
	// ColStrategy is the detection strategy of a row (DET0363).
	ColStrategy = "detection_strategy"
	// ColLogChannel is the log source channel as ATT&CK writes it
	// ("EventCode=13, 14"), from which event_id was parsed.
	ColLogChannel = "log_source_channel"
)

// Schema is the schema label of the bundle's mapping: "ATT&CK Enterprise
// v18.1 (STIX 2.0)", "ATT&CK Enterprise v17.1, inferred (STIX 2.0)". It
// starts with ossem.SchemaATTACKPrefix, so the mapping uses the 2022
// schema's column names.
func (b *Bundle) Schema() ossem.Schema {
	v := "v" + b.Release.Version
	if b.Release.Version == "" {
		v = "newer than v" + b.Release.After
	}
	if b.Release.How != Stated {
		v += ", " + string(b.Release.How)
	}
	spec := "STIX"
	if b.SpecVersion != "" {
		spec += " " + b.SpecVersion
	}
	return ossem.Schema(ossem.SchemaATTACKPrefix + domainName(b.Domain) + v + " (" + spec + ")")
}

// Mapping returns the bundle as huntbook's mapping, so that every command,
// notebook and report reads it as it reads OSSEM-DM. Live techniques only,
// by ID; each gives rows by the newest model the bundle has for it:
//
//	v18 and later   one row per technique × detection strategy × analytic ×
//	                log source reference × event: data_source is the log
//	                source name (WinEventLog:Sysmon; v18 has no data sources),
//	                data_component the component, name the analytic (AN1030),
//	                detection_strategy the strategy (DET0363), event_platform
//	                the analytic's platform, event_id, channel and log_source
//	                (the provider) the event (see ParseEvents), and
//	                log_source_channel the channel as ATT&CK writes it
//	v10 to v17      one row per technique × data component that detects it:
//	                data_source and data_component, no event
//	before v10      one row per technique × x_mitre_data_sources entry
//	                ("Process: Process Creation"), no event
//
// A technique for which the bundle has none of these has one row with
// only the technique. Missing values are NaN.
func (b *Bundle) Mapping() *ossem.Mapping {
	m := &ossem.Mapping{Schema: b.Schema(), Source: b.Source, SHA256: b.SHA256, Size: b.Size}
	m.Records = make([]ossem.Record, 0, b.rowsAbout())
	events := map[LogSource][]Event{} // many analytics cite the same log source
	var extras bool
	for _, t := range b.Techniques {
		if !t.Live() || t.ID == "" {
			continue
		}
		base := ossem.Record{TechniqueID: t.ID, IsSubtechnique: t.Sub, Technique: t.Name,
			Tactic: t.Tactics, Platform: t.Platforms}
		for _, f := range []ossem.Field{ossem.DataSource, ossem.DataComponent, ossem.RelationshipID, ossem.Name,
			ossem.Source, ossem.Relationship, ossem.Target, ossem.EventID, ossem.EventName, ossem.EventPlatform,
			ossem.AuditCategory, ossem.AuditSubCategory, ossem.Channel, ossem.Provider, ossem.FilterIn} {
			base.SetState(f, ossem.NaN)
		}
		n := len(m.Records)
		b.strategyRows(m, t, base, events)
		if len(m.Records) > n {
			extras = true
			continue
		}
		for _, c := range t.Components {
			if !c.Live() {
				continue
			}
			r := base
			if c.DataSource != nil {
				setStr(&r, ossem.DataSource, c.DataSource.Name)
			}
			setStr(&r, ossem.DataComponent, c.Name)
			m.Records = append(m.Records, r)
		}
		if len(m.Records) > n {
			continue
		}
		if len(b.Detects) == 0 {
			for _, ds := range t.DataSources {
				r := base
				src, comp, ok := strings.Cut(ds, ":")
				setStr(&r, ossem.DataSource, strings.TrimSpace(src))
				if ok {
					setStr(&r, ossem.DataComponent, strings.TrimSpace(comp))
				}
				m.Records = append(m.Records, r)
			}
		}
		if len(m.Records) == n {
			m.Records = append(m.Records, base)
		}
	}
	for _, f := range ossem.Fields {
		m.Keys = append(m.Keys, f.Key(ossem.Schema2022))
	}
	if extras {
		m.Keys = append(m.Keys, ColStrategy, ColLogChannel)
	}
	return m
}

// rowsAbout is about how many rows Mapping makes (a log source with
// several events makes more), so that the rows are not copied as the list
// grows: v18.1 makes 4,717 rows of 376 bytes.
func (b *Bundle) rowsAbout() int {
	n := 0
	for _, t := range b.Techniques {
		if !t.Live() {
			continue
		}
		n += 1 + len(t.Components) + len(t.DataSources)
		for _, st := range t.Strategies {
			for _, a := range st.Analytics {
				n += len(a.LogSources) + len(a.LogSources)/4
			}
		}
	}
	return n
}

// strategyRows appends t's rows from its detection strategies.
// events holds the events of the log sources seen so far.
func (b *Bundle) strategyRows(m *ossem.Mapping, t *Technique, base ossem.Record, events map[LogSource][]Event) {
	for _, st := range t.Strategies {
		if !st.Live() {
			continue
		}
		row := base
		row.Extra = []ossem.KV{{Key: ColStrategy, Value: st.ID}}
		n := len(m.Records)
		for _, a := range st.Analytics {
			if !a.Live() {
				continue
			}
			ar := row
			setStr(&ar, ossem.Name, a.ID)
			if p := platforms(a.Platforms); p != "" {
				setStr(&ar, ossem.EventPlatform, p)
			}
			na := len(m.Records)
			extra := make([]ossem.KV, 0, 2*len(a.LogSources)) // one array for the log sources' rows
			for _, l := range a.LogSources {
				lr := ar
				setStr(&lr, ossem.DataSource, strings.TrimSpace(l.Name))
				if l.Component != nil {
					setStr(&lr, ossem.DataComponent, l.Component.Name)
				}
				extra = append(extra, row.Extra[0], ossem.KV{Key: ColLogChannel, Value: l.Channel})
				lr.Extra = extra[len(extra)-2 : len(extra) : len(extra)]
				evs, ok := events[l.LogSource]
				if !ok {
					evs = l.Events()
					events[l.LogSource] = evs
				}
				if len(evs) == 0 {
					m.Records = append(m.Records, lr)
					continue
				}
				for _, e := range evs {
					er := lr
					setStr(&er, ossem.EventID, e.ID)
					er.EventIDIsInt = e.Numbered
					if e.Channel != "" {
						setStr(&er, ossem.Channel, e.Channel)
					}
					if e.Provider != "" {
						setStr(&er, ossem.Provider, e.Provider)
					}
					m.Records = append(m.Records, er)
				}
			}
			if len(m.Records) == na {
				m.Records = append(m.Records, ar)
			}
		}
		if len(m.Records) == n {
			m.Records = append(m.Records, row)
		}
	}
}

// platforms joins an analytic's platforms, leaving out "None" (how ATT&CK
// writes no platform).
func platforms(ps []string) string {
	var out []string
	for _, p := range ps {
		if p = strings.TrimSpace(p); p != "" && !strings.EqualFold(p, "None") {
			out = append(out, p)
		}
	}
	return strings.Join(out, ", ")
}

// setStr sets a string field and marks it present.
func setStr(r *ossem.Record, f ossem.Field, v string) {
	r.SetState(f, ossem.Present)
	switch f {
	case ossem.DataSource:
		r.DataSource = v
	case ossem.DataComponent:
		r.DataComponent = v
	case ossem.Name:
		r.Name = v
	case ossem.EventID:
		r.EventID = v
	case ossem.EventPlatform:
		r.EventPlatform = v
	case ossem.Channel:
		r.Channel = v
	case ossem.Provider:
		r.Provider = v
	}
}
