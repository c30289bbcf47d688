package main

import "fmt"

func main() {
	s := "héllo, 世界"
	for i, r := range s {
		fmt.Print(i, ":", string(r), " ")
	}
	fmt.Println()
	fmt.Println(len(s), []byte(s)[1], []rune(s)[1])
}
