//go:build unix

package sigma

import (
	"errors"
	"path/filepath"
	"syscall"
	"testing"
)

// TestNotRegular: a FIFO among the rules is refused, not waited on.
func TestNotRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.yml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	set, err := ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Skipped) != 1 || !errors.Is(set.Skipped[0], ErrRead) {
		t.Fatalf("skipped %v, want the FIFO refused", set.Skipped)
	}
	t.Log(set.Skipped[0])
}
