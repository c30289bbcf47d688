package main

import "fmt"

type Counter struct{ n int }

func (c *Counter) Get() int { return c.n }

func main() {
	var fs []func() int
	for _, c := range []Counter{{1}, {2}, {3}} {
		fs = append(fs, c.Get)
	}
	for _, f := range fs {
		fmt.Print(f(), " ")
	}
	fmt.Println()
}
