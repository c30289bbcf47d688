package main

import "fmt"

func g() int {
	for i := 0; i < 10; i++ {
		p := &i
		if *p == 4 {
			return *p * 10
		}
	}
	return -1
}

func main() {
	fmt.Println(g())
}
