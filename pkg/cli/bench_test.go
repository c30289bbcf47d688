package cli

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/huntbook/huntbook/internal/cputime"
)

// BenchmarkTechnique181 is what bench/attack.sh times, in-process:
// `huntbook technique T1003.001 --mapping enterprise-attack-18.1.json`,
// the file read, the bundle read, its mapping made and the answer
// printed. best-ms is the fastest wall time, cpu-ms the process's CPU
// time per command (steadier than wall time on a busy machine).
func BenchmarkTechnique181(b *testing.B) {
	fi, err := os.Stat(shared181)
	if err != nil {
		b.Skip(err)
	}
	b.SetBytes(fi.Size())
	b.ReportAllocs()
	best := time.Hour
	c0 := cputime.Used()
	for b.Loop() {
		var out, errb bytes.Buffer
		t0 := time.Now()
		code := Main([]string{"technique", "T1003.001", "--mapping", shared181}, IO{In: strings.NewReader(""), Out: &out, Err: &errb,
			Getenv: func(string) string { return "" }})
		best = min(best, time.Since(t0))
		if code != 0 || !strings.HasPrefix(out.String(), "T1003.001 LSASS Memory") {
			b.Fatalf("exit %d: %s%s", code, out.String(), errb.String())
		}
	}
	b.ReportMetric(float64(best.Microseconds())/1000, "best-ms")
	b.ReportMetric(float64((cputime.Used()-c0).Microseconds())/1000/float64(b.N), "cpu-ms")
}
