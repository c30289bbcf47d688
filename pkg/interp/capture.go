package interp

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"os"
	"sync"
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
	tok := make([]byte, 12)
	_, _ = rand.Read(tok)
	c := &capture{
		name:   name,
		r:      r,
		w:      w,
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
func (c *capture) sync() {
	if _, err := c.w.Write(c.marker); err != nil {
		return
	}
	<-c.acks
}

func (c *capture) close() {
	c.w.Close()
	<-c.done
	c.r.Close()
}
