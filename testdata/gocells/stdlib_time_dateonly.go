package main

import (
	"fmt"
	"time"
)

func main() {
	t, err := time.Parse(time.DateOnly, "2026-12-01")
	fmt.Println(t.Format(time.DateTime), err, t.Compare(t.Add(time.Hour)))
}
