package cputime

import (
	"runtime"
	"testing"
)

func TestUsed(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" || runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("not read here")
	}
	before := Used()
	n := 0
	for i := range 50_000_000 {
		n += i & 3
	}
	if after := Used(); after <= before || n == 0 {
		t.Errorf("Used went from %v to %v over a busy loop", before, after)
	}
}
