package main

import "fmt"

func f() (n int) {
	defer func() { n *= 2 }()
	for i := 0; i < 3; i++ {
		defer fmt.Print(i, " ")
	}
	return 21
}

func main() {
	fmt.Println(f())
}
