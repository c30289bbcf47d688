package engine

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"

	"github.com/huntbook/huntbook/pkg/display"
	"github.com/huntbook/huntbook/pkg/interp"
	"github.com/huntbook/huntbook/pkg/notebook"
)

// Request operations.
const (
	opExecute   = "execute"
	opComplete  = "complete"
	opInspect   = "inspect"
	opInterrupt = "interrupt"
	opInput     = "input" // a line for the cell that asked (kindInput)
)

// Reply kinds.
const (
	kindReady    = "ready"
	kindOutput   = "output"
	kindDone     = "done"
	kindComplete = "complete"
	kindInspect  = "inspect"
	kindInput    = "input" // the cell reads standard input: ask for a line
)

// request goes from the parent to the child.
type request struct {
	ID     int64  `json:"id"`
	Op     string `json:"op"`
	Code   string `json:"code,omitempty"`
	Cursor int    `json:"cursor,omitempty"`
	// execute: the caller can answer input requests
	Stdin bool `json:"stdin,omitempty"`
	// input: the answer to the child's request Seq, a line or an error
	Seq  int64  `json:"seq,omitempty"`
	Text string `json:"text,omitempty"`
	Err  string `json:"err,omitempty"`
}

// reply goes from the child to the parent.
type reply struct {
	ID   int64  `json:"id"`
	Kind string `json:"kind"`
	// output
	Output *notebook.Output `json:"output,omitempty"`
	// done: Stuck when the cell did not stop after an interrupt, Crash when
	// the engine cannot run more cells (and why).
	Stuck bool   `json:"stuck,omitempty"`
	Crash string `json:"crash,omitempty"`
	// ready: Err when the engine did not start; MemoryLimit as applied.
	Err         string `json:"err,omitempty"`
	MemoryLimit int64  `json:"memory_limit,omitempty"`
	// input: the request's number and prompt
	Seq    int64  `json:"seq,omitempty"`
	Prompt string `json:"prompt,omitempty"`
	// complete and inspect
	Completion *interp.Completion `json:"completion,omitempty"`
	Inspect    *display.Data      `json:"inspect,omitempty"`
	Found      bool               `json:"found,omitempty"`
}

// writeFrame writes v as one frame: a 4-byte big-endian length, then JSON.
func writeFrame(w io.Writer, v any) error {
	var buf bytes.Buffer
	buf.Write([]byte{0, 0, 0, 0})
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	b := buf.Bytes()
	if len(b)-4 > 1<<31-1 {
		return fmt.Errorf("engine: a message of %d bytes is too large", len(b)-4)
	}
	binary.BigEndian.PutUint32(b, uint32(len(b)-4))
	_, err := w.Write(b)
	return err
}

// readFrame reads one frame of at most limit bytes into v.
func readFrame(r io.Reader, limit int, v any) error {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return err
	}
	n := binary.BigEndian.Uint32(hdr[:])
	if int64(n) > int64(limit) {
		return fmt.Errorf("engine: a message of %d bytes is over the limit of %d", n, limit)
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("engine: a malformed message: %w", err)
	}
	return nil
}
