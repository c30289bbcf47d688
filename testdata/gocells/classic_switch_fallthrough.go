package main

import "fmt"

func main() {
	for _, n := range []int{1, 2, 3} {
		switch {
		case n == 1:
			fmt.Print("one ")
			fallthrough
		case n == 2:
			fmt.Print("le-two ")
		default:
			fmt.Print("other ")
		}
	}
	fmt.Println()
}
