package main

import "fmt"

type Config struct{ Retries *int }

func main() {
	p := new(int64(300))
	c := Config{Retries: new(3)}
	s := new("text")
	*p++
	fmt.Println(*p, *c.Retries, *s)
	fmt.Printf("%T %T\n", p, new(2.5))
}
