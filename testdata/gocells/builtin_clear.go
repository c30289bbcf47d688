package main

import "fmt"

func main() {
	m := map[string]int{"a": 1, "b": 2}
	s := []int{1, 2, 3}
	t := s[:2]
	clear(m)
	clear(t)
	fmt.Println(len(m), s)
}
