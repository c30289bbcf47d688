package main

import (
	"cmp"
	"fmt"
)

func Largest[T cmp.Ordered](xs []T) T {
	best := xs[0]
	for _, x := range xs[1:] {
		if cmp.Compare(x, best) > 0 {
			best = x
		}
	}
	return best
}

func main() {
	fmt.Println(Largest([]int{3, 9, 2}), Largest([]string{"b", "c", "a"}), Largest([]float64{1.5, -2}))
}
