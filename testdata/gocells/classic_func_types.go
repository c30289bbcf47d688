package main

import "fmt"

type Op func(int, int) int

func apply(op Op, a, b int) int { return op(a, b) }

func main() {
	ops := map[string]Op{
		"add": func(a, b int) int { return a + b },
		"mul": func(a, b int) int { return a * b },
	}
	fmt.Println(apply(ops["add"], 3, 4), apply(ops["mul"], 3, 4))
}
