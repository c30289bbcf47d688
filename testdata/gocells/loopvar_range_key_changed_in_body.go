package main

import "fmt"

func main() {
	xs := []string{"a", "b", "c", "d"}
	for i := range xs {
		i += 10
		fmt.Print(i, " ")
	}
	var j int
	for j = range xs {
		j *= 2
	}
	fmt.Println(j)
}
