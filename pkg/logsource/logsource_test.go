package logsource

import "testing"

func TestLookup(t *testing.T) {
	tests := []struct {
		name    string
		channel string
		ok      bool
	}{
		{"WinEventLog:Sysmon", "Microsoft-Windows-Sysmon/Operational", true},
		{"  microsoft-windows-sysmon ", "Microsoft-Windows-Sysmon/Operational", true},
		{"wineventlog:security", "Security", true},
		{"Microsoft-Windows-Security-Auditing", "Security", true},
		{"WinEventLog:Microsoft-Windows-WMI-Activity/Operational", "Microsoft-Windows-WMI-Activity/Operational", true},
		{"WinEventLog:PowerShell", "Microsoft-Windows-PowerShell/Operational", true},
		{"Windows Defender Advanced Threat Protection", "", true},
		{"sysmon", "", false}, // Sysmon for Linux in the 2022 mapping; Sigma's service is resolved by Sigma's table
		{"auditd:SYSCALL", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		l, ok := Lookup(tt.name)
		if ok != tt.ok || l.Channel != tt.channel {
			t.Errorf("Lookup(%q) = %q, %v; want %q, %v", tt.name, l.Channel, ok, tt.channel, tt.ok)
		}
	}
}

func TestKeyAndMatches(t *testing.T) {
	sysmon := Event{Channel: "Microsoft-Windows-Sysmon/Operational", Provider: "Microsoft-Windows-Sysmon", ID: "10"}
	same := []Event{
		{Channel: "WinEventLog:Sysmon", ID: "10"},
		{Provider: "microsoft-windows-sysmon", ID: " 10 "},
		{Channel: "MICROSOFT-WINDOWS-SYSMON/OPERATIONAL", ID: "10"},
	}
	for _, e := range same {
		if e.Key() != sysmon.Key() {
			t.Errorf("%+v.Key() = %v, want %v", e, e.Key(), sysmon.Key())
		}
		if !sysmon.Matches(e) {
			t.Errorf("%+v does not match %+v", sysmon, e)
		}
	}
	different := []Event{
		{Channel: "Security", ID: "10"},
		{Provider: "sysmon", ID: "10"}, // Linux
		{Channel: "Microsoft-Windows-Sysmon/Operational", ID: "1"},
	}
	for _, e := range different {
		if e.Key() == sysmon.Key() || sysmon.Matches(e) {
			t.Errorf("%+v is taken for %+v", e, sysmon)
		}
	}
	// An unknown channel is its own log, by its name.
	a := Event{Channel: "WinEventLog:Microsoft-Windows-Foo/Operational", ID: "7"}
	b := Event{Channel: "microsoft-windows-foo/operational", ID: "7"}
	if a.Key() != b.Key() || !a.Matches(b) {
		t.Errorf("unknown channels: %v vs %v", a.Key(), b.Key())
	}
	// A query without channel or provider matches any log.
	if !sysmon.Matches(Event{ID: "10"}) {
		t.Error("id-only query does not match")
	}
	// A table is matched by name.
	mde := Event{Provider: "Microsoft Defender for Endpoint", ID: "DeviceProcessEvents"}
	if !mde.Matches(Event{Provider: "Windows Defender Advanced Threat Protection", ID: "deviceprocessevents"}) {
		t.Error("Defender's two provider names differ")
	}
}

func TestString(t *testing.T) {
	for e, want := range map[Event]string{
		{Channel: "Security", ID: "4688"}:                                        "Security 4688",
		{Provider: "Microsoft-Windows-Sysmon", ID: "1"}:                          "Microsoft-Windows-Sysmon 1",
		{Provider: "Microsoft Defender for Endpoint", ID: "DeviceProcessEvents"}: "DeviceProcessEvents",
		{Channel: "Security"}:                                                    "Security",
		{Provider: "Microsoft-Windows-Kernel-File"}:                              "Microsoft-Windows-Kernel-File",
	} {
		if got := e.String(); got != want {
			t.Errorf("%+v.String() = %q, want %q", e, got, want)
		}
	}
}
