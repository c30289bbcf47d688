package stix

import (
	"os"
	"syscall"
	"testing"
	"time"
)

const shared181 = "../../../shared/data/attack/enterprise-attack-18.1.json"

// cpuTime is the process's CPU time so far, every thread included.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

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
			c0 := cpuTime()
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
			b.ReportMetric(float64((cpuTime()-c0).Microseconds())/1000/float64(b.N), "cpu-ms")
		})
	}
}
