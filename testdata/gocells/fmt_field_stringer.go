package main

import "fmt"

type Level int

func (l Level) String() string { return [...]string{"low", "high"}[l] }

type Alert struct {
	Name  string
	Level Level
}

func main() {
	a := Alert{"lsass access", 1}
	fmt.Println(a, map[string]Level{"b": 0, "a": 1})
	fmt.Printf("%+v %v\n", a, []Alert{a, {"logon", 0}})
	fmt.Println(map[int][]Level{2: {1}, 1: {0, 1}})
}
