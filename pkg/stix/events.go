package stix

import (
	"strings"

	"github.com/huntbook/huntbook/pkg/logsource"
)

// Event is a security event an ATT&CK log source names, with the same
// identity OSSEM-DM gives it: a channel, the provider that writes it, an id.
type Event struct {
	// ID is the event id: "10", "4663", or, for a log source whose channel
	// is not an EventCode list, the channel as ATT&CK writes it
	// ("execve", "ConsoleLogin", "Volume Shadow Copy Creation").
	ID string
	// Numbered is true when ID is a Windows event code.
	Numbered bool
	// Channel is the Windows channel (Microsoft-Windows-Sysmon/Operational,
	// Security), or the log source name as ATT&CK writes it for logs that
	// are not Windows channels (auditd:SYSCALL, AWS:CloudTrail).
	Channel string
	// Provider is the Windows provider, "" when not known.
	Provider string
}

// Log returns the channel and provider a log source name denotes:
// "WinEventLog:Sysmon" is Microsoft-Windows-Sysmon/Operational, written
// by Microsoft-Windows-Sysmon; "WinEventLog:Security" is Security, by
// Microsoft-Windows-Security-Auditing; any other "WinEventLog:NAME" is the
// channel NAME (with its provider when package logsource knows it); a
// name that is not a Windows log ("auditd:SYSCALL", "linux:Sysmon") is
// its own channel, without a provider.
func Log(name string) (channel, provider string) {
	name = strings.TrimSpace(name)
	if l, ok := logsource.Lookup(name); ok {
		if l.Channel != "" {
			return l.Channel, l.Provider
		}
		return name, l.Provider
	}
	if len(name) > len("WinEventLog:") && strings.EqualFold(name[:len("WinEventLog:")], "WinEventLog:") {
		return strings.TrimSpace(name[len("WinEventLog:"):]), ""
	}
	return name, ""
}

// ParseEvents returns the events an ATT&CK log source names (the name and
// channel of an x_mitre_log_source_references or x_mitre_log_sources
// entry). A channel "EventCode=4663, 4670, 4656" names three events, one
// per number outside parentheses ("EventCode=5005 (WLAN), EventCode=302
// (Bluetooth)" names 5005 and 302); any other channel names one event, its
// text; "None" and "" name none.
func ParseEvents(name, channel string) []Event {
	ch := strings.TrimSpace(channel)
	if ch == "" || strings.EqualFold(ch, "None") {
		return nil
	}
	logCh, prov := Log(name)
	if ids := eventCodes(ch); len(ids) > 0 {
		out := make([]Event, len(ids))
		for i, id := range ids {
			out[i] = Event{ID: id, Numbered: true, Channel: logCh, Provider: prov}
		}
		return out
	}
	return []Event{{ID: ch, Channel: logCh, Provider: prov}}
}

// eventCodes returns the numbers of an "EventCode=..." channel, in order,
// without repeats; nil for any other channel.
func eventCodes(ch string) []string {
	const prefix = "eventcode"
	if len(ch) < len(prefix) || !strings.EqualFold(ch[:len(prefix)], prefix) ||
		!strings.HasPrefix(strings.TrimLeft(ch[len(prefix):], " "), "=") {
		return nil
	}
	var out []string
	depth := 0
	for i := 0; i < len(ch); {
		c := ch[i]
		switch {
		case c == '(':
			depth++
		case c == ')':
			if depth > 0 {
				depth--
			}
		case c >= '0' && c <= '9':
			j := i
			for j < len(ch) && ch[j] >= '0' && ch[j] <= '9' {
				j++
			}
			if id := strings.TrimLeft(ch[i:j], "0"); depth == 0 {
				if id == "" {
					id = "0"
				}
				if !contains(out, id) {
					out = append(out, id)
				}
			}
			i = j
			continue
		}
		i++
	}
	return out
}
