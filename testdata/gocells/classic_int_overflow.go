package main

import "fmt"

func main() {
	var a int8 = 127
	a++
	var u uint8 = 0
	u--
	fmt.Println(a, u, -7/2, -7%2, 7>>1, 1<<3|1)
}
