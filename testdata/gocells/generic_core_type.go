// want-error: write them out, as in Last[T1, T2]
package main

import "fmt"

type IDs []int

func Last[S ~[]E, E any](s S) E { return s[len(s)-1] }

func Clip[S ~[]E, E any](s S, n int) S { return s[:n] }

func main() {
	ids := IDs{1, 2, 3}
	fmt.Println(Last(ids), Last([]string{"a", "z"}))
	short := Clip(ids, 2)
	fmt.Printf("%v %T\n", short, short)
}
