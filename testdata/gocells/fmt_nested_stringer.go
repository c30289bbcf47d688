package main

import "fmt"

type Level int

func (l Level) String() string { return [...]string{"low", "high"}[l] }

func main() {
	fmt.Println([]Level{0, 1})
	fmt.Printf("%v %s %d\n", [2]Level{1, 0}, []Level{1}, []Level{1, 0})
	var none []Level
	fmt.Println(none, len(none))
}
