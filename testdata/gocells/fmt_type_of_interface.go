package main

import "fmt"

type NotFound struct{ Name string }

func (e NotFound) Error() string { return e.Name + " not found" }

func main() {
	var err error = NotFound{"x"}
	fmt.Printf("%T\n", err)
}
