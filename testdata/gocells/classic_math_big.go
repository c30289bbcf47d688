package main

import (
	"fmt"
	"math"
	"math/big"
)

func main() {
	f := new(big.Int).Exp(big.NewInt(2), big.NewInt(100), nil)
	fmt.Println(f, math.Sqrt(2), math.Inf(1), math.MaxInt64, math.Floor(-2.5))
}
