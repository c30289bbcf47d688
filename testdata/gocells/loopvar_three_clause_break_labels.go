package main

import "fmt"

func main() {
	var fs []func() string
outer:
	for i, j := 0, 10; i < 5; i, j = i+1, j-1 {
		switch {
		case i == 1:
			continue
		case i == 4:
			break outer
		}
		for k := 0; k < 2; k++ {
			if k == 1 {
				continue outer
			}
			fs = append(fs, func() string { return fmt.Sprint(i, j, k) })
		}
	}
	for _, f := range fs {
		fmt.Print(f(), " ")
	}
	fmt.Println()
}
