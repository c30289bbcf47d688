package main

import "fmt"

func main() {
	b := []byte("ids:")
	b = fmt.Appendf(b, " %d", 4688)
	b = fmt.Append(b, " ", 4624)
	fmt.Println(string(b))
}
