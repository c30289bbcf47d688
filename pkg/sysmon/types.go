package sysmon

// EventType is one Sysmon event type as a configuration names it: the
// element under EventFiltering (ProcessCreate) and the event IDs it filters.
type EventType struct {
	// Element is the configuration element's name ("RegistryEvent").
	Element string `json:"element"`
	// IDs are the event IDs the element filters (12, 13, 14).
	IDs []int `json:"ids"`
	// Title is what Sysmon calls the event ("Registry event").
	Title string `json:"title"`
	// Default says whether Sysmon logs the event type when the
	// configuration does not mention it; DefaultSource says where that is
	// stated.
	Default       bool   `json:"default"`
	DefaultSource string `json:"default_source"`
}

// Sources of the defaults in EventTypes.
const (
	// srcManifest: the schema manifest Sysmon prints with -s marks the
	// event with ruledefault="include" (logged when no rule filters it);
	// the events it gives no ruledefault, or ruledefault="exclude", are
	// not logged until a configuration names them. Read in a manifest of
	// schema 4.2, the last in which huntbook could read every default.
	srcManifestOn  = `sysmon -s manifest (schema 4.2): ruledefault="include"`
	srcManifestOff = `sysmon -s manifest (schema 4.2): no ruledefault="include"`
	// srcDocs: learn.microsoft.com/sysinternals/downloads/sysmon, "Event
	// ID 3: Network connection ... It is disabled by default"; "Event ID
	// 7: Image loaded ... This event is disabled by default and needs to
	// be configured with the -l option".
	srcDocsOff = "learn.microsoft.com/sysinternals/downloads/sysmon: \"disabled by default\""
	// srcAssumed: event types newer than the manifest read; huntbook
	// assumes they are off, so that it never claims coverage no rule asks
	// for.
	srcAssumed = "newer than schema 4.2: assumed off until configured"
)

// EventTypes is every filterable event type of schema 4.90, in event ID
// order. Events 4 (service state changed), 16 (configuration change) and
// 255 (error) cannot be filtered and are always logged: see AlwaysLogged.
var EventTypes = []EventType{
	{"ProcessCreate", []int{1}, "Process creation", true, srcManifestOn},
	{"FileCreateTime", []int{2}, "A process changed a file creation time", true, srcManifestOn},
	{"NetworkConnect", []int{3}, "Network connection", false, srcDocsOff},
	{"ProcessTerminate", []int{5}, "Process terminated", true, srcManifestOn},
	{"DriverLoad", []int{6}, "Driver loaded", true, srcManifestOn},
	{"ImageLoad", []int{7}, "Image loaded", false, srcDocsOff},
	{"CreateRemoteThread", []int{8}, "CreateRemoteThread", false, srcManifestOff},
	{"RawAccessRead", []int{9}, "RawAccessRead", false, srcManifestOff},
	{"ProcessAccess", []int{10}, "ProcessAccess", false, srcManifestOff},
	{"FileCreate", []int{11}, "FileCreate", true, srcManifestOn},
	{"RegistryEvent", []int{12, 13, 14}, "Registry object create and delete, value set, key and value rename", true, srcManifestOn},
	{"FileCreateStreamHash", []int{15}, "FileCreateStreamHash", true, srcManifestOn},
	{"PipeEvent", []int{17, 18}, "Pipe created, pipe connected", false, srcManifestOff},
	{"WmiEvent", []int{19, 20, 21}, "WmiEventFilter, WmiEventConsumer, WmiEventConsumerToFilter activity", false, srcManifestOff},
	{"DnsQuery", []int{22}, "DNS query", false, srcAssumed},
	{"FileDelete", []int{23}, "FileDelete (file delete archived)", false, srcAssumed},
	{"ClipboardChange", []int{24}, "ClipboardChange", false, srcAssumed},
	{"ProcessTampering", []int{25}, "ProcessTampering (process image change)", false, srcAssumed},
	{"FileDeleteDetected", []int{26}, "FileDeleteDetected (file delete logged)", false, srcAssumed},
	{"FileBlockExecutable", []int{27}, "FileBlockExecutable", false, srcAssumed},
	{"FileBlockShredding", []int{28}, "FileBlockShredding", false, srcAssumed},
	{"FileExecutableDetected", []int{29}, "FileExecutableDetected", false, srcAssumed},
}

// AlwaysLogged are the event IDs no configuration filters: 4 Sysmon
// service state changed, 16 configuration change, 255 error.
var AlwaysLogged = []int{4, 16, 255}

// Channel and Provider are the Windows log Sysmon writes to.
const (
	Channel  = "Microsoft-Windows-Sysmon/Operational"
	Provider = "Microsoft-Windows-Sysmon"
)

// SchemaVersion is the newest schema version huntbook knows.
const SchemaVersion = "4.90"

// TypeOf returns the event type whose element filters the event ID.
func TypeOf(id int) (EventType, bool) {
	for _, t := range EventTypes {
		for _, i := range t.IDs {
			if i == id {
				return t, true
			}
		}
	}
	return EventType{}, false
}

func typeByElement(name string) (EventType, bool) {
	for _, t := range EventTypes {
		if t.Element == name {
			return t, true
		}
	}
	return EventType{}, false
}

// knownOptions are the configuration entries outside EventFiltering that
// huntbook reads and keeps (Sysmon's -s manifest lists them as options).
var knownOptions = []string{
	"HashAlgorithms", "CheckRevocation", "DnsLookup", "ArchiveDirectory", "CaptureClipboard",
	"CopyOnDeletePE", "CopyOnDeleteSIDs", "CopyOnDeleteExtensions", "CopyOnDeleteProcesses",
	"FieldSizes", "DriverName", "ProcessAccessConfig", "PipeMonitoringConfig", "ImageLoad",
	"NetworkConnect",
}
