package main

import "fmt"

func sum(label string, xs ...int) string {
	t := 0
	for _, x := range xs {
		t += x
	}
	return fmt.Sprint(label, len(xs), t)
}

func main() {
	nums := []int{1, 2, 3}
	fmt.Println(sum("a"), sum("b", 1, 2), sum("c", nums...))
}
