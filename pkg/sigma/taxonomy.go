package sigma

import (
	"strings"

	"github.com/huntbook/huntbook/pkg/logsource"
)

// Taxon is one row of the log source taxonomy: a Windows log source as a
// Sigma rule names it (a category or a service, product windows) and the
// events it denotes. An Event with an ID is that event; one without an ID
// is every event of its channel (services) or provider (ETW sources).
type Taxon struct {
	Category string // "process_creation"; "" for a service
	Service  string // "security"; "" for a category
	Events   []logsource.Event
	// Note says where a row departs from or adds to the appendix.
	Note string
}

// Key is how the taxon is written in a rule: "category:process_creation",
// "service:security".
func (t Taxon) Key() string {
	if t.Category != "" {
		return "category:" + t.Category
	}
	return "service:" + t.Service
}

// Taxonomy version and source. The table is the Windows part of the Sigma
// specification's taxonomy appendix ("Sigma Taxonomy Appendix", version
// 2.1.0 of 2025-08-02, specification/sigma-appendix-taxonomy.md in
// github.com/SigmaHQ/sigma-specification, public domain), section "Windows
// Folder": categories with their Sysmon, PowerShell or ETW event, and
// services with their channels. Security 4688 as a second source of
// process_creation comes from SigmaHQ's log source guide
// rules-documentation/logsource-guides/windows/category/process_creation.md
// (github.com/SigmaHQ/sigma), which lists both.
const (
	TaxonomyVersion = "2.1.0"
	TaxonomySource  = "Sigma specification, appendix Taxonomy v2.1.0 (github.com/SigmaHQ/sigma-specification, specification/sigma-appendix-taxonomy.md), Windows folder; Security 4688 for process_creation from SigmaHQ's logsource guide"
)

const (
	chSysmon   = "Microsoft-Windows-Sysmon/Operational"
	pvSysmon   = "Microsoft-Windows-Sysmon"
	chSecurity = "Security"
	pvSecurity = "Microsoft-Windows-Security-Auditing"
	chPS       = "Microsoft-Windows-PowerShell/Operational"
	pvPS       = "Microsoft-Windows-PowerShell"
	chPSCore   = "PowerShellCore/Operational"
	pvPSCore   = "PowerShellCore"
	chPSClass  = "Windows PowerShell"
	pvPSClass  = "PowerShell"
)

func sysmon(ids ...string) []logsource.Event {
	out := make([]logsource.Event, len(ids))
	for i, id := range ids {
		out[i] = logsource.Event{Channel: chSysmon, Provider: pvSysmon, ID: id}
	}
	return out
}

func channels(names ...string) []logsource.Event {
	out := make([]logsource.Event, len(names))
	for i, n := range names {
		out[i] = logsource.Event{Channel: n}
		if l, ok := logsource.Lookup(n); ok {
			out[i].Provider = l.Provider
		}
	}
	return out
}

// Taxonomy is the table, categories first (in the appendix's order), then
// services.
var Taxonomy = []Taxon{
	{Category: "process_creation", Events: append(sysmon("1"), logsource.Event{Channel: chSecurity, Provider: pvSecurity, ID: "4688"}),
		Note: "Security 4688 from SigmaHQ's process_creation logsource guide; the appendix lists Sysmon 1"},
	{Category: "file_change", Events: sysmon("2")},
	{Category: "network_connection", Events: sysmon("3")},
	{Category: "sysmon_status", Events: sysmon("4", "16")},
	{Category: "process_termination", Events: sysmon("5")},
	{Category: "driver_load", Events: sysmon("6")},
	{Category: "image_load", Events: sysmon("7")},
	{Category: "create_remote_thread", Events: sysmon("8")},
	{Category: "raw_access_thread", Events: sysmon("9")},
	{Category: "process_access", Events: sysmon("10")},
	{Category: "file_event", Events: sysmon("11")},
	{Category: "registry_event", Events: sysmon("12", "13", "14")},
	{Category: "registry_add", Events: sysmon("12")},
	{Category: "registry_delete", Events: sysmon("12")},
	{Category: "registry_set", Events: sysmon("13")},
	{Category: "registry_rename", Events: sysmon("14")},
	{Category: "create_stream_hash", Events: sysmon("15")},
	{Category: "pipe_created", Events: sysmon("17", "18")},
	{Category: "wmi_event", Events: sysmon("19", "20", "21")},
	{Category: "dns_query", Events: sysmon("22")},
	{Category: "file_delete", Events: sysmon("23")},
	{Category: "clipboard_capture", Events: sysmon("24")},
	{Category: "process_tampering", Events: sysmon("25")},
	{Category: "file_delete_detected", Events: sysmon("26")},
	{Category: "file_block_executable", Events: sysmon("27")},
	{Category: "file_block_shredding", Events: sysmon("28")},
	{Category: "file_executable_detected", Events: sysmon("29")},
	{Category: "sysmon_error", Events: sysmon("255")},
	{Category: "file_access", Events: []logsource.Event{{Provider: "Microsoft-Windows-Kernel-File"}},
		Note: "an ETW provider, not an event log channel"},
	{Category: "ps_classic_start", Events: []logsource.Event{{Channel: chPSClass, Provider: pvPSClass, ID: "400"}}},
	{Category: "ps_classic_provider_start", Events: []logsource.Event{{Channel: chPSClass, Provider: pvPSClass, ID: "600"}}},
	{Category: "ps_classic_script", Events: []logsource.Event{{Channel: chPSClass, Provider: pvPSClass, ID: "800"}}},
	{Category: "ps_module", Events: []logsource.Event{{Channel: chPS, Provider: pvPS, ID: "4103"}, {Channel: chPSCore, Provider: pvPSCore, ID: "4103"}}},
	{Category: "ps_script", Events: []logsource.Event{{Channel: chPS, Provider: pvPS, ID: "4104"}, {Channel: chPSCore, Provider: pvPSCore, ID: "4104"}}},
	{Category: "file_rename", Events: []logsource.Event{{Provider: "Microsoft-Windows-Kernel-File"}},
		Note: "an ETW provider, not an event log channel"},

	{Service: "application", Events: channels("Application")},
	{Service: "application-experience", Events: channels("Microsoft-Windows-Application-Experience/Program-Telemetry", "Microsoft-Windows-Application-Experience/Program-Compatibility-Assistant")},
	{Service: "applocker", Events: channels("Microsoft-Windows-AppLocker/MSI and Script", "Microsoft-Windows-AppLocker/EXE and DLL",
		"Microsoft-Windows-AppLocker/Packaged app-Deployment", "Microsoft-Windows-AppLocker/Packaged app-Execution")},
	{Service: "appmodel-runtime", Events: channels("Microsoft-Windows-AppModel-Runtime/Admin")},
	{Service: "appxdeployment-server", Events: channels("Microsoft-Windows-AppXDeploymentServer/Operational")},
	{Service: "appxpackaging-om", Events: channels("Microsoft-Windows-AppxPackaging/Operational")},
	{Service: "bitlocker", Events: channels("Microsoft-Windows-BitLocker/BitLocker Management")},
	{Service: "bits-client", Events: channels("Microsoft-Windows-Bits-Client/Operational")},
	{Service: "capi2", Events: channels("Microsoft-Windows-CAPI2/Operational")},
	{Service: "certificateservicesclient-lifecycle-system", Events: channels("Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational")},
	{Service: "codeintegrity-operational", Events: channels("Microsoft-Windows-CodeIntegrity/Operational")},
	{Service: "dhcp", Events: channels("Microsoft-Windows-DHCP-Server/Operational")},
	{Service: "diagnosis-scripted", Events: channels("Microsoft-Windows-Diagnosis-Scripted/Operational")},
	{Service: "dns-client", Events: channels("Microsoft-Windows-DNS-Client/Operational"),
		Note: `the appendix writes the log's display name "Microsoft-Windows-DNS Client Events/Operational"; the channel is Microsoft-Windows-DNS-Client/Operational`},
	{Service: "dns-server", Events: channels("DNS Server")},
	{Service: "dns-server-analytic", Events: channels("Microsoft-Windows-DNS-Server/Analytical")},
	{Service: "dns-server-audit", Events: channels("Microsoft-Windows-DNS-Server/Audit")},
	{Service: "driver-framework", Events: channels("Microsoft-Windows-DriverFrameworks-UserMode/Operational")},
	{Service: "firewall-as", Events: channels("Microsoft-Windows-Windows Firewall With Advanced Security/Firewall")},
	{Service: "hyper-v-worker", Events: channels("Microsoft-Windows-Hyper-V-Worker")},
	{Service: "iis-configuration", Events: channels("Microsoft-IIS-Configuration/Operational")},
	{Service: "kernel-event-tracing", Events: channels("Microsoft-Windows-Kernel-EventTracing")},
	{Service: "kernel-shimengine", Events: channels("Microsoft-Windows-Kernel-ShimEngine/Operational", "Microsoft-Windows-Kernel-ShimEngine/Diagnostic"),
		Note: `the appendix writes the second channel "WinEventLog:Microsoft-Windows-Kernel-ShimEngine/Diagnostic"`},
	{Service: "ldap", Events: channels("Microsoft-Windows-LDAP-Client/Debug")},
	{Service: "lsa-server", Events: channels("Microsoft-Windows-LSA/Operational")},
	{Service: "msexchange-management", Events: channels("MSExchange Management")},
	{Service: "ntfs", Events: channels("Microsoft-Windows-Ntfs/Operational")},
	{Service: "ntlm", Events: channels("Microsoft-Windows-NTLM/Operational")},
	{Service: "openssh", Events: channels("OpenSSH/Operational")},
	{Service: "powershell", Events: channels(chPS)},
	{Service: "powershell-classic", Events: channels(chPSClass)},
	{Service: "printservice-admin", Events: channels("Microsoft-Windows-PrintService/Admin")},
	{Service: "printservice-operational", Events: channels("Microsoft-Windows-PrintService/Operational")},
	{Service: "security", Events: channels(chSecurity)},
	{Service: "security-mitigations", Events: channels("Microsoft-Windows-Security-Mitigations/Kernel Mode", "Microsoft-Windows-Security-Mitigations/User Mode")},
	{Service: "sense", Events: channels("Microsoft-Windows-SENSE/Operational")},
	{Service: "servicebus-client", Events: channels("Microsoft-ServiceBus-Client/Operational", "Microsoft-ServiceBus-Client/Admin")},
	{Service: "microsoft-servicebus-client", Events: channels("Microsoft-ServiceBus-Client/Operational", "Microsoft-ServiceBus-Client/Admin"),
		Note: "the name of servicebus-client in appendix 1.3 and in SigmaHQ rules"},
	{Service: "shell-core", Events: channels("Microsoft-Windows-Shell-Core/Operational")},
	{Service: "smbclient-security", Events: channels("Microsoft-Windows-SmbClient/Security")},
	{Service: "smbserver-connectivity", Events: channels("Microsoft-Windows-SMBServer/Connectivity"),
		Note: "not in the appendix; the SMB server's connectivity channel, which SigmaHQ's rule for this service reads (EventID 4000)"},
	{Service: "sysmon", Events: channels(chSysmon)},
	{Service: "system", Events: channels("System")},
	{Service: "taskscheduler", Events: channels("Microsoft-Windows-TaskScheduler/Operational")},
	{Service: "terminalservices-localsessionmanager", Events: channels("Microsoft-Windows-TerminalServices-LocalSessionManager/Operational")},
	{Service: "vhdmp", Events: channels("Microsoft-Windows-VHDMP/Operational")},
	{Service: "windefend", Events: channels("Microsoft-Windows-Windows Defender/Operational")},
	{Service: "wmi", Events: channels("Microsoft-Windows-WMI-Activity/Operational")},
}

var byCategory, byService = func() (map[string]int, map[string]int) {
	c, s := map[string]int{}, map[string]int{}
	for i, t := range Taxonomy {
		if t.Category != "" {
			c[t.Category] = i
		} else {
			s[t.Service] = i
		}
	}
	return c, s
}()

// Taxon returns the taxonomy row a log source names: its category's when
// it has a known one, else its service's. Only product windows (or no
// product) is in the table.
func (ls LogSource) Taxon() (Taxon, bool) {
	p := strings.ToLower(strings.TrimSpace(ls.Product))
	if p != "" && p != "windows" {
		return Taxon{}, false
	}
	if i, ok := byCategory[strings.ToLower(strings.TrimSpace(ls.Category))]; ok {
		return Taxonomy[i], true
	}
	if i, ok := byService[strings.ToLower(strings.TrimSpace(ls.Service))]; ok {
		return Taxonomy[i], true
	}
	return Taxon{}, false
}

// Events returns the Windows events the log source denotes, per Taxonomy:
// category process_creation → Sysmon 1 and Security 4688; service
// security → the Security channel, any event (ID ""); nil when the table
// does not know it (another product, an unknown category or service, no
// log source). The slice is the caller's.
func (ls LogSource) Events() []logsource.Event {
	t, ok := ls.Taxon()
	if !ok {
		return nil
	}
	return append([]logsource.Event(nil), t.Events...)
}

// Events returns the events the rule can match: its log source's, narrowed
// by the EventIDs its detection names. A log source that denotes whole
// channels (a service) gives one event per named id in each channel, or
// the channels (ID "") when the detection names none by equality; a
// category that denotes several ids (registry_event: Sysmon 12, 13, 14)
// keeps those the detection names, or all of them when it names none of
// them.
func (r Rule) Events() []logsource.Event {
	base := r.LogSource.Events()
	if len(base) == 0 || len(r.EventIDs) == 0 {
		return base
	}
	var out []logsource.Event
	var named []logsource.Event
	for _, e := range base {
		if e.ID == "" {
			for _, id := range r.EventIDs {
				x := e
				x.ID = id
				out = append(out, x)
			}
			continue
		}
		for _, id := range r.EventIDs {
			if logsource.EqualFold(id, e.ID) {
				named = append(named, e)
				break
			}
		}
	}
	if len(out) > 0 {
		return append(out, named...)
	}
	if len(named) > 0 {
		return named
	}
	return base
}
