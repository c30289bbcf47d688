package main

import (
	"fmt"
	"sort"
)

func Keys[K comparable, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}

func Count[K comparable](xs []K) map[K]int {
	n := map[K]int{}
	for _, x := range xs {
		n[x]++
	}
	return n
}

func main() {
	ks := Keys(map[string]int{"Sysmon": 1, "Security": 2, "PowerShell": 3})
	sort.Strings(ks)
	fmt.Println(ks)
	fmt.Println(Count([]int{10, 1, 10, 4688, 1, 10}))
}
