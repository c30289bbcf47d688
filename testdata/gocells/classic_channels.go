package main

import "fmt"

func main() {
	ch := make(chan int, 3)
	go func() {
		for i := 0; i < 5; i++ {
			ch <- i
		}
		close(ch)
	}()
	total := 0
	for v := range ch {
		total += v
	}
	v, ok := <-ch
	fmt.Println(total, v, ok)
}
