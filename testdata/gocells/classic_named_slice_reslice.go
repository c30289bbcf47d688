// known: slicing a value of a cell-declared slice type gives the unnamed slice type (gomacro), so its methods and %T are lost
package main

import "fmt"

type IDs []int

func (ids IDs) String() string { return fmt.Sprintf("%d IDs", len(ids)) }

func main() {
	ids := IDs{1, 2, 3}
	fmt.Println(ids, ids[1:])
	fmt.Printf("%T\n", ids[:1])
}
