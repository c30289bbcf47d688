package mapfile

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestMap(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		t.Skip("no mapping here")
	}
	p := filepath.Join(t.TempDir(), "f.json")
	want := []byte(`{"type": "bundle", "objects": []}` + "\n")
	if err := os.WriteFile(p, want, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, ok := Map(f, int64(len(want)))
	if !ok {
		t.Fatal("Map: not mapped")
	}
	if string(m.Data) != string(want) {
		t.Errorf("Data = %q, want %q", m.Data, want)
	}
	if err := m.Close(); err != nil || m.Data != nil {
		t.Errorf("Close = %v, Data %q after it", err, m.Data)
	}
	if _, ok := Map(f, 0); ok {
		t.Error("Map of 0 bytes: mapped")
	}
}

var sink byte

// TestGuardTruncated shortens a mapped file and reads past its new end:
// the fault is ErrChanged, not a crash.
func TestGuardTruncated(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("SIGBUS on a shortened mapping is checked on Linux")
	}
	p := filepath.Join(t.TempDir(), "f")
	size := 4 * os.Getpagesize()
	if err := os.WriteFile(p, make([]byte, size), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, ok := Map(f, int64(size))
	if !ok {
		t.Fatal("Map: not mapped")
	}
	defer m.Close()
	if err := os.Truncate(p, 0); err != nil {
		t.Fatal(err)
	}
	sum := func() {
		for _, c := range m.Data {
			sink += c
		}
	}
	err = Guard(func() error {
		sum()
		return nil
	})
	if !errors.Is(err, ErrChanged) {
		t.Fatalf("Guard = %v, want ErrChanged", err)
	}
	err = Guard(func() error {
		var g Group
		g.Go(sum)
		g.Wait()
		return nil
	})
	if !errors.Is(err, ErrChanged) {
		t.Fatalf("Guard over a Group = %v, want ErrChanged", err)
	}
	want := errors.New("fn's own")
	if err := Guard(func() error { return want }); err != want {
		t.Errorf("Guard = %v, want fn's error", err)
	}
}

func TestGroup(t *testing.T) {
	var g Group
	n := [2]int{}
	g.Go(func() { n[0] = 1 })
	g.Go(func() { n[1] = 2 })
	g.Wait()
	if n != [2]int{1, 2} {
		t.Errorf("n = %v after Wait, want [1 2]", n)
	}
	defer func() {
		if r := recover(); r != "boom" {
			t.Errorf("recovered %v, want the goroutine's panic", r)
		}
	}()
	var h Group
	h.Go(func() { panic("boom") })
	h.Go(func() {})
	h.Wait()
	t.Error("Wait returned after a panic")
}
