package main

import "fmt"

type Weekday int

const (
	Sunday Weekday = iota
	Monday
	Tuesday
)

const big = 1 << 62

func main() {
	fmt.Println(Sunday, Monday, Tuesday, big>>60)
	const typed int8 = 100
	fmt.Printf("%T %v\n", typed, typed)
}
