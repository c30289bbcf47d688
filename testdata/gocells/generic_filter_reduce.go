package main

import (
	"fmt"
	"strings"
)

func Filter[T any](xs []T, keep func(T) bool) []T {
	var out []T
	for _, x := range xs {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}

func Reduce[T, A any](xs []T, acc A, f func(A, T) A) A {
	for _, x := range xs {
		acc = f(acc, x)
	}
	return acc
}

func main() {
	names := []string{"T1003.001", "T1059", "T1003.002", "T1547"}
	subs := Filter(names, func(s string) bool { return strings.Contains(s, ".") })
	fmt.Println(subs)
	total := Reduce([]int{1, 2, 3, 4}, 0, func(a, x int) int { return a + x })
	joined := Reduce(names, "", func(a string, x string) string { return a + x[:2] })
	fmt.Println(total, joined)
}
