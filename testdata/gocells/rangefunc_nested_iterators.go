package main

import "fmt"

func Upto(n int) func(func(int) bool) {
	return func(yield func(int) bool) {
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}
}

func find(target int) string {
	for a := range Upto(5) {
		for b := range Upto(5) {
			if a*b == target {
				return fmt.Sprint(a, "x", b)
			}
		}
	}
	return "none"
}

func main() {
	fmt.Println(find(6), find(7))
}
