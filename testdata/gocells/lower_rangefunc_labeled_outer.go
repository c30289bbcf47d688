package main

import "fmt"

func abc(yield func(string) bool) { _ = yield("a") && yield("b") && yield("c") }

func main() {
out:
	for s := range abc {
		for t := range abc {
			if t == "b" {
				continue out
			}
			if s == "c" {
				break out
			}
			fmt.Print(s, t, " ")
		}
	}
	fmt.Println()
}
