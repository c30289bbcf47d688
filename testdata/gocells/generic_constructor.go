package main

import "fmt"

type Queue[T any] struct{ items []T }

func NewQueue[T any](capacity int) *Queue[T] {
	return &Queue[T]{items: make([]T, 0, capacity)}
}

func (q *Queue[T]) Put(v T) { q.items = append(q.items, v) }

func (q *Queue[T]) Get() T {
	v := q.items[0]
	q.items = q.items[1:]
	return v
}

func main() {
	q := NewQueue[string](4)
	q.Put("4688")
	q.Put("4624")
	fmt.Println(q.Get(), q.Get(), len(q.items))
}
