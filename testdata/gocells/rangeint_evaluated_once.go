package main

import "fmt"

func main() {
	calls := 0
	n := func() int { calls++; return 3 }
	for i := range n() {
		i := i * 2
		fmt.Print(i, " ")
	}
	fmt.Println(calls)
}
