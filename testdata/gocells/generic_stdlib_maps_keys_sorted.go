package main

import (
	"fmt"
	"maps"
	"slices"
)

func main() {
	m := map[string]int{"b": 1, "a": 2}
	fmt.Println(slices.Sorted(maps.Keys(m)))
}
