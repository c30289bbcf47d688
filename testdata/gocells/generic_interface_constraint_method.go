package main

import (
	"fmt"
	"strconv"
)

type ID int

func (i ID) String() string { return "T" + strconv.Itoa(int(i)) }

func Join[T fmt.Stringer](xs []T, sep string) string {
	out := ""
	for i, x := range xs {
		if i > 0 {
			out += sep
		}
		out += x.String()
	}
	return out
}

func main() {
	fmt.Println(Join([]ID{1003, 1059}, ", "))
}
