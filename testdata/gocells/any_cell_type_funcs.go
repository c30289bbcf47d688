package main

import (
	"errors"
	"fmt"
)

type Reading float64

func (c Reading) String() string { return fmt.Sprintf("%.1f°R", float64(c)) }

type Missing struct{ Name string }

func (e Missing) Error() string { return "missing: " + e.Name }

type Sample struct {
	ID    int
	Value any
}

type Sink struct{ got []any }

func (s *Sink) Put(v any) { s.got = append(s.got, v) }

func first(vs ...any) any {
	if len(vs) == 0 {
		return nil
	}
	return vs[0]
}

func temp() any { return Reading(21.5) }

func lookup(name string) any { return Missing{name} }

func asFloat(y any) {
	defer func() { fmt.Println("recovered:", recover()) }()
	_ = y.(float64)
}

func main() {
	fmt.Println(first(Reading(1), 2), temp())
	ev := Sample{ID: 1, Value: Reading(5)}
	fmt.Println(ev.Value)
	ev.Value = Missing{"host"}
	_, isErr := ev.Value.(error)
	fmt.Println(isErr, ev.Value)
	var s Sink
	s.Put(Reading(3))
	s.Put(3.0)
	for _, v := range s.got {
		_, c := v.(Reading)
		_, f := v.(float64)
		fmt.Println(c, f)
	}
	r := lookup("db")
	if err, ok := r.(error); ok {
		var nf Missing
		fmt.Println(err, errors.As(err, &nf), nf.Name)
	}
	ch := make(chan any, 1)
	ch <- Reading(-4)
	got := <-ch
	fmt.Printf("%v %T\n", got, got)
	record := func(v any) string { return fmt.Sprintf("%v/%T", v, v) }
	fmt.Println(record(Reading(7)), record(7.0))
	m := map[string]any{"r": 1.0}
	cur := m["r"]
	cur = Reading(8)
	_, isR := cur.(Reading)
	fmt.Println(cur, isR)
	asFloat(Reading(0))
}
