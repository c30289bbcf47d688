package main

import "fmt"

func Push[T any](dst []T, xs ...T) []T {
	for _, x := range xs {
		dst = append(dst, x)
	}
	return dst
}

func Count[T comparable](want T, xs ...T) (n int) {
	for _, x := range xs {
		if x == want {
			n++
		}
	}
	return n
}

func main() {
	ids := Push([]int{1}, 2, 3)
	more := []int{4, 5}
	fmt.Println(Push(ids, more...), len(Push(ids)))
	fmt.Println(Count("a", "a", "b", "a"), Count(4688, ids...))
}
