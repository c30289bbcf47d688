package main

import (
	"encoding/json"
	"fmt"
)

type Color int

const (
	Red Color = iota
	Green
	Blue
)

func (c Color) String() string { return [...]string{"red", "green", "blue"}[c] }

func (c Color) MarshalText() ([]byte, error) { return []byte("color-" + c.String()), nil }

func show(s fmt.Stringer) string { return "<" + s.String() + ">" }

func favourite() fmt.Stringer { return Blue }

func main() {
	var s fmt.Stringer = Green
	fmt.Println(s.String(), show(Red), favourite())
	s = Blue
	fmt.Println(s)
	b, err := json.Marshal(Red)
	fmt.Println(string(b), err)
	b, err = json.Marshal([]any{Green, 2})
	fmt.Println(string(b), err)
}
