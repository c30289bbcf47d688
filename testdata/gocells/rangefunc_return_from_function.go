package main

import "fmt"

func Squares(yield func(int, int) bool) {
	for i := 1; i < 100; i++ {
		if !yield(i, i*i) {
			return
		}
	}
}

func firstSquareOver(limit int) (int, bool) {
	for i, sq := range Squares {
		if sq > limit {
			return i, true
		}
	}
	return 0, false
}

func named(limit int) (n int, err error) {
	for i := range Squares {
		n = i
		if i == limit {
			return
		}
	}
	return -1, fmt.Errorf("none")
}

func main() {
	fmt.Println(firstSquareOver(50))
	fmt.Println(named(3))
}
