package main

import "fmt"

func Three(yield func(int) bool) {
	_ = yield(1) && yield(2) && yield(3)
}

func main() {
	var fs []func() int
	for x := range Three {
		fs = append(fs, func() int { return x })
	}
	for _, f := range fs {
		fmt.Print(f(), " ")
	}
	fmt.Println()
}
