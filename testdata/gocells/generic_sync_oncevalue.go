package main

import (
	"fmt"
	"sync"
)

func main() {
	f := sync.OnceValue(func() int { fmt.Println("computed"); return 42 })
	fmt.Println(f(), f())
}
