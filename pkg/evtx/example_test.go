package evtx_test

import (
	"bytes"
	"context"
	"fmt"

	"github.com/huntbook/huntbook/pkg/evtx"
	"github.com/huntbook/huntbook/pkg/evtx/evtxtest"
)

func ExampleNewReader() {
	data := evtxtest.Write(
		evtxtest.Event{Channel: "Security", Provider: "Microsoft-Windows-Security-Auditing", Computer: "dc1",
			EventID: 4624, Data: []evtxtest.Field{{Name: "TargetUserName", Value: "alice"}, {Name: "LogonType", Value: "3"}}},
		evtxtest.Event{Channel: "Windows PowerShell", Provider: "PowerShell", Computer: "ws7",
			EventID: 400, Data: []evtxtest.Field{{Value: "Available"}, {Value: "HostApplication=powershell -enc ..."}}},
	)
	f, err := evtx.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		fmt.Println(err)
		return
	}
	for ev, err := range f.Events(context.Background()) {
		if err != nil {
			fmt.Println(err)
			return
		}
		user, _ := ev.Field("TargetUserName")
		chn, _ := ev.Field("Channel")
		fmt.Printf("%s %d %q %v\n", chn, ev.EventID, user, ev.Data)
	}
	fmt.Printf("%+v\n", f.Stats())
	// Output:
	// Security 4624 "alice" [{TargetUserName alice} {LogonType 3}]
	// Windows PowerShell 400 "" [{Data[1] Available} {Data[2] HostApplication=powershell -enc ...}]
	// {Chunks:1 ChunksUnused:0 ChunksSkipped:0 Records:2 RecordsSkipped:0 HeaderChecksumBad:false Problems:[]}
}
