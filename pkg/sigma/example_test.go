package sigma_test

import (
	"fmt"

	"github.com/huntbook/huntbook/pkg/sigma"
)

func ExampleParse() {
	rule := `title: LSASS access
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID: [4656, 4663]
        ObjectName|endswith: '\lsass.exe'
    condition: selection
tags:
    - attack.credential-access
    - attack.t1003.001
`
	rules, err := sigma.Parse([]byte(rule), "lsass.yml")
	if err != nil {
		fmt.Println(err)
		return
	}
	r := rules[0]
	fmt.Println(r.Title, r.Techniques, r.Tactics, r.EventIDs)
	for _, e := range r.Events() {
		fmt.Println(e)
	}
	// Output:
	// LSASS access [T1003.001] [credential-access] [4656 4663]
	// Security 4656
	// Security 4663
}

func ExampleLogSource_Events() {
	for _, ls := range []sigma.LogSource{
		{Product: "windows", Category: "process_creation"},
		{Product: "windows", Service: "sysmon"},
		{Product: "linux", Category: "process_creation"},
	} {
		fmt.Println(ls, ls.Events())
	}
	// Output:
	// windows/process_creation [Microsoft-Windows-Sysmon/Operational 1 Security 4688]
	// windows/service:sysmon [Microsoft-Windows-Sysmon/Operational]
	// linux/process_creation []
}
