// known: fmt does not see String methods of cell-declared types inside maps and struct fields
package main

import "fmt"

type Level int

func (l Level) String() string { return [...]string{"low", "high"}[l] }

type Alert struct {
	Name  string
	Level Level
}

func main() {
	fmt.Println(Alert{"lsass access", 1}, map[string]Level{"a": 1})
}
