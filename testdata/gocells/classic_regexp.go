package main

import (
	"fmt"
	"regexp"
)

func main() {
	re := regexp.MustCompile(`T(\d{4})(?:\.(\d{3}))?`)
	fmt.Println(re.FindAllString("T1059.001 and T1003", -1))
	fmt.Println(re.FindStringSubmatch("T1059.001"))
}
