package inventory_test

import (
	"fmt"
	"os"

	"github.com/huntbook/huntbook/pkg/inventory"
)

func ExampleParse() {
	inv, err := inventory.Parse([]byte(`name: Lab
events:
  - channel: Security
    event_id: [4624, 4688]
  - table: DeviceProcessEvents
`), "lab.yaml", inventory.YAML)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range inv.Entries {
		fmt.Printf("line %d: %s\n", e.Line, e)
	}
	fmt.Println(inv.Matches("Security", "Microsoft-Windows-Security-Auditing", "4688"))
	fmt.Println(inv.Matches("", "Microsoft Defender for Endpoint", "DeviceProcessEvents"))
	// Output:
	// line 3: Security 4624
	// line 3: Security 4688
	// line 5: DeviceProcessEvents
	// true
	// true
}

func ExampleParse_error() {
	_, err := inventory.Parse([]byte("- channel: Security\n  eventid: 4688\n"), "lab.yaml", inventory.YAML)
	fmt.Println(err)
	// Output:
	// inventory: lab.yaml:2:3: unknown key: "eventid"; an event has channel, provider, event_id, table, note, partial, reason and partial_for
}

func ExampleWrite() {
	inv := &inventory.Inventory{Name: "lab", Entries: []inventory.Entry{
		{Channel: "Security", EventID: "4688", Partial: true, PartialFor: []string{"command execution"},
			Reason: "without the command line"},
		{Table: "DeviceProcessEvents"},
	}}
	if err := inventory.Write(os.Stdout, inv, "written by an example"); err != nil {
		fmt.Println(err)
	}
	// Output:
	// # written by an example
	// name: lab
	// events:
	//   - channel: Security
	//     event_id: 4688
	//     partial: true
	//     partial_for: [command execution]
	//     reason: without the command line
	//   - table: DeviceProcessEvents
}
