package attack

import (
	"context"
	"os"
	"testing"

	"github.com/huntbook/huntbook/pkg/ossem"
)

// BenchmarkLoadTop measures what `huntbook top` does on the real mapping:
// read and parse the file, build the sub-technique table, count, take 15.
func BenchmarkLoadTop(b *testing.B) {
	path := sharedFiles["2021"]
	if _, err := os.Stat(path); err != nil {
		b.Skip("shared mapping not present")
	}
	fi, _ := os.Stat(path)
	b.SetBytes(fi.Size())
	b.ReportAllocs()
	for b.Loop() {
		m, err := ossem.Load(context.Background(), path, ossem.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := TopSubtechniques(m, ColDataSource, 15); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTable measures the json_normalize equivalent on the real mapping.
func BenchmarkTable(b *testing.B) {
	m := loadShared(b, "2021")
	b.ReportAllocs()
	for b.Loop() {
		Table(m)
	}
}
