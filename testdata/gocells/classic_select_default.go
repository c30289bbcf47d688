package main

import "fmt"

func main() {
	ch := make(chan string, 1)
	select {
	case s := <-ch:
		fmt.Println("got", s)
	default:
		fmt.Println("empty")
	}
	ch <- "x"
	select {
	case s := <-ch:
		fmt.Println("got", s)
	default:
		fmt.Println("empty")
	}
}
