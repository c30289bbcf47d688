package main

import (
	"fmt"
	"math"
)

func main() {
	a, b := 3, 7
	fmt.Println(min(a, b), max(a, b, 5), min(2.5, 1), max("apple", "pear"))
	fmt.Println(min(math.NaN(), 1), max(-0.0, 0.0), min(int8(-3), -4))
	x := min(a, 2) + max(b, 1)*2
	fmt.Println(x)
}
