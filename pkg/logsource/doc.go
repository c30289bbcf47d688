// Package logsource is huntbook's one definition of a security event's
// identity: the log it is written to (a channel and the provider that writes
// it) and its event id, and the table that says which names denote the same
// log.
//
// Every source huntbook reads names logs its own way. OSSEM-DM writes the
// channel and the provider ("Microsoft-Windows-Sysmon/Operational",
// "Microsoft-Windows-Sysmon"); ATT&CK v18 analytics write a log-source name
// ("WinEventLog:Sysmon"), and its data components sometimes lower case
// ("sysmon", "wineventlog:security"); Sigma rules name a service
// ("sysmon", "security"), which its reader resolves to channels; EVTX files carry the channel and
// the provider as the host wrote them; inventories carry whatever their
// author typed. Lookup resolves any of these names to one Log, and
// Event.Key and Event.Matches compare events through that table, so
// `huntbook event 10 --channel Microsoft-Windows-Sysmon/Operational` asks
// the same question of every source.
//
// Names compare without regard to case or surrounding space. A name the
// table does not know is its own log: its key is the name itself, folded
// to lower case, and it matches only itself.
//
//	Lookup("WinEventLog:Sysmon")          Sysmon (Microsoft-Windows-Sysmon/Operational)
//	Lookup("microsoft-windows-sysmon")    Sysmon, by its provider
//	Lookup("Security")                    Security (Microsoft-Windows-Security-Auditing)
//	Lookup("Windows Defender Advanced Threat Protection")
//	                                      Microsoft Defender for Endpoint (the 2021 mapping's name)
//	Lookup("auditd:SYSCALL")              not found: auditd is not a Windows log
//
// The package knows names only; it reads no files and imports nothing of
// huntbook's, so every reader (ossem, stix, sigma, sysmon, evtx, inventory)
// and the analysis (attack) can share it.
package logsource
