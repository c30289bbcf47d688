// want-error: defer at the top level of a cell
package main

import "fmt"

func main() {
	defer fmt.Println("deferred")
	fmt.Println("body")
}
