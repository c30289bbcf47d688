package main

import (
	"fmt"
	"sort"
)

type IDs []int

type Name string

func (n Name) String() string { return "<" + string(n) + ">" }

func (ids IDs) String() string { return fmt.Sprintf("%d IDs", len(ids)) }

func main() {
	ids := IDs{1, 2, 3}
	fmt.Println(ids, ids[1:])
	fmt.Printf("%T\n", ids[:1])
	n := Name("sysmon")
	fmt.Println(n[:3], len(n[1:]), "plain"[1:3])
	fmt.Printf("%T %T\n", n[1:], "x"[:])
	ints := sort.IntSlice{3, 1, 2}
	tail := ints[1:]
	sort.Sort(tail)
	fmt.Printf("%T %v %v\n", tail, tail, ints)
}
