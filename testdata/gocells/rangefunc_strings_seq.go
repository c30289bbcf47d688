package main

import (
	"fmt"
	"strings"
)

func main() {
	for part := range strings.SplitSeq("a,b,c", ",") {
		fmt.Print("[", part, "]")
	}
	for line := range strings.Lines("x\ny\n") {
		fmt.Printf("%q", line)
	}
	fmt.Println()
}
