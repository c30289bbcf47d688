// want-error: slices.Compact is not in the tables of package slices: it is generic
package main

import (
	"fmt"
	"slices"
)

func main() {
	fmt.Println(slices.Compact([]int{1, 1, 2}))
}
