package main

import (
	"fmt"
	"slices"
	"strings"
)

func main() {
	ids := []int{4688, 4624, 4624, 1, 1, 1, 10}
	ids = slices.Compact(ids)
	fmt.Println(ids, len(ids))
	ids = slices.Insert(ids, 1, 7, 8)
	fmt.Println(ids)
	ids = slices.Delete(ids, 0, 2)
	fmt.Println(ids)
	fmt.Println(slices.Concat([]int{1}, ids, []int{2, 3}))
	fmt.Println(slices.Replace([]string{"a", "b", "c"}, 1, 2, "x", "y"))
	fmt.Println(slices.Repeat([]string{"ab"}, 3), slices.Clone([]int(nil)) == nil)
	names := []string{"Sysmon", "security", "PowerShell"}
	fmt.Println(slices.IndexFunc(names, func(s string) bool { return strings.HasPrefix(s, "P") }))
	sorted := []int{1, 3, 5, 7}
	fmt.Println(slices.BinarySearch(sorted, 5))
	fmt.Println(slices.BinarySearch(sorted, 4))
	fmt.Println(slices.DeleteFunc([]int{1, 2, 3, 4, 5, 6}, func(x int) bool { return x%2 == 0 }))
	fmt.Println(slices.MaxFunc(names, strings.Compare), slices.MinFunc(names, strings.Compare))
	fmt.Println(slices.EqualFunc([]int{1, 2}, []string{"1", "2"}, func(a int, b string) bool { return fmt.Sprint(a) == b }))
}
