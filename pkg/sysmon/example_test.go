package sysmon_test

import (
	"fmt"

	"github.com/huntbook/huntbook/pkg/sysmon"
)

func ExampleParse() {
	c, err := sysmon.Parse([]byte(`<Sysmon schemaversion="4.90">
  <EventFiltering>
    <RuleGroup groupRelation="or">
      <ProcessAccess onmatch="include">
        <TargetImage condition="end with">lsass.exe</TargetImage>
      </ProcessAccess>
    </RuleGroup>
    <ProcessCreate onmatch="exclude"/>
    <ImageLoad onmatch="include"/>
  </EventFiltering>
</Sysmon>`), "lab.xml")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, id := range []int{1, 7, 10, 3} {
		e, _ := c.Event(id)
		fmt.Printf("%d %s: %s, %s\n", id, e.Element, e.State, e.Reason)
	}
	// Output:
	// 1 ProcessCreate: full, exclude with no rules: Sysmon logs all
	// 7 ImageLoad: off, include with no rules: Sysmon logs none
	// 10 ProcessAccess: partial, only what 1 include rule selects: TargetImage end with lsass.exe
	// 3 NetworkConnect: off, not in the configuration: Sysmon does not log it by default (learn.microsoft.com/sysinternals/downloads/sysmon: "disabled by default")
}
