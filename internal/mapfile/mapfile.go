package mapfile

import (
	"errors"
	"os"
	"runtime/debug"
	"sync"
)

// ErrChanged is the error Guard returns for a fault on a mapping: the file
// was shortened while it was read.
var ErrChanged = errors.New("the file changed (was shortened) while it was read; read it again when nothing writes to it")

// Mapping is a file's bytes mapped read-only.
type Mapping struct {
	// Data is the file's content; it must not be used after Close.
	Data []byte
}

// Map maps the first size bytes of f, which must be a regular file of
// at least that size. ok is false where mapping is not supported, for an
// empty file, or when the system refuses.
func Map(f *os.File, size int64) (m *Mapping, ok bool) {
	if size <= 0 || int64(int(size)) != size {
		return nil, false
	}
	d, err := mmap(f, int(size))
	if err != nil {
		return nil, false
	}
	return &Mapping{Data: d}, true
}

// Close unmaps the file.
func (m *Mapping) Close() error {
	d := m.Data
	m.Data = nil
	if d == nil {
		return nil
	}
	return munmap(d)
}

// faultError is what the runtime panics with on a fault when
// debug.SetPanicOnFault is set.
type faultError interface {
	error
	Addr() uintptr
}

// Guard runs fn with faults on this goroutine turned into panics, and
// returns ErrChanged for a fault, fn's error otherwise. Other panics go on.
func Guard(fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(faultError); ok {
				err = ErrChanged
				return
			}
			panic(r)
		}
	}()
	return fn()
}

// Group runs goroutines that read a mapping, with faults turned into
// panics (as Guard does), and forwards their panics to the goroutine that
// waits for them, where Guard or a caller's recover sees them. The zero
// value is ready to use.
type Group struct {
	wg       sync.WaitGroup
	mu       sync.Mutex
	panicked any
}

// Go runs fn on a new goroutine.
func (g *Group) Go(fn func()) {
	g.wg.Go(func() {
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		defer func() {
			if r := recover(); r != nil {
				g.mu.Lock()
				if g.panicked == nil {
					g.panicked = r
				}
				g.mu.Unlock()
			}
		}()
		fn()
	})
}

// Wait blocks until every fn has returned, then panics with the first
// panic of one, if any.
func (g *Group) Wait() {
	g.wg.Wait()
	if g.panicked != nil {
		panic(g.panicked)
	}
}
