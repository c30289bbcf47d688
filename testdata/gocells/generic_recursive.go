package main

import "fmt"

func Reverse[T any](xs []T) []T {
	if len(xs) == 0 {
		return nil
	}
	return append(Reverse(xs[1:]), xs[0])
}

func main() {
	fmt.Println(Reverse([]int{1, 2, 3}))
	fmt.Println(Reverse([]string{"a", "b"}))
}
