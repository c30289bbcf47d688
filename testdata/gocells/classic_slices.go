package main

import "fmt"

func main() {
	var xs []int
	for i := 0; i < 5; i++ {
		xs = append(xs, i*i)
	}
	ys := xs[1:3]
	ys[0] = 100
	fmt.Println(xs, ys, len(ys), cap(ys) >= 2)
	zs := make([]int, 2, 10)
	n := copy(zs, xs)
	fmt.Println(zs, n)
}
