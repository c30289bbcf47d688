package main

import "fmt"

type Item struct{ Name string }

func main() {
	items := []Item{{"a"}, {"b"}, {"c"}}
	var ps []*Item
	for _, it := range items {
		ps = append(ps, &it)
	}
	for _, p := range ps {
		fmt.Print(p.Name, " ")
	}
	fmt.Println()
}
