package attack_test

import (
	"fmt"

	"github.com/huntbook/huntbook/pkg/attack"
	"github.com/huntbook/huntbook/pkg/inventory"
	"github.com/huntbook/huntbook/pkg/ossem"
)

// What does Sysmon event 10 (process access) give a hunter?
func ExampleEvent() {
	m, _ := ossem.Demo()
	v, err := attack.Event(m, attack.EventQuery{ID: "10", Provider: "Microsoft-Windows-Sysmon"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range v.Techniques {
		fmt.Println(t.ID, t.Name, t.Components, t.Relationships)
	}
	fmt.Println(v.Tactics)
	// Output:
	// T1003.001 LSASS Memory [process: process access] [Process accessed Process]
	// T1055.001 Dynamic-link Library Injection [process: process access] [Process accessed Process]
	// T1055.012 Process Hollowing [process: process access] [Process accessed Process]
	// [{privilege-escalation 2} {defense-evasion 2} {credential-access 1}]
}

// What do process creation events cover, and what should come next?
func ExampleCoverageOf() {
	m, _ := ossem.Demo()
	inv, _ := inventory.Parse([]byte("- channel: Security\n  event_id: 4688\n"), "lab.yaml", inventory.YAML)
	c := attack.CoverageOf(m, inv)
	fmt.Printf("%d techniques: %d covered, %d partial, %d missing, %d unmappable; mean score %.2f\n",
		c.Overall.Techniques, c.Overall.Covered, c.Overall.Partial, c.Overall.Missing, c.Overall.Unmappable, c.Overall.Score)
	for _, r := range c.Next[:3] {
		fmt.Println(r.Event, r.Components, r.New)
	}
	// Output:
	// 44 techniques: 5 covered, 28 partial, 10 missing, 1 unmappable; mean score 0.43
	// DeviceRegistryEvents 10 0
	// Security 5156 9 3
	// DeviceFileEvents 7 0
}
