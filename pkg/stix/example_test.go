package stix_test

import (
	"fmt"

	"github.com/huntbook/huntbook/pkg/stix"
)

func ExampleParseEvents() {
	for _, e := range stix.ParseEvents("WinEventLog:Security", "EventCode=4663, 4670, 4656") {
		fmt.Println(e.Channel, e.Provider, e.ID)
	}
	fmt.Println(stix.ParseEvents("WinEventLog:Sysmon", "EventCode=10"))
	fmt.Println(stix.ParseEvents("auditd:SYSCALL", "execve"))
	fmt.Println(len(stix.ParseEvents("Internet Scan", "None")))
	// Output:
	// Security Microsoft-Windows-Security-Auditing 4663
	// Security Microsoft-Windows-Security-Auditing 4670
	// Security Microsoft-Windows-Security-Auditing 4656
	// [{10 true Microsoft-Windows-Sysmon/Operational Microsoft-Windows-Sysmon}]
	// [{execve false auditd:SYSCALL }]
	// 0
}

func ExampleParse() {
	b, err := stix.Parse([]byte(`{"type": "bundle", "id": "bundle--1", "objects": [
	  {"type": "x-mitre-collection", "id": "x-mitre-collection--1", "x_mitre_version": "18.1"},
	  {"type": "attack-pattern", "id": "attack-pattern--1", "name": "Data Compressed", "revoked": true,
	   "external_references": [{"source_name": "mitre-attack", "external_id": "T1002"}]},
	  {"type": "attack-pattern", "id": "attack-pattern--2", "name": "Archive Collected Data",
	   "external_references": [{"source_name": "mitre-attack", "external_id": "T1560"}]},
	  {"type": "relationship", "id": "relationship--1", "relationship_type": "revoked-by",
	   "source_ref": "attack-pattern--1", "target_ref": "attack-pattern--2"}]}`), "bundle.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	t := b.Technique("T1002")
	fmt.Println(b.Label(), "|", t.ID, t.Name, "live:", t.Live(), "| replaced by", t.Replacement().ID)
	_, err = stix.Parse([]byte(`{"type": "bundle", "objects": [{"type": "relationship", "id": "relationship--1",
	  "relationship_type": "detects", "source_ref": "x-mitre-detection-strategy--1", "target_ref": "attack-pattern--1"}]}`), "bad.json")
	fmt.Println(err)
	// Output:
	// ATT&CK v18.1 | T1002 Data Compressed live: false | replaced by T1560
	// stix: bad.json:1:32: object relationship--1: field "source_ref": dangling reference: x-mitre-detection-strategy--1 is not in the bundle
}
