package main

import (
	"fmt"
	"time"
)

func main() {
	d := 90*time.Minute + 30*time.Second
	t := time.Date(2024, 2, 29, 12, 0, 0, 0, time.UTC)
	fmt.Println(d, d.Hours(), t.Add(24*time.Hour).Format(time.RFC3339), t.Weekday())
}
