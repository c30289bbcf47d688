package main

import "fmt"

type Counter struct{ n int }

func (c *Counter) String() string { return fmt.Sprintf("Counter(%d)", c.n) }

func main() {
	c := Counter{3}
	fmt.Println(&c, c)
	s := fmt.Sprint(&c)
	fmt.Printf("%s %v %d\n", s, &c, c.n)
}
