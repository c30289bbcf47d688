package main

import (
	"errors"
	"fmt"
)

type NotFound struct{ Name string }

func (e NotFound) Error() string { return e.Name + " not found" }

func lookup(name string) error { return NotFound{name} }

func main() {
	err := lookup("4688")
	fmt.Println(err)
	fmt.Printf("%v|%s|%q|%T\n", NotFound{"y"}, NotFound{"z"}, NotFound{"q"}, NotFound{})
	wrapped := fmt.Errorf("audit: %w", err)
	fmt.Println(wrapped, errors.Is(wrapped, err))
}
