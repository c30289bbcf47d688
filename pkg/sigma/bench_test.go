package sigma

import "testing"

// BenchmarkReadDirShared reads the 2,407 shared SigmaHQ rules.
func BenchmarkReadDirShared(b *testing.B) {
	readShared(b)
	for b.Loop() {
		if _, err := ReadDir(sharedRules); err != nil {
			b.Fatal(err)
		}
	}
}
