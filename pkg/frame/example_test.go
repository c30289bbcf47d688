package frame_test

import (
	"fmt"

	"github.com/huntbook/huntbook/pkg/frame"
)

func ExampleNormalize() {
	records := []any{
		frame.Object{{"technique_id", "T1003.001"}, {"tactic", []any{"credential-access"}}, {"log", frame.Object{{"channel", "Security"}}}},
		frame.Object{{"technique_id", "T1059.001"}, {"event_id", int64(4104)}},
	}
	fmt.Println(frame.Normalize(records))
	// Output:
	//   technique_id               tactic  log.channel  event_id
	// 0     T1003.001  [credential-access]     Security       NaN
	// 1     T1059.001                  NaN          NaN      4104
}

func ExampleFrame_ValueCounts() {
	f := frame.New([]string{"data_source"}, [][]any{{"process"}, {"file"}, {"process"}, {nil}, {"command"}, {"file"}})
	fmt.Println(f.ValueCounts("data_source"))
	// Output:
	// process    2
	// file       2
	// command    1
	// Name: data_source, Length: 3
}

func ExampleFrame_DropDuplicates() {
	f := frame.New([]string{"technique_id", "data_component"}, [][]any{
		{"T1003.001", "process creation"},
		{"T1003.001", "process creation"},
		{"T1003.001", "process access"},
	})
	fmt.Println(f.DropDuplicates())
	// Output:
	//   technique_id    data_component
	// 0     T1003.001  process creation
	// 2     T1003.001    process access
}
