//go:build ignore

// gendemo writes demo.yaml, huntbook's embedded teaching subset of the
// OSSEM-DM mapping, from the compact tables below. Run it with go generate.
// The tables are written for teaching: a few dozen well-known techniques,
// the events commonly used to observe them, and deliberate gaps.
package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"
)

type event struct {
	id                                     string // a number or a Defender table name
	name, category, sub, channel, provider string // "" is written as .nan; "~" as null
}

const (
	sec    = "Security"
	secP   = "Microsoft-Windows-Security-Auditing"
	sysCh  = "Microsoft-Windows-Sysmon/Operational"
	sysP   = "Microsoft-Windows-Sysmon"
	psCh   = "Microsoft-Windows-PowerShell/Operational"
	psP    = "Microsoft-Windows-PowerShell"
	mdeP   = "Windows Defender Advanced Threat Protection"
	system = "System"
)

func mde(table string) event { return event{table, table, "~", "", "~", mdeP} }

var ev = map[string]event{
	"4688": {"4688", "A new process has been created.", "Detailed Tracking", "Process Creation", sec, secP},
	"4689": {"4689", "A process has exited.", "Detailed Tracking", "Process Termination", sec, secP},
	"4656": {"4656", "A handle to an object was requested.", "Object Access", "Kernel Object", sec, secP},
	"4663": {"4663", "An attempt was made to access an object.", "Object Access", "File System", sec, secP},
	"4657": {"4657", "A registry value was modified.", "Object Access", "Registry", sec, secP},
	"4624": {"4624", "An account was successfully logged on.", "Logon/Logoff", "Logon", sec, secP},
	"4648": {"4648", "A logon was attempted using explicit credentials.", "Logon/Logoff", "Logon", sec, secP},
	"4625": {"4625", "An account failed to log on.", "Logon/Logoff", "Logon", sec, secP},
	"4768": {"4768", "A Kerberos authentication ticket (TGT) was requested.", "Account Logon", "Kerberos Authentication Service", sec, secP},
	"4769": {"4769", "A Kerberos service ticket was requested.", "Account Logon", "Kerberos Service Ticket Operations", sec, secP},
	"4776": {"4776", "The computer attempted to validate the credentials for an account.", "Account Logon", "Credential Validation", sec, secP},
	"4697": {"4697", "A service was installed in the system.", "System", "Security System Extension", sec, secP},
	"4698": {"4698", "A scheduled task was created.", "Object Access", "Other Object Access Events", sec, secP},
	"4720": {"4720", "A user account was created.", "Account Management", "User Account Management", sec, secP},
	"4738": {"4738", "A user account was changed.", "Account Management", "User Account Management", sec, secP},
	"4732": {"4732", "A member was added to a security-enabled local group.", "Account Management", "Security Group Management", sec, secP},
	"5136": {"5136", "A directory service object was modified.", "DS Access", "Directory Service Changes", sec, secP},
	"5140": {"5140", "A network share object was accessed.", "Object Access", "File Share", sec, secP},
	"5145": {"5145", "A network share object was checked to see whether client can be granted desired access.", "Object Access", "Detailed File Share", sec, secP},
	"5156": {"5156", "The Windows Filtering Platform has permitted a connection.", "Object Access", "Filtering Platform Connection", sec, secP},
	"4946": {"4946", "A change has been made to Windows Firewall exception list. A rule was added.", "Policy Change", "MPSSVC Rule-Level Policy Change", sec, secP},
	"1102": {"1102", "The audit log was cleared.", "Log Clear", "", sec, "Microsoft-Windows-Eventlog"},
	"7045": {"7045", "A new service was installed in the system.", "~", "", system, "Service Control Manager"},
	"4103": {"4103", "Module logging.", "~", "", psCh, psP},
	"4104": {"4104", "Script block logging.", "~", "", psCh, psP},
	"1":    {"1", "Process Creation.", "ProcessCreate", "", sysCh, sysP},
	"2":    {"2", "A process changed a file creation time.", "FileCreateTime", "", sysCh, sysP},
	"3":    {"3", "Network connection.", "NetworkConnect", "", sysCh, sysP},
	"5":    {"5", "Process terminated.", "ProcessTerminate", "", sysCh, sysP},
	"6":    {"6", "Driver loaded.", "DriverLoad", "", sysCh, sysP},
	"7":    {"7", "Image loaded.", "ImageLoad", "", sysCh, sysP},
	"8":    {"8", "CreateRemoteThread.", "CreateRemoteThread", "", sysCh, sysP},
	"10":   {"10", "ProcessAccess.", "ProcessAccess", "", sysCh, sysP},
	"11":   {"11", "FileCreate.", "FileCreate", "", sysCh, sysP},
	"12":   {"12", "RegistryEvent (Object create and delete).", "RegistryEvent", "", sysCh, sysP},
	"13":   {"13", "RegistryEvent (Value Set).", "RegistryEvent", "", sysCh, sysP},
	"17":   {"17", "PipeEvent (Pipe Created).", "PipeEvent", "", sysCh, sysP},
	"19":   {"19", "WmiEvent (WmiEventFilter activity detected).", "WmiEvent", "", sysCh, sysP},
	"22":   {"22", "DNSEvent (DNS query).", "DnsQuery", "", sysCh, sysP},
	"23":   {"23", "FileDelete (File Delete archived).", "FileDelete", "", sysCh, sysP},
}

type rel struct {
	source, verb, target string
	events               []string // keys of ev, or Defender table names
}

type component struct {
	source string // the data source
	rels   []rel
}

var mdeTables = map[string]bool{}

func init() {
	for _, t := range []string{"DeviceProcessEvents", "DeviceFileEvents", "DeviceRegistryEvents", "DeviceNetworkEvents",
		"DeviceImageLoadEvents", "DeviceLogonEvents", "DeviceEvents"} {
		mdeTables[t] = true
		ev[t] = mde(t)
	}
}

// components maps a data component to its data source and relationships.
// A component with no relationships is a gap: no event is mapped to it.
var components = map[string]component{
	"process creation": {"process", []rel{
		{"process", "created", "process", []string{"4688", "1", "DeviceProcessEvents"}},
		{"process", "created", "thread", []string{"8"}},
		{"user", "created", "process", []string{"4688", "1", "DeviceProcessEvents"}},
	}},
	"process access": {"process", []rel{
		{"process", "accessed", "process", []string{"10"}},
		{"process", "requested access to", "process", []string{"4656"}},
	}},
	"command execution": {"command", []rel{
		{"process", "executed", "command", []string{"4688", "1", "4103", "DeviceProcessEvents"}},
		{"user", "executed", "command", []string{"4688", "1", "4103", "DeviceProcessEvents"}},
	}},
	"os api execution":    {"process", nil},
	"process termination": {"process", []rel{{"process", "terminated", "process", []string{"4689", "5"}}}},
	"script execution":    {"script", []rel{{"process", "executed", "script", []string{"4104"}}}},
	"module load":         {"module", []rel{{"process", "loaded", "module", []string{"7", "DeviceImageLoadEvents"}}}},
	"file creation":       {"file", []rel{{"process", "created", "file", []string{"11", "DeviceFileEvents"}}}},
	"file modification":   {"file", []rel{{"process", "modified", "file", []string{"2", "4663", "DeviceFileEvents"}}}},
	"file deletion":       {"file", []rel{{"process", "deleted", "file", []string{"23", "4663", "DeviceFileEvents"}}}},
	"file access":         {"file", []rel{{"process", "accessed", "file", []string{"4663"}}}},
	"network connection creation": {"network traffic", []rel{
		{"process", "connected to", "ip", []string{"3", "5156", "DeviceNetworkEvents"}},
	}},
	"network traffic content": {"network traffic", nil},
	"network traffic flow":    {"network traffic", []rel{{"ip", "connected to", "ip", []string{"5156"}}}},
	"windows registry key modification": {"windows registry", []rel{
		{"process", "modified", "windows registry key", []string{"13", "4657", "DeviceRegistryEvents"}},
		{"user", "modified", "windows registry key", []string{"13", "4657"}},
	}},
	"windows registry key creation": {"windows registry", []rel{
		{"process", "created", "windows registry key", []string{"12", "DeviceRegistryEvents"}},
	}},
	"service creation": {"service", []rel{
		{"process", "created", "service", []string{"4697", "7045"}},
		{"user", "created", "service", []string{"4697"}},
	}},
	"scheduled job creation": {"scheduled job", []rel{{"user", "created", "scheduled job", []string{"4698", "DeviceEvents"}}}},
	"logon session creation": {"logon session", []rel{
		{"user", "created", "logon session", []string{"4624", "4648", "DeviceLogonEvents"}},
	}},
	"user account authentication": {"user account", []rel{
		{"user", "authenticated to", "user account", []string{"4776", "4768", "4625"}},
		{"user", "requested", "kerberos ticket", []string{"4769"}},
	}},
	"user account creation":     {"user account", []rel{{"user", "created", "user account", []string{"4720"}}}},
	"user account modification": {"user account", []rel{{"user", "modified", "user account", []string{"4738", "4732"}}}},
	"active directory object modification": {"active directory", []rel{
		{"user", "modified", "active directory object", []string{"5136"}},
	}},
	"network share access":       {"network share", []rel{{"user", "accessed", "network share", []string{"5140", "5145"}}}},
	"driver load":                {"driver", []rel{{"process", "loaded", "driver", []string{"6"}}}},
	"named pipe metadata":        {"named pipe", []rel{{"process", "created", "pipe", []string{"17"}}}},
	"wmi creation":               {"wmi", []rel{{"user", "created", "wmi object", []string{"19"}}}},
	"firewall rule modification": {"firewall", []rel{{"user", "modified", "firewall rule", []string{"4946"}}}},
	"host status":                {"sensor health", []rel{{"user", "cleared", "event log", []string{"1102"}}}},
	"response content":           {"internet scan", nil},
	"dns resolution":             {"network traffic", []rel{{"process", "resolved", "domain name", []string{"22"}}}},
	"firmware modification":      {"firmware", nil},
}

type technique struct {
	id, name  string
	tactics   []string
	platforms []string
	comps     []string
}

var win = []string{"Windows"}
var winLinMac = []string{"Linux", "macOS", "Windows"}

var techniques = []technique{
	{"T1003.001", "LSASS Memory", []string{"credential-access"}, win, []string{"process creation", "process access", "command execution", "os api execution"}},
	{"T1003.002", "Security Account Manager", []string{"credential-access"}, win, []string{"command execution", "file access", "windows registry key modification"}},
	{"T1003.003", "NTDS", []string{"credential-access"}, win, []string{"command execution", "file access"}},
	{"T1003.006", "DCSync", []string{"credential-access"}, win, []string{"active directory object modification", "network traffic content"}},
	{"T1558.003", "Kerberoasting", []string{"credential-access"}, win, []string{"user account authentication"}},
	{"T1110.003", "Password Spraying", []string{"credential-access"}, []string{"Windows", "Azure AD", "Office 365"}, []string{"user account authentication", "logon session creation"}},
	{"T1059.001", "PowerShell", []string{"execution"}, win, []string{"command execution", "script execution", "module load", "process creation"}},
	{"T1059.003", "Windows Command Shell", []string{"execution"}, win, []string{"command execution", "process creation"}},
	{"T1059.004", "Unix Shell", []string{"execution"}, []string{"Linux", "macOS"}, []string{"command execution", "process creation"}},
	{"T1047", "Windows Management Instrumentation", []string{"execution"}, win, []string{"command execution", "process creation", "network connection creation", "wmi creation"}},
	{"T1053.005", "Scheduled Task", []string{"execution", "persistence", "privilege-escalation"}, win, []string{"command execution", "process creation", "scheduled job creation", "file modification"}},
	{"T1569.002", "Service Execution", []string{"execution"}, win, []string{"command execution", "process creation", "service creation", "windows registry key modification"}},
	{"T1543.003", "Windows Service", []string{"persistence", "privilege-escalation"}, win, []string{"command execution", "process creation", "service creation", "windows registry key creation", "driver load"}},
	{"T1547.001", "Registry Run Keys / Startup Folder", []string{"persistence", "privilege-escalation"}, win, []string{"command execution", "process creation", "file modification", "windows registry key creation", "windows registry key modification"}},
	{"T1546.003", "Windows Management Instrumentation Event Subscription", []string{"persistence", "privilege-escalation"}, win, []string{"command execution", "process creation", "wmi creation"}},
	{"T1136.001", "Local Account", []string{"persistence"}, winLinMac, []string{"command execution", "process creation", "user account creation"}},
	{"T1098", "Account Manipulation", []string{"persistence"}, win, []string{"command execution", "process creation", "user account modification", "active directory object modification"}},
	{"T1055.001", "Dynamic-link Library Injection", []string{"defense-evasion", "privilege-escalation"}, win, []string{"process access", "module load", "os api execution"}},
	{"T1055.012", "Process Hollowing", []string{"defense-evasion", "privilege-escalation"}, win, []string{"process creation", "process access", "os api execution"}},
	{"T1070.001", "Clear Windows Event Logs", []string{"defense-evasion"}, win, []string{"command execution", "process creation", "os api execution", "host status"}},
	{"T1070.004", "File Deletion", []string{"defense-evasion"}, winLinMac, []string{"command execution", "file deletion"}},
	{"T1562.001", "Disable or Modify Tools", []string{"defense-evasion"}, winLinMac, []string{"command execution", "process termination", "service creation", "windows registry key modification"}},
	{"T1562.004", "Disable or Modify System Firewall", []string{"defense-evasion"}, winLinMac, []string{"command execution", "firewall rule modification", "windows registry key modification"}},
	{"T1218.011", "Rundll32", []string{"defense-evasion"}, win, []string{"command execution", "process creation", "module load", "file creation"}},
	{"T1112", "Modify Registry", []string{"defense-evasion"}, win, []string{"command execution", "process creation", "windows registry key creation", "windows registry key modification"}},
	{"T1014", "Rootkit", []string{"defense-evasion"}, winLinMac, []string{"driver load", "firmware modification"}},
	{"T1087.002", "Domain Account", []string{"discovery"}, winLinMac, []string{"command execution", "process creation"}},
	{"T1082", "System Information Discovery", []string{"discovery"}, winLinMac, []string{"command execution", "process creation", "os api execution"}},
	{"T1057", "Process Discovery", []string{"discovery"}, winLinMac, []string{"command execution", "process creation", "os api execution"}},
	{"T1135", "Network Share Discovery", []string{"discovery"}, winLinMac, []string{"command execution", "process creation", "network share access"}},
	{"T1021.001", "Remote Desktop Protocol", []string{"lateral-movement"}, win, []string{"logon session creation", "network connection creation", "process creation"}},
	{"T1021.002", "SMB/Windows Admin Shares", []string{"lateral-movement"}, win, []string{"logon session creation", "network share access", "network traffic flow", "command execution"}},
	{"T1021.006", "Windows Remote Management", []string{"lateral-movement"}, win, []string{"logon session creation", "network connection creation", "process creation", "command execution"}},
	{"T1550.002", "Pass the Hash", []string{"defense-evasion", "lateral-movement"}, win, []string{"logon session creation", "user account authentication"}},
	{"T1071.001", "Web Protocols", []string{"command-and-control"}, winLinMac, []string{"network traffic content", "network traffic flow"}},
	{"T1071.004", "DNS", []string{"command-and-control"}, winLinMac, []string{"network traffic content", "dns resolution"}},
	{"T1105", "Ingress Tool Transfer", []string{"command-and-control"}, winLinMac, []string{"file creation", "network connection creation", "network traffic content"}},
	{"T1572", "Protocol Tunneling", []string{"command-and-control"}, winLinMac, []string{"network connection creation", "network traffic content"}},
	{"T1041", "Exfiltration Over C2 Channel", []string{"exfiltration"}, winLinMac, []string{"command execution", "network traffic content", "network traffic flow"}},
	{"T1048.003", "Exfiltration Over Unencrypted Non-C2 Protocol", []string{"exfiltration"}, winLinMac, []string{"command execution", "network connection creation", "network traffic content"}},
	{"T1486", "Data Encrypted for Impact", []string{"impact"}, winLinMac, []string{"command execution", "file creation", "file modification", "process creation"}},
	{"T1490", "Inhibit System Recovery", []string{"impact"}, winLinMac, []string{"command execution", "process creation", "service creation", "windows registry key modification"}},
	{"T1489", "Service Stop", []string{"impact"}, winLinMac, []string{"command execution", "process creation", "process termination", "service creation"}},
	{"T1595.002", "Vulnerability Scanning", []string{"reconnaissance"}, []string{"PRE"}, []string{"network traffic content", "response content"}},
}

func main() {
	var b bytes.Buffer
	b.WriteString(`# huntbook demo mapping: a TEACHING SUBSET written for huntbook's examples,
# workshop and tests. It follows the OSSEM-DM techniques-to-events layout
# (2021 schema) but is small and hand-picked: it is NOT the OSSEM-DM mapping.
# Components with no mapped event are deliberate gaps to find.
# Generated by gendemo.go (go generate); edit the tables there.
`)
	nan := func(s string) string {
		switch s {
		case "":
			return ".nan"
		case "~":
			return "null"
		}
		if strings.ContainsAny(s, ":#'\"") || s[0] >= '0' && s[0] <= '9' {
			return fmt.Sprintf("%q", s)
		}
		return s
	}
	for _, t := range techniques {
		head := func(src, comp string) {
			fmt.Fprintf(&b, "- technique_id: %s\n  x_mitre_is_subtechnique: %t\n  technique: %s\n", t.id, strings.Contains(t.id, "."), nan(t.name))
			b.WriteString("  tactic:\n")
			for _, x := range t.tactics {
				fmt.Fprintf(&b, "  - %s\n", x)
			}
			b.WriteString("  platform:\n")
			for _, x := range t.platforms {
				fmt.Fprintf(&b, "  - %s\n", x)
			}
			fmt.Fprintf(&b, "  data_source: %s\n  data_component: %s\n", src, comp)
		}
		for _, name := range t.comps {
			c, ok := components[name]
			if !ok {
				panic("unknown component " + name)
			}
			if len(c.rels) == 0 {
				head(c.source, name)
				for _, k := range []string{"name", "source", "relationship", "target", "event_id", "event_name", "event_platform", "audit_category", "audit_sub_category", "log_channel", "log_provider"} {
					fmt.Fprintf(&b, "  %s: .nan\n", k)
				}
				continue
			}
			for _, r := range c.rels {
				for _, id := range r.events {
					e, ok := ev[id]
					if !ok {
						panic("unknown event " + id)
					}
					head(c.source, name)
					fmt.Fprintf(&b, "  name: %s %s %s\n", strings.ToUpper(r.source[:1])+r.source[1:], r.verb, titleWords(r.target))
					fmt.Fprintf(&b, "  source: %s\n  relationship: %s\n  target: %s\n", r.source, r.verb, r.target)
					fmt.Fprintf(&b, "  event_id: %s\n  event_name: %s\n  event_platform: Windows\n", e.id, nan(e.name))
					fmt.Fprintf(&b, "  audit_category: %s\n  audit_sub_category: %s\n  log_channel: %s\n  log_provider: %s\n",
						nan(e.category), nan(e.sub), nan(e.channel), nan(e.provider))
				}
			}
		}
	}
	if err := os.WriteFile("demo.yaml", b.Bytes(), 0o644); err != nil {
		panic(err)
	}
}

func titleWords(s string) string {
	w := strings.Fields(s)
	for i, x := range w {
		w[i] = strings.ToUpper(x[:1]) + x[1:]
	}
	return strings.Join(w, " ")
}
