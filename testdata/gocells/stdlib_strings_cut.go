package main

import (
	"fmt"
	"strings"
)

func main() {
	after, ok := strings.CutPrefix("WinEventLog:Security", "WinEventLog:")
	before, _, found := strings.Cut("key=value", "=")
	fmt.Println(after, ok, before, found)
	rest, ok := strings.CutSuffix("file.evtx", ".evtx")
	fmt.Println(rest, ok)
}
