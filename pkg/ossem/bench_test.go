package ossem

import (
	"os"
	"testing"
)

func BenchmarkParseReal(b *testing.B) {
	data, err := os.ReadFile(realMapping2021)
	if err != nil {
		b.Skip("real mapping not present")
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(data, "bench", 0); err != nil {
			b.Fatal(err)
		}
	}
}
