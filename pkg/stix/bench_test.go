package stix

import (
	"os"
	"syscall"
	"testing"
	"time"
)

const shared181 = "../../../shared/data/attack/enterprise-attack-18.1.json"

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_THREAD, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkParse181 reads the 37 MB v18.1 bundle; best-ms is the fastest
// wall time, cpu-ms the thread's CPU time per parse (steadier on a busy
// machine).
func BenchmarkParse181(b *testing.B) {
	data, err := os.ReadFile(shared181)
	if err != nil {
		b.Skip(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	best, bestCPU := time.Hour, time.Hour
	for b.Loop() {
		t0, c0 := time.Now(), cpuTime()
		if _, err := (Options{}).parseNamed(data, "x"); err != nil {
			b.Fatal(err)
		}
		best = min(best, time.Since(t0))
		bestCPU = min(bestCPU, cpuTime()-c0)
	}
	b.ReportMetric(float64(best.Microseconds())/1000, "best-ms")
	b.ReportMetric(float64(bestCPU.Microseconds())/1000, "cpu-ms")
}
