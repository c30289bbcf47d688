package main

import (
	"fmt"
	"slices"
	"strconv"
)

type IDs []int

func (ids IDs) String() string {
	s := ""
	for _, id := range ids {
		s += "#" + strconv.Itoa(id)
	}
	return s
}

func main() {
	ids := IDs{1, 1, 2, 3, 3}
	c := slices.Compact(slices.Clone(ids))
	fmt.Printf("%T %v\n", c, c)
	d := slices.DeleteFunc(slices.Clone(ids), func(x int) bool { return x == 1 })
	one, three := IDs{1}, IDs{3}
	fmt.Println(d, slices.Insert(d, 0, 9), slices.Concat(one, three))
	fmt.Printf("%T %v\n", slices.Repeat(one, 2), slices.Repeat(one, 2))
}
