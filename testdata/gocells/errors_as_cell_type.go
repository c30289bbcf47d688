package main

import (
	"errors"
	"fmt"
)

type NotFound struct{ Name string }

func (e NotFound) Error() string { return e.Name + " not found" }

func main() {
	var err error = fmt.Errorf("audit: %w", NotFound{"4688"})
	var nf NotFound
	fmt.Println(errors.As(err, &nf), nf.Name)
}
