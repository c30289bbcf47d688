package main

import (
	"encoding/json"
	"fmt"
)

type Kelvin float64

func (k Kelvin) String() string { return fmt.Sprintf("%.1fK", float64(k)) }

type Port int

type Severity string

func (s Severity) MarshalJSON() ([]byte, error) { return json.Marshal("sev:" + string(s)) }

func describe(v any) string {
	switch v := v.(type) {
	case Kelvin, Port:
		return fmt.Sprintf("cell %v", v)
	case float64, int:
		return fmt.Sprintf("basic %v", v)
	case fmt.Stringer:
		return "stringer " + v.String()
	case nil:
		return "nil"
	}
	return "other"
}

func main() {
	rows := []any{Kelvin(1), 2.5, Port(443), 443, nil}
	rows = append(rows, Kelvin(2))
	for _, r := range rows {
		fmt.Println(describe(r))
	}
	m := map[string]any{"t": Kelvin(3)}
	m["port"] = Port(22)
	m["sev"] = Severity("high")
	fmt.Println(m["t"], m["port"])
	b, err := json.Marshal(m)
	fmt.Println(string(b), err)
	grid := [][]any{{Kelvin(4), "x"}, {Port(1)}}
	fmt.Println(grid)
	fmt.Printf("%v %T %T\n", grid[0][0], grid[0][0], grid[1][0])
	seen := map[any]int{Kelvin(1): 1}
	seen[Kelvin(1)]++
	seen[1.0]++
	fmt.Println(seen[Kelvin(1)], seen[1.0], len(seen))
	var x any = Port(8080)
	fmt.Println(x == Port(8080), x == 8080, x == any(Port(8080)))
}
