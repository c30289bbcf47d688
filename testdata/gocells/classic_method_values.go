package main

import (
	"fmt"
	"strings"
)

type Greeter struct{ greeting string }

func (g Greeter) Greet(name string) string { return g.greeting + ", " + name }

func main() {
	f := Greeter{"hi"}.Greet
	g := Greeter.Greet
	up := strings.ToUpper
	fmt.Println(f("ann"), g(Greeter{"yo"}, "bob"), up("x"))
}
