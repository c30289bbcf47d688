package main

import (
	"encoding/json"
	"fmt"
)

type Level int

func (l Level) MarshalJSON() ([]byte, error) { return json.Marshal([...]string{"low", "high"}[l]) }

func main() {
	b, err := json.Marshal(Level(1))
	fmt.Println(string(b), err)
}
