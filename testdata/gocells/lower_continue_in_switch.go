package main

import "fmt"

func main() {
	for i := 0; i < 4; i++ {
		switch i % 2 {
		case 0:
			continue
		}
		fmt.Print(func() int { return i }())
	}
	fmt.Println()
}
