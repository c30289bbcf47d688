package main

import (
	"errors"
	"fmt"
)

var ErrA = errors.New("a failed")

func main() {
	err := errors.Join(ErrA, errors.New("b failed"))
	fmt.Println(err)
	fmt.Println(errors.Is(err, ErrA))
}
