package main

import "fmt"

func two(yield func(int) bool) { _ = yield(1) && yield(2) }

func main() {
	for i := 0; i < 2; i++ {
		for x := range two {
			if x == 1 {
				continue
			}
			fmt.Print(i, x, " ")
		}
		_ = func() int { return i }
	}
	fmt.Println()
}
