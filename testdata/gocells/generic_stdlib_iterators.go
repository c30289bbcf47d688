package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

func main() {
	for i, v := range slices.Backward([]string{"a", "b", "c"}) {
		fmt.Print(i, v, " ")
	}
	fmt.Println()
	for c := range slices.Chunk([]int{1, 2, 3, 4, 5}, 2) {
		fmt.Print(c, " ")
	}
	fmt.Println()
	counts := map[string]int{"4688": 3, "4624": 1}
	copied := maps.Collect(maps.All(counts))
	fmt.Println(maps.Equal(counts, copied), len(copied))
	maps.Copy(copied, map[string]int{"1": 9})
	maps.DeleteFunc(copied, func(k string, v int) bool { return v == 1 })
	fmt.Println(slices.Sorted(maps.Keys(copied)))
	words := slices.SortedFunc(slices.Values([]string{"b", "C", "a"}), func(a, b string) int {
		return strings.Compare(strings.ToLower(a), strings.ToLower(b))
	})
	fmt.Println(words, slices.AppendSeq([]int{0}, slices.Values([]int{1, 2})))
}
