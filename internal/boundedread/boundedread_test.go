package boundedread

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

type zeros struct{}

func (zeros) Read(b []byte) (int, error) {
	clear(b)
	return len(b), nil
}

type letters struct{}

func (letters) Read(b []byte) (int, error) {
	for i := range b {
		b[i] = 'a'
	}
	return len(b), nil
}

func TestReadAll(t *testing.T) {
	big := strings.Repeat("x", 3*BlockSize+17)
	tests := []struct {
		name    string
		r       io.Reader
		limit   int64
		hint    int64
		check   func(int64, []byte) error
		want    string
		wantErr error
	}{
		{"empty", strings.NewReader(""), 10, 0, nil, "", nil},
		{"small", strings.NewReader("abc"), 10, 0, nil, "abc", nil},
		{"exactly the limit", strings.NewReader("abc"), 3, 0, nil, "abc", nil},
		{"one over", strings.NewReader("abcd"), 3, 0, nil, "", ErrTooLarge},
		{"several blocks", strings.NewReader(big), 1 << 30, 0, nil, big, nil},
		{"hinted exactly", strings.NewReader(big), 1 << 30, int64(len(big)), nil, big, nil},
		{"hint too small", strings.NewReader(big), 1 << 30, 10, nil, big, nil},
		{"hint too large", strings.NewReader("abc"), 1 << 30, 100, nil, "abc", nil},
		{"hinted over the limit", strings.NewReader(big), BlockSize, 10, nil, "", ErrTooLarge},
		{"endless", letters{}, 5 * BlockSize, 0, nil, "", ErrTooLarge},
		{"zeros stop at once", zeros{}, 1 << 40, 0, NoNUL, "", ErrBinary},
		{"NUL after a hint", strings.NewReader("abc\x00"), 1 << 30, 2, NoNUL, "", ErrBinary},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadAll(tt.r, tt.limit, tt.hint, tt.check)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil || !bytes.Equal(got, []byte(tt.want)) {
				t.Fatalf("got %d bytes, %v; want %d bytes", len(got), err, len(tt.want))
			}
		})
	}
}

func TestNULOffset(t *testing.T) {
	_, err := ReadAll(strings.NewReader(strings.Repeat("a", BlockSize+5)+"\x00"), 1<<30, 0, NoNUL)
	var ne *NULError
	if !errors.As(err, &ne) || ne.Offset != BlockSize+5 {
		t.Fatalf("err = %v, want NUL at %d", err, BlockSize+5)
	}
}
