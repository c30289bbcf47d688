package main

import "fmt"

type Level int

func (l Level) String() string {
	switch l {
	case 0:
		return "low"
	case 1:
		return "high"
	}
	return fmt.Sprintf("Level(%d)", int(l))
}

func main() {
	fmt.Println(Level(0), Level(1), Level(7))
	fmt.Printf("%v %d\n", Level(1), Level(1))
}
