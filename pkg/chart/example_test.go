package chart_test

import (
	"fmt"
	"strings"

	"github.com/huntbook/huntbook/pkg/chart"
	"github.com/huntbook/huntbook/pkg/frame"
)

func ExampleNewBar() {
	b, err := chart.NewBar("Count of sub-techniques per Data Source (Top 3)",
		[]string{"process", "file", "command"}, []float64{176, 173, 155})
	if err != nil {
		fmt.Println(err)
		return
	}
	svg := b.SVG()
	fmt.Println(strings.Contains(svg, "<title>Count of sub-techniques per Data Source (Top 3)</title>"))
	fmt.Println(len(b.PNG()) > 0)
	// Output:
	// true
	// true
}

func ExampleFromSeries() {
	sub := frame.New([]string{"technique_id", "data_source"}, [][]any{
		{"T1003.001", "process"}, {"T1003.001", "command"}, {"T1055.001", "process"},
	})
	top := sub.ValueCounts("data_source").NLargest(15)
	b, err := chart.FromSeries("Count of sub-techniques per Data Source (Top 15)", top)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(b.Labels, b.Values)
	// Output:
	// [process command] [2 1]
}
