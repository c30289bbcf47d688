package interp

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync"
	"time"
	"unicode/utf8"
)

// A capture reads one pipe that stands in for os.Stdout or os.Stderr while
// cells run, and hands the text on in chunks. Sync makes sure every byte
// written before it was called has been handed on, by writing a random
// marker into the pipe and waiting for the reader to see it: that keeps
// streams and display outputs in the order the cell produced them.
type capture struct {
	name   string
	r, w   *os.File
	ids    [2]fs.FileInfo // of r and w when made, to notice a cell closing or replacing them
	marker []byte
	acks   chan struct{}
	emit   func(name, text string) // set per cell, under mu
	mu     sync.Mutex
	done   chan struct{}
}

func newCapture(name string) (*capture, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	var ids [2]fs.FileInfo
	for i, f := range []*os.File{r, w} {
		if ids[i], err = f.Stat(); err != nil {
			r.Close()
			w.Close()
			return nil, err
		}
	}
	tok := make([]byte, 12)
	_, _ = rand.Read(tok)
	c := &capture{
		name:   name,
		r:      r,
		w:      w,
		ids:    ids,
		marker: []byte("\x00\x1bhuntbook-sync-" + hex.EncodeToString(tok) + "\x00"),
		acks:   make(chan struct{}, 1),
		done:   make(chan struct{}),
	}
	go c.read()
	return c, nil
}

func (c *capture) setEmit(f func(name, text string)) {
	c.mu.Lock()
	c.emit = f
	c.mu.Unlock()
}

func (c *capture) send(b []byte) {
	if len(b) == 0 {
		return
	}
	c.mu.Lock()
	f := c.emit
	c.mu.Unlock()
	if f != nil {
		f(c.name, string(b))
	}
}

// read runs until the pipe is closed.
func (c *capture) read() {
	defer close(c.done)
	buf := make([]byte, 32<<10)
	var pending []byte
	for {
		n, err := c.r.Read(buf)
		pending = append(pending, buf[:n]...)
		for {
			i := bytes.Index(pending, c.marker)
			if i < 0 {
				break
			}
			c.send(pending[:i])
			pending = pending[i+len(c.marker):]
			c.acks <- struct{}{}
		}
		// Hand on all but a tail that could start a marker or is an
		// incomplete UTF-8 sequence.
		keep := c.heldBack(pending)
		c.send(pending[:len(pending)-keep])
		pending = append(pending[:0], pending[len(pending)-keep:]...)
		if err != nil {
			c.send(pending)
			return
		}
	}
}

// heldBack returns how many trailing bytes of p must wait for more input.
func (c *capture) heldBack(p []byte) int {
	for k := min(len(p), len(c.marker)-1); k > 0; k-- {
		if bytes.HasPrefix(c.marker, p[len(p)-k:]) {
			return k
		}
	}
	for k := 1; k <= 3 && k <= len(p); k++ {
		if utf8.RuneStart(p[len(p)-k]) {
			if !utf8.FullRune(p[len(p)-k:]) {
				return k
			}
			break
		}
	}
	return 0
}

// sync returns once everything written to the pipe so far has been handed on.
// When the cell closed the pipe, the reader hands on what was written
// before and stops: sync waits for that (a second at most, in case a
// process the cell started holds the pipe open).
func (c *capture) sync() {
	if _, err := c.w.Write(c.marker); err != nil {
		select {
		case <-c.done:
		case <-time.After(time.Second):
		}
		return
	}
	<-c.acks
}

// intact reports whether both ends of the pipe are still the ones made:
// a cell may close os.Stdout (os.Stdout.Close()) or the descriptor under it.
func (c *capture) intact() bool {
	for i, f := range []*os.File{c.r, c.w} {
		fi, err := f.Stat()
		if err != nil || !os.SameFile(fi, c.ids[i]) {
			return false
		}
	}
	return true
}

// closedByCell reports whether the cell closed the pipe through its
// *os.File, as opposed to closing or reusing the descriptor underneath.
func (c *capture) closedByCell() bool {
	_, err := c.w.Stat()
	return errors.Is(err, os.ErrClosed)
}

func (c *capture) close() {
	c.w.Close()
	<-c.done
	c.r.Close()
}

// restoreStreams gives the next cells working streams when this cell closed
// os.Stdout or os.Stderr (or the descriptor under one), and says so in the
// cell's output. It runs after the cell, streams synced.
func (e *Engine) restoreStreams() {
	for _, c := range []**capture{&e.out, &e.err} {
		old := *c
		if old.intact() {
			continue
		}
		stream := "os.Stdout"
		if old.name == "stderr" {
			stream = "os.Stderr"
		}
		nc, err := newCapture(old.name)
		if err != nil {
			e.emitStream("stderr", fmt.Sprintf("\nhuntbook: this cell closed %s, and no new one could be made (%v): later cells' %s is lost\n", stream, err, old.name))
			continue
		}
		old.setEmit(nil)
		if old.closedByCell() {
			go old.close()
		} else {
			// The descriptors may be the cell's own files by now: leave
			// them open, and keep the old *os.File values from being
			// finalized (which would close them).
			e.broken = append(e.broken, old)
		}
		*c = nc
		e.emitStream("stderr", fmt.Sprintf("\nhuntbook: this cell closed %s; what it wrote there afterwards was lost. The next cells write to a new %s.\n", stream, stream))
	}
}
