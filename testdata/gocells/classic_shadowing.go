package main

import "fmt"

var x = "package"

func main() {
	x := 1
	if x := "inner"; x != "" {
		fmt.Println(x)
	}
	{
		x := 2.5
		fmt.Println(x)
	}
	fmt.Println(x)
}
