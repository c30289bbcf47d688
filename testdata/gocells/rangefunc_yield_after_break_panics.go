package main

import "fmt"

func Bad(yield func(int) bool) {
	yield(1)
	yield(2)
}

func run() {
	defer func() { fmt.Println("recovered:", recover()) }()
	for x := range Bad {
		fmt.Println("got", x)
		break
	}
	fmt.Println("not reached")
}

func main() {
	run()
}
