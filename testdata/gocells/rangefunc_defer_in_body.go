// want-error: defer in the body of a range over a function
package main

import "fmt"

func Two(yield func(int) bool) { _ = yield(1) && yield(2) }

func main() {
	for x := range Two {
		defer fmt.Println("deferred", x)
	}
	fmt.Println("end")
}
