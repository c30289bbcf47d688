package main

import "fmt"

type Kelvin float64

func (c Kelvin) String() string { return fmt.Sprintf("%.1fK", float64(c)) }

func kind(x any) string {
	switch x.(type) {
	case Kelvin:
		return "kelvin"
	case float64:
		return "float64"
	}
	return "other"
}

func main() {
	var x any = Kelvin(3)
	_, isF := x.(float64)
	_, isC := x.(Kelvin)
	fmt.Println(isF, isC, kind(x), kind(2.5))
	_, ok := x.(fmt.Stringer)
	fmt.Println(ok)
	fmt.Println(x)
	fmt.Printf("%T\n", x)
}
