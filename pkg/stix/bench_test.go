package stix

import (
	"os"
	"testing"
	"time"

	"github.com/huntbook/huntbook/internal/cputime"
)

const shared181 = "../../../shared/data/attack/enterprise-attack-18.1.json"

// BenchmarkParse181 reads the 37 MB v18.1 bundle and makes its mapping,
// on one core and on all; best-ms is the fastest wall time, cpu-ms the
// process's CPU time per read (steadier than wall time on a busy machine).
func BenchmarkParse181(b *testing.B) {
	data, err := os.ReadFile(shared181)
	if err != nil {
		b.Skip(err)
	}
	for _, bc := range []struct {
		name    string
		workers int
	}{{"one-core", 1}, {"all-cores", 0}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			best := time.Hour
			c0 := cputime.Used()
			for b.Loop() {
				t0 := time.Now()
				bundle, err := (Options{Workers: bc.workers}).parseNamed(data, "x")
				if err != nil {
					b.Fatal(err)
				}
				bundle.Mapping()
				best = min(best, time.Since(t0))
			}
			b.ReportMetric(float64(best.Microseconds())/1000, "best-ms")
			b.ReportMetric(float64((cputime.Used()-c0).Microseconds())/1000/float64(b.N), "cpu-ms")
		})
	}
}
