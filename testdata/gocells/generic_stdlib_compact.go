package main

import (
	"fmt"
	"slices"
)

func main() {
	fmt.Println(slices.Compact([]int{1, 1, 2}))
}
