package report_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/huntbook/huntbook/pkg/ossem"
	"github.com/huntbook/huntbook/pkg/report"
)

func ExampleNew() {
	m, err := ossem.Demo()
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := report.New(m, report.Options{
		Techniques: []string{"T1003.001"},
		Now:        time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC),
		Version:    "v1.0.0",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	t := r.Techniques[0]
	fmt.Println(t.ID, t.Name, "gaps:", t.Gaps)
	fmt.Println("top data source:", r.TopSources.Index[0])
	var sb strings.Builder
	if err := r.WriteHTML(&sb); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.Contains(sb.String(), "<strong>Demo data.</strong>"))
	// Output:
	// T1003.001 LSASS Memory gaps: [process: os api execution]
	// top data source: process
	// true
}
