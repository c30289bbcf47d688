package observed_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/huntbook/huntbook/pkg/evtx/evtxtest"
	"github.com/huntbook/huntbook/pkg/observed"
)

func writeSample() string {
	dir, _ := os.MkdirTemp("", "observed")
	data := evtxtest.Write(
		evtxtest.Event{Channel: "Security", Provider: "Microsoft-Windows-Security-Auditing", Computer: "fs1", EventID: 5145,
			Data: []evtxtest.Field{{Name: "ShareName", Value: `\\*\IPC$`}, {Name: "RelativeTargetName", Value: "svcctl"}}},
		evtxtest.Event{Channel: "Security", Provider: "Microsoft-Windows-Security-Auditing", Computer: "fs1", EventID: 5145,
			Data: []evtxtest.Field{{Name: "ShareName", Value: `\\*\C$`}, {Name: "RelativeTargetName", Value: `Windows\x.exe`}}},
		evtxtest.Event{Channel: "System", Provider: "Service Control Manager", Computer: "fs1", EventID: 7045},
	)
	os.MkdirAll(filepath.Join(dir, "Lateral Movement"), 0o755)
	os.WriteFile(filepath.Join(dir, "Lateral Movement", "psexec.evtx"), data, 0o644)
	return dir
}

func ExampleSummarize() {
	dir := writeSample()
	defer os.RemoveAll(dir)
	s, err := observed.Summarize(context.Background(), dir)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Records, "records from", s.First.Format("2006-01-02 15:04:05"), "to", s.Last.Format("15:04:05"))
	for _, e := range s.Events {
		fmt.Println(e.Channel, e.EventID, e.Count)
	}
	// Output:
	// 3 records from 2024-01-01 00:00:00 to 00:00:02
	// Security 5145 2
	// System 7045 1
}

func ExampleEvents() {
	dir := writeSample()
	defer os.RemoveAll(dir)
	df, err := observed.Events(context.Background(), dir)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(df.Eq(observed.ColEventID, int64(5145)).ValueCounts("ShareName"))
	// Output:
	// \\*\IPC$    1
	// \\*\C$      1
	// Name: ShareName, Length: 2
}
