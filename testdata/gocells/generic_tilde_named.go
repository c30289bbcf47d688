package main

import "fmt"

type Celsius float64

type Number interface {
	~int | ~int64 | ~float64
}

func Total[T Number](xs []T) T {
	var t T
	for _, x := range xs {
		t += x
	}
	return t
}

func main() {
	temps := []Celsius{20.5, 21, 19.5}
	fmt.Println(Total(temps))
	fmt.Printf("%T\n", Total(temps))
	fmt.Println(Total([]int64{1 << 40, 1}))
}
