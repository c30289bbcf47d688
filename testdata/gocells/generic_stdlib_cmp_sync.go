package main

import (
	"cmp"
	"fmt"
	"strconv"
	"sync"
)

func main() {
	fmt.Println(cmp.Or("", "", "default"), cmp.Or(0, 3, 4), cmp.Or[string]())
	calls := 0
	parse := sync.OnceValues(func() (int, error) {
		calls++
		return strconv.Atoi("4688")
	})
	n, err := parse()
	n2, _ := parse()
	fmt.Println(n, n2, err, calls)
	boom := sync.OnceValue(func() int { panic("once") })
	for range 2 {
		func() {
			defer func() { fmt.Println("recovered:", recover()) }()
			boom()
		}()
	}
}
