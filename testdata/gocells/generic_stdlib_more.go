package main

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
)

type Event struct {
	ID    int
	Count int
}

func main() {
	evs := []Event{{4688, 3}, {1, 9}, {4624, 3}}
	slices.SortFunc(evs, func(a, b Event) int { return cmp.Compare(b.Count, a.Count) })
	fmt.Println(evs[0], slices.IndexFunc(evs, func(e Event) bool { return e.ID == 4624 }))
	slices.SortStableFunc(evs, func(a, b Event) int { return cmp.Compare(a.Count, b.Count) })
	fmt.Println(evs)
	words := strings.Fields("b a c a")
	fmt.Println(slices.Max(words), slices.Min(words), slices.Index(words, "c"), slices.Contains(words, "z"))
	slices.Reverse(words)
	fmt.Println(words, slices.Equal(words, []string{"a", "c", "a", "b"}), slices.IsSorted(words))
	fl := []float64{2, math.NaN(), -1}
	slices.Sort(fl)
	fmt.Println(fl, slices.Max([]float64{1, math.NaN()}), cmp.Compare(math.NaN(), 1), cmp.Less("a", "b"))
	m := map[string]int{"z": 26, "a": 1}
	for k := range maps.Keys(m) {
		_ = k
	}
	vals := slices.Sorted(maps.Values(m))
	c := maps.Clone(m)
	c["b"] = 2
	fmt.Println(vals, len(m), len(c), slices.Collect(slices.Values([]int{7, 8})), slices.Collect(maps.Keys(map[int]bool{})) == nil)
}
