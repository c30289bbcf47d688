package main

import "fmt"

func main() {
	var i int64
	for i = range 4 {
	}
	fmt.Printf("%T %d\n", i, i)
	var fs []func() int
	for j := range 3 {
		fs = append(fs, func() int { return j * 10 })
	}
	for _, f := range fs {
		fmt.Print(f(), " ")
	}
	fmt.Println()
}
