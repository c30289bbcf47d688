package main

import (
	"fmt"
	"sort"
)

type Set[T comparable] map[T]struct{}

func (s Set[T]) Add(v T)      { s[v] = struct{}{} }
func (s Set[T]) Has(v T) bool { _, ok := s[v]; return ok }
func (s Set[T]) Len() int     { return len(s) }

func main() {
	events := Set[int]{}
	for _, id := range []int{4688, 4624, 4688, 1} {
		events.Add(id)
	}
	fmt.Println(events.Len(), events.Has(4624), events.Has(7))
	var ids []int
	for id := range events {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	fmt.Println(ids)
}
