package main

import "fmt"

type ID int16

func main() {
	xs := []string{"a", "b", "c"}
	for i := range len(xs) {
		fmt.Print(xs[len(xs)-1-i])
	}
	var n ID = 3
	for i := range n {
		fmt.Printf(" %T=%d", i, i)
	}
	for i := range -2 {
		fmt.Print("never", i)
	}
	fmt.Println()
}
