package main

import "fmt"

func Zero[T any]() T {
	var z T
	return z
}

func Convert[From, To ~int | ~float64](xs []From) []To {
	out := make([]To, len(xs))
	for i, x := range xs {
		out[i] = To(x)
	}
	return out
}

func main() {
	fmt.Printf("%q %v %v\n", Zero[string](), Zero[int](), Zero[*int]() == nil)
	fmt.Println(Convert[int, float64]([]int{1, 2, 3}))
	f := Zero[float64]
	fmt.Println(f())
}
