package main

import "fmt"

func Naturals(yield func(int) bool) {
	for i := 0; ; i++ {
		if !yield(i) {
			fmt.Print("[stopped at ", i, "] ")
			return
		}
	}
}

func main() {
	for n := range Naturals {
		if n%2 == 0 {
			continue
		}
		if n > 7 {
			break
		}
		fmt.Print(n, " ")
	}
	fmt.Println()
}
