package main

import "fmt"

type Key struct {
	Channel string
	ID      int
}

func main() {
	seen := map[Key]int{}
	for _, k := range []Key{{"Security", 4688}, {"Sysmon", 1}, {"Security", 4688}} {
		seen[k]++
	}
	fmt.Println(seen[Key{"Security", 4688}], len(seen), Key{"a", 1} == Key{"a", 1})
}
