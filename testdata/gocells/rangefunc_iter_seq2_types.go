package main

import (
	"fmt"
	"iter"
)

func Enumerate(xs []string) iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		for i, x := range xs {
			if !yield(i, x) {
				return
			}
		}
	}
}

func main() {
	for i, s := range Enumerate([]string{"a", "b"}) {
		fmt.Print(i, s, " ")
	}
	fmt.Println()
}
