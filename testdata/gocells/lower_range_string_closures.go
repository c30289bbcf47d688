package main

import "fmt"

func main() {
	var fs []func() rune
	for _, r := range "ab" {
		fs = append(fs, func() rune { return r })
	}
	fmt.Println(string(fs[0]()), string(fs[1]()))
}
