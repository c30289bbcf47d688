package main

import (
	"encoding/json"
	"fmt"
)

type Event struct {
	ID      int      `json:"id"`
	Channel string   `json:"channel"`
	Tags    []string `json:"tags,omitempty"`
}

func main() {
	b, _ := json.Marshal(Event{ID: 4688, Channel: "Security"})
	fmt.Println(string(b))
	var e Event
	err := json.Unmarshal([]byte(`{"id":1,"channel":"Sysmon","tags":["a"]}`), &e)
	fmt.Println(e, err)
}
