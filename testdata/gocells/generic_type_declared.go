// want-error: generic type Stack
package main

import "fmt"

type Stack[T any] struct{ items []T }

func (s *Stack[T]) Push(x T) { s.items = append(s.items, x) }

func main() {
	var s Stack[string]
	s.Push("a")
	fmt.Println(len(s.items))
}
