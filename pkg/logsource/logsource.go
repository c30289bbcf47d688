package logsource

import (
	"strings"
)

// Log is one event log as huntbook knows it.
type Log struct {
	// Channel is the Windows event log channel ("Security",
	// "Microsoft-Windows-Sysmon/Operational"); "" for a log without one
	// (the Defender for Endpoint tables).
	Channel string
	// Provider is the provider that writes the log's events
	// ("Microsoft-Windows-Security-Auditing").
	Provider string
	// Aliases are other names for the same log: ATT&CK log-source names
	// ("WinEventLog:Sysmon"), older provider names. Sigma's service names
	// ("sysmon") are not aliases: Sigma's own table resolves them. Channel and Provider are names of the log too.
	Aliases []string
}

// Name is the log's display name: its channel, or its provider when it has
// no channel.
func (l Log) Name() string {
	if l.Channel != "" {
		return l.Channel
	}
	return l.Provider
}

// Logs is the table of known logs: the channel and provider names as
// Windows and OSSEM-DM (2021 and 2022) write them, and the ATT&CK v18 names
// (x_mitre_log_source_references) that are not "WinEventLog:" followed by
// the channel. Any "WinEventLog:NAME" that is not an alias denotes the
// channel NAME.
var Logs = []Log{
	{Channel: "Security", Provider: "Microsoft-Windows-Security-Auditing"},
	{Channel: "Microsoft-Windows-Sysmon/Operational", Provider: "Microsoft-Windows-Sysmon",
		Aliases: []string{"WinEventLog:Sysmon"}},
	{Channel: "System"},
	{Channel: "Application"},
	{Channel: "Microsoft-Windows-PowerShell/Operational", Provider: "Microsoft-Windows-PowerShell",
		Aliases: []string{"WinEventLog:PowerShell"}},
	{Channel: "Windows PowerShell", Provider: "PowerShell"},
	{Channel: "PowerShellCore/Operational", Provider: "PowerShellCore"},
	{Channel: "Microsoft-Windows-Windows Firewall With Advanced Security/Firewall",
		Provider: "Microsoft-Windows-Windows Firewall With Advanced Security"},
	{Channel: "Microsoft-Windows-WMI-Activity/Operational", Provider: "Microsoft-Windows-WMI-Activity"},
	{Channel: "Microsoft-Windows-TaskScheduler/Operational", Provider: "Microsoft-Windows-TaskScheduler"},
	{Channel: "Microsoft-Windows-Windows Defender/Operational", Provider: "Microsoft-Windows-Windows Defender"},
	{Channel: "Microsoft-Windows-DNS-Client/Operational", Provider: "Microsoft-Windows-DNS-Client"},
	{Channel: "DNS Server", Provider: "Microsoft-Windows-DNS-Server-Service"},
	{Channel: "Microsoft-Windows-Bits-Client/Operational", Provider: "Microsoft-Windows-Bits-Client"},
	{Channel: "Microsoft-Windows-CodeIntegrity/Operational", Provider: "Microsoft-Windows-CodeIntegrity"},
	{Channel: "Microsoft-Windows-NTLM/Operational", Provider: "Microsoft-Windows-NTLM"},
	{Channel: "Microsoft-Windows-TerminalServices-LocalSessionManager/Operational",
		Provider: "Microsoft-Windows-TerminalServices-LocalSessionManager"},
	{Channel: "Microsoft-Windows-LDAP-Client/Debug", Provider: "Microsoft-Windows-LDAP-Client"},
	{Channel: "Microsoft-Windows-PrintService/Admin", Provider: "Microsoft-Windows-PrintService"},
	{Channel: "Microsoft-Windows-SMBClient/Security", Provider: "Microsoft-Windows-SMBClient"},
	{Channel: "Microsoft-Windows-WinRM/Operational", Provider: "Microsoft-Windows-WinRM"},
	{Provider: "Microsoft Defender for Endpoint",
		Aliases: []string{"Windows Defender Advanced Threat Protection"}},
}

var byName = func() map[string]int {
	m := make(map[string]int)
	add := func(name string, i int) {
		if k := fold(name); k != "" {
			if _, dup := m[k]; !dup {
				m[k] = i
			}
		}
	}
	for i, l := range Logs {
		add(l.Channel, i)
	}
	for i, l := range Logs {
		add(l.Provider, i)
		for _, a := range l.Aliases {
			add(a, i)
		}
	}
	return m
}()

func fold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Lookup returns the known log that name denotes: a channel, a provider or
// an alias, in any case.
func Lookup(name string) (Log, bool) {
	i, ok := index(name)
	if !ok {
		return Log{}, false
	}
	return Logs[i], true
}

// winEventLog is the prefix of ATT&CK's names for Windows channels.
const winEventLog = "wineventlog:"

// index finds the known log name denotes, by name, alias, or
// "WinEventLog:" and a known channel.
func index(name string) (int, bool) {
	k := fold(name)
	if i, ok := byName[k]; ok {
		return i, true
	}
	if rest, ok := strings.CutPrefix(k, winEventLog); ok {
		i, ok := byName[strings.TrimSpace(rest)]
		return i, ok
	}
	return 0, false
}

// Same reports whether a and b name the same log: both resolve to one
// known log, or they are equal without regard to case and surrounding
// space.
func Same(a, b string) bool { return logKey(a) == logKey(b) }

// EqualFold reports whether a and b are equal without regard to case and
// surrounding space: how huntbook compares names that are not logs
// (event ids, table names, technique names).
func EqualFold(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// logKey is a log name's identity: the index of its known log, or the
// folded name.
func logKey(name string) string {
	if i, ok := index(name); ok {
		return "\x00" + Logs[i].Name()
	}
	k := fold(name)
	if rest, ok := strings.CutPrefix(k, winEventLog); ok {
		return strings.TrimSpace(rest)
	}
	return k
}

// Event is a security event's identity: its id (a number, a Defender table
// name, a CloudTrail event name) in a channel and/or from a provider.
// Channel and Provider are "" when not known.
type Event struct {
	Channel  string
	Provider string
	ID       string
}

// Key is an Event's identity for maps: two events with equal keys are the
// same event. Channel and provider names are resolved through the table,
// so "WinEventLog:Sysmon" 10 and "Microsoft-Windows-Sysmon/Operational" 10
// have one key.
type Key struct{ Log, ID string }

// Key returns e's identity. The log is the channel's when e has a channel,
// else the provider's.
func (e Event) Key() Key {
	log := e.Channel
	if strings.TrimSpace(log) == "" {
		log = e.Provider
	}
	return Key{Log: logKey(log), ID: fold(e.ID)}
}

// Matches reports whether e is an event that q asks for: the same id, and
// where q names a channel or a provider, the same log. A q channel matches
// e's channel, or e's provider when e has no channel; likewise a provider.
func (e Event) Matches(q Event) bool {
	if !EqualFold(e.ID, q.ID) {
		return false
	}
	return matchLog(e, q.Channel) && matchLog(e, q.Provider)
}

func matchLog(e Event, name string) bool {
	if strings.TrimSpace(name) == "" {
		return true
	}
	if strings.TrimSpace(e.Channel) != "" && Same(e.Channel, name) {
		return true
	}
	return strings.TrimSpace(e.Provider) != "" && Same(e.Provider, name)
}

// String names the event the way huntbook prints events: its channel (or
// else its provider, for a numbered event) and its id: "Security 4688",
// "Microsoft-Windows-Sysmon/Operational 10". An event named rather than
// numbered and without a channel (a Defender table) is its id alone; an
// event without an id (every event of a log, as Sigma services mean it)
// is its log alone: "Security".
func (e Event) String() string {
	src := strings.TrimSpace(e.Channel)
	id := strings.TrimSpace(e.ID)
	if src == "" && (isNumber(id) || id == "") {
		src = strings.TrimSpace(e.Provider)
	}
	if src == "" || id == "" {
		return src + id
	}
	return src + " " + id
}

func isNumber(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
