package main

import (
	"encoding/json"
	"fmt"
	"sort"
)

type Shape interface{ Area() float64 }

type Square struct{ Side float64 }

func (s Square) Area() float64 { return s.Side * s.Side }

type Circle struct{ R float64 }

func (c *Circle) Area() float64 { return 3 * c.R * c.R }

func (c *Circle) String() string { return fmt.Sprintf("circle(%g)", c.R) }

type Level int

const (
	Low Level = iota
	High
)

func (l Level) String() string { return [...]string{"low", "high"}[l] }

func (l Level) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

func area(v any) float64 {
	if s, ok := v.(Shape); ok {
		return s.Area()
	}
	return -1
}

func main() {
	var s Shape = Square{2}
	var a any = s
	fmt.Println(area(a), area(&Circle{1}), area(Circle{1}), area(3))
	fmt.Printf("%v %T\n", a, a)
	shapes := []any{Square{1}, &Circle{2}, Low}
	for _, x := range shapes {
		switch v := x.(type) {
		case Shape:
			fmt.Println("shape", v.Area())
		case fmt.Stringer:
			fmt.Println("stringer", v)
		}
	}
	levels := map[string]any{"b": High, "a": Low, "n": 1}
	out, err := json.Marshal(levels)
	fmt.Println(string(out), err)
	keys := make([]string, 0, len(levels))
	for k := range levels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		l, ok := levels[k].(Level)
		fmt.Println(k, l, ok)
	}
	var st fmt.Stringer = High
	var b any = st
	fmt.Println(b == any(High), b.(Level) == High)
}
