package boundedread

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

// BlockSize is the size of the blocks an input of unknown size is read in.
const BlockSize = 1 << 20

// ErrTooLarge is wrapped by the error for an input over its limit.
var ErrTooLarge = errors.New("input too large")

// ErrBinary is returned by NoNUL.
var ErrBinary = errors.New("a NUL byte: this is not a text file")

// ReadAll reads r to its end, at most limit bytes. hint, when positive, is
// the expected size. check, when not nil, sees each block read (with the
// offset of its first byte) and can stop the read with an error. An input
// longer than limit gives an error wrapping ErrTooLarge.
func ReadAll(r io.Reader, limit, hint int64, check func(off int64, block []byte) error) ([]byte, error) {
	if hint > 0 && hint <= limit {
		return readHinted(r, limit, hint, check)
	}
	var blocks [][]byte
	var total int64
	for {
		n := int64(BlockSize)
		if rest := limit + 1 - total; rest < n {
			n = rest
		}
		if n <= 0 {
			return nil, tooLarge(limit)
		}
		b := make([]byte, n)
		m, err := io.ReadFull(r, b)
		b = b[:m]
		if m > 0 {
			if check != nil {
				if cerr := check(total, b); cerr != nil {
					return nil, cerr
				}
			}
			blocks = append(blocks, b)
			total += int64(m)
			if total > limit {
				return nil, tooLarge(limit)
			}
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if len(blocks) == 1 {
		return blocks[0], nil
	}
	return bytes.Join(blocks, nil), nil
}

// readHinted reads into one buffer of the hinted size, growing past it
// (by blocks, up to limit) only if the input is longer than announced.
func readHinted(r io.Reader, limit, hint int64, check func(int64, []byte) error) ([]byte, error) {
	buf := make([]byte, hint, hint+1)
	m, err := io.ReadFull(r, buf)
	buf = buf[:m]
	if check != nil && m > 0 {
		if cerr := check(0, buf); cerr != nil {
			return nil, cerr
		}
	}
	switch {
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		return buf, nil
	case err != nil:
		return nil, err
	}
	rest, err := ReadAll(r, limit-hint, 0, func(off int64, b []byte) error {
		if check == nil {
			return nil
		}
		return check(hint+off, b)
	})
	if errors.Is(err, ErrTooLarge) {
		return nil, tooLarge(limit)
	}
	if err != nil {
		return nil, err
	}
	if len(rest) == 0 {
		return buf, nil
	}
	return append(buf, rest...), nil
}

func tooLarge(limit int64) error {
	return fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)
}

// NoNUL is a check that stops at the first NUL byte, with its offset.
func NoNUL(off int64, b []byte) error {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return &NULError{Offset: off + int64(i)}
	}
	return nil
}

// NULError is the error NoNUL returns.
type NULError struct{ Offset int64 }

func (e *NULError) Error() string {
	return fmt.Sprintf("byte %d is NUL: this is not a text file", e.Offset)
}

// Unwrap returns ErrBinary.
func (e *NULError) Unwrap() error { return ErrBinary }
