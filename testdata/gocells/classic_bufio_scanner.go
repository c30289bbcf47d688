package main

import (
	"bufio"
	"fmt"
	"strings"
)

func main() {
	sc := bufio.NewScanner(strings.NewReader("one\ntwo\nthree\n"))
	n := 0
	for sc.Scan() {
		n++
		fmt.Print(n, "=", sc.Text(), " ")
	}
	fmt.Println(sc.Err())
}
