package hunt_test

import (
	"fmt"

	"gopkg.in/yaml.v3"

	"github.com/huntbook/huntbook/pkg/hunt"
)

func ExampleCompile() {
	var det map[string]any
	src := `
selection:
  Image|endswith: '\rundll32.exe'
  CommandLine|contains|windash: ' -sta '
filter_system:
  User|contains: ['AUTHORI', 'AUTORI']
condition: selection and not 1 of filter_*
`
	if err := yaml.Unmarshal([]byte(src), &det); err != nil {
		panic(err)
	}
	d, err := hunt.Compile(det)
	if err != nil {
		panic(err)
	}
	fmt.Println(d.Fields())
	fmt.Println(d.Match(hunt.MapEvent{"Image": `C:\Windows\System32\RUNDLL32.EXE`, "CommandLine": "rundll32 /sta x", "User": `CORP\bob`}))
	fmt.Println(d.Match(hunt.MapEvent{"Image": `C:\Windows\System32\rundll32.exe`, "CommandLine": "rundll32 -sta x", "User": `NT AUTHORITY\SYSTEM`}))
	// Output:
	// [CommandLine Image User]
	// true
	// false
}

func ExampleParseCondition() {
	c, err := hunt.ParseCondition("selection and not 1 of filter_* or keywords")
	if err != nil {
		panic(err)
	}
	fmt.Println(hunt.CondString(c))
	_, err = hunt.ParseCondition("selection | count() by IpAddress > 10")
	fmt.Println(err)
	// Output:
	// ((selection) and (not (1 of filter_*))) or (keywords)
	// hunt: unsupported: aggregation: condition "selection | count() by IpAddress > 10" aggregates (| count() by IpAddress > 10): correlations are not run
}
