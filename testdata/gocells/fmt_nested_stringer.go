// known: fmt does not see String methods of cell-declared types inside slices, maps and structs
package main

import "fmt"

type Level int

func (l Level) String() string { return [...]string{"low", "high"}[l] }

func main() {
	fmt.Println([]Level{0, 1})
}
