package main

import "fmt"

func main() {
	ch := make(chan int, 1)
	n := 0
	for i := 0; i < 3; i++ {
		ch <- i
		select {
		case v := <-ch:
			if v == 1 {
				break
			}
			n += v
		}
		_ = func() int { return i }
	}
	fmt.Println(n)
}
