package main

import "fmt"

type T struct {
	A int
	B string
	C []float64
}

func main() {
	t := T{1, "x", []float64{1.5}}
	fmt.Printf("%v|%+v|%T|%q|%5.2f|%x|%08b|%-4d|\n", t, t, t, "q", 3.14159, 255, 5, 7)
	fmt.Printf("%#v\n", t)
}
