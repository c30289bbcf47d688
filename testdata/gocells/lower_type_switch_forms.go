package main

import (
	"errors"
	"fmt"
)

type Slot int

type Label string

type Fail struct{ Code int }

func (f Fail) Error() string { return fmt.Sprint("fail ", f.Code) }

func classify(x any) string {
	switch v := x.(type) {
	case nil:
		return "nil"
	case Slot, Label:
		return fmt.Sprintf("key %v (%T)", v, v)
	case int, string:
		return fmt.Sprintf("plain %v", v)
	case error:
		return "error " + v.Error()
	case []Slot:
		return fmt.Sprint("ids ", len(v))
	default:
		return fmt.Sprintf("other %T", v)
	}
}

func main() {
	for _, x := range []any{Slot(1), Label("n"), 2, "s", Fail{3}, errors.New("e"), []Slot{1, 2}, nil, 2.5} {
		fmt.Println(classify(x))
	}
	values := []any{Slot(1), Slot(2), "stop", Slot(3)}
	total := Slot(0)
loop:
	for _, v := range values {
		switch id := v.(type) {
		case Slot:
			if id == 2 {
				continue
			}
			total += id
		case string:
			break loop
		}
	}
	fmt.Println("total", total)
	seen := 0
	for _, v := range values {
	inner:
		switch v.(type) {
		case Slot, Label:
			seen++
			break inner
		}
	}
	fmt.Println("seen", seen)
	switch n := len(values); x := values[n-1].(type) {
	case Slot:
		fmt.Println("last", x+Slot(n))
	}
	seq := func(yield func(any) bool) {
		for _, v := range values {
			if !yield(v) {
				return
			}
		}
	}
	for v := range seq {
		switch v := v.(type) {
		case string:
			fmt.Println("found", v)
		case Slot:
			if v > 1 {
				fmt.Println("big", v)
				break
			}
			continue
		}
		if v == "stop" {
			break
		}
	}
}
