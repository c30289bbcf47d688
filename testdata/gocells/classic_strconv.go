package main

import (
	"fmt"
	"strconv"
)

func main() {
	n, err := strconv.Atoi("42")
	_, err2 := strconv.Atoi("x")
	f, _ := strconv.ParseFloat("2.5", 64)
	fmt.Println(n+1, err, err2, f*2, strconv.Quote("a\tb"), strconv.FormatInt(-255, 16))
}
