package main

import "fmt"

func Letters(yield func(string) bool) {
	for _, s := range []string{"a", "b", "c"} {
		if !yield(s) {
			return
		}
	}
}

func main() {
outer:
	for i := range 3 {
		for s := range Letters {
			if s == "b" && i == 0 {
				continue outer
			}
			if s == "c" && i == 2 {
				break outer
			}
			fmt.Print(i, s, " ")
		}
	}
	fmt.Println()
inner:
	for s := range Letters {
		for range 2 {
			if s == "b" {
				continue inner
			}
			fmt.Print(s)
		}
	}
	fmt.Println()
}
