package main

import "fmt"

func main() {
grid:
	for y := range 4 {
		for x := range 4 {
			switch {
			case x > y:
				continue grid
			case y == 3:
				break grid
			}
			fmt.Print(x, y, " ")
		}
	}
	fmt.Println()
}
