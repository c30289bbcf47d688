// known: a value of a cell-declared type stored in an empty interface (any) is held as its underlying type (gomacro), so type switches, assertions and fmt through any see float64
package main

import "fmt"

type Celsius float64

func (c Celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }

func kind(x any) string {
	switch x.(type) {
	case Celsius:
		return "celsius"
	case float64:
		return "float64"
	}
	return "other"
}

func main() {
	var x any = Celsius(3)
	_, isF := x.(float64)
	_, isC := x.(Celsius)
	fmt.Println(isF, isC, kind(x), kind(2.5))
	_, ok := x.(fmt.Stringer)
	fmt.Println(ok)
	fmt.Println(x)
	fmt.Printf("%T\n", x)
}
