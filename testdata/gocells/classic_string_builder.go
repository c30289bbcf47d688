package main

import (
	"fmt"
	"strings"
)

func main() {
	var b strings.Builder
	for i := 0; i < 3; i++ {
		fmt.Fprintf(&b, "%d;", i)
	}
	fmt.Println(b.String(), strings.Repeat("ab", 3), strings.Fields(" a  b c "), strings.Split("a,b", ","))
}
