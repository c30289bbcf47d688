package main

import (
	"fmt"
	"sort"
)

func main() {
	m := map[string]int{"b": 2, "a": 1, "c": 3}
	m["d"] = 4
	delete(m, "b")
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	v, ok := m["zz"]
	fmt.Println(keys, len(m), v, ok)
}
