package main

import "fmt"

type Pair[K comparable, V any] struct {
	Key K
	Val V
}

func (p Pair[K, V]) String() string { return fmt.Sprintf("%v=%v", p.Key, p.Val) }

func main() {
	p := Pair[string, int]{"EventID", 4688}
	fmt.Println(p)
	var s fmt.Stringer = Pair[int, bool]{1, true}
	fmt.Println(s.String())
	fmt.Printf("%v|%s|%T\n", p, p, p)
}
