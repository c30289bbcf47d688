package main

import "fmt"

type node[T any] struct {
	val  T
	next *node[T]
}

type List[T any] struct {
	head *node[T]
	size int
}

func (l *List[T]) Push(v T) {
	l.head = &node[T]{val: v, next: l.head}
	l.size++
}

func (l *List[T]) Each(f func(T)) {
	for n := l.head; n != nil; n = n.next {
		f(n.val)
	}
}

func main() {
	var l List[string]
	l.Push("c")
	l.Push("b")
	l.Push("a")
	l.Each(func(s string) { fmt.Print(s, " ") })
	fmt.Println(l.size)
}
