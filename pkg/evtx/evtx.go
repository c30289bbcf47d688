package evtx

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// Errors, for errors.Is.
var (
	ErrNotEVTX   = errors.New("not an EVTX file")
	ErrFormat    = errors.New("malformed")
	ErrTruncated = errors.New("truncated")
	ErrChecksum  = errors.New("checksum mismatch")
	ErrLimit     = errors.New("over a limit")
)

// FormatError is a problem at a place in a file.
type FormatError struct {
	Path   string
	Offset int64  // file offset
	Record uint64 // record ID, 0 when not inside a record
	Err    error
}

func (e *FormatError) Error() string {
	var b strings.Builder
	b.WriteString("evtx: ")
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	fmt.Fprintf(&b, "offset %d", e.Offset)
	if e.Record != 0 {
		fmt.Fprintf(&b, ", record %d", e.Record)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *FormatError) Unwrap() error { return e.Err }

// ChunkError says why a chunk was skipped.
type ChunkError struct {
	Path   string
	Index  int   // chunk number in the file, from 0
	Offset int64 // file offset of the chunk
	Err    error
}

func (e *ChunkError) Error() string {
	p := ""
	if e.Path != "" {
		p = e.Path + ": "
	}
	return fmt.Sprintf("evtx: %schunk %d at offset %d skipped: %v", p, e.Index, e.Offset, e.Err)
}

func (e *ChunkError) Unwrap() error { return e.Err }

const (
	fileHeaderSize = 4096
	maxProblems    = 64 // problems kept in Stats; the counts go on
)

var fileMagic = []byte("ElfFile\x00")

// Header is the file header.
type Header struct {
	FirstChunk   uint64 `json:"first_chunk"`
	LastChunk    uint64 `json:"last_chunk"`
	NextRecordID uint64 `json:"next_record_id"`
	MinorVersion uint16 `json:"minor_version"`
	MajorVersion uint16 `json:"major_version"`
	Chunks       uint16 `json:"chunks"`
	Flags        uint32 `json:"flags"` // 1 dirty, 2 full
}

// Stats counts what reading a file found.
type Stats struct {
	Chunks         int `json:"chunks"`          // chunks decoded
	ChunksUnused   int `json:"chunks_unused"`   // zeroed chunk slots
	ChunksSkipped  int `json:"chunks_skipped"`  // damaged chunks
	Records        int `json:"records"`         // events yielded
	RecordsSkipped int `json:"records_skipped"` // damaged records in good chunks
	// HeaderChecksumBad is set when the file header's CRC32 does not match;
	// the chunks, which carry their own checksums, are read all the same.
	HeaderChecksumBad bool `json:"header_checksum_bad,omitempty"`
	// Problems are the first 64 reasons for skips, in file order.
	Problems []error `json:"-"`
}

func (s *Stats) problem(err error) {
	if len(s.Problems) < maxProblems {
		s.Problems = append(s.Problems, err)
	}
}

// File is an EVTX file open for reading.
type File struct {
	Path   string
	Header Header
	// Workers is how many chunks are decoded at once; 0 means GOMAXPROCS.
	Workers int

	r      io.ReaderAt
	size   int64
	closer io.Closer
	mu     sync.Mutex
	stats  Stats
}

// Open opens an EVTX file and reads its header.
func Open(path string) (*File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("evtx: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("evtx: %w", err)
	}
	if st.IsDir() {
		f.Close()
		return nil, fmt.Errorf("evtx: %s is a directory; use Walk or Files to read the files under it", path)
	}
	ef, err := NewReader(f, st.Size())
	if err != nil {
		f.Close()
		var fe *FormatError
		if errors.As(err, &fe) {
			fe.Path = path
		}
		return nil, err
	}
	ef.Path = path
	ef.closer = f
	return ef, nil
}

// NewReader reads the header of an EVTX file of the given size.
func NewReader(r io.ReaderAt, size int64) (*File, error) {
	var buf [fileHeaderSize]byte
	if size < 128 {
		return nil, &FormatError{Err: fmt.Errorf("%w: %w: %d bytes, a header needs 4096", ErrNotEVTX, ErrTruncated, size)}
	}
	n, err := r.ReadAt(buf[:], 0)
	if err != nil && !(errors.Is(err, io.EOF) && n >= 128) {
		if errors.Is(err, io.EOF) {
			err = ErrTruncated
		}
		return nil, &FormatError{Err: fmt.Errorf("reading the file header: %w", err)}
	}
	if !bytes.Equal(buf[:8], fileMagic) {
		hint := "export the log as .evtx (wevtutil epl, or Save All Events As in Event Viewer)"
		if bytes.Equal(buf[4:8], []byte("LfLe")) {
			hint = "this is a pre-Vista .evt log; convert it with wevtutil epl /lf:true"
		}
		return nil, &FormatError{Err: fmt.Errorf("%w: signature %q, want \"ElfFile\\x00\"; %s", ErrNotEVTX, buf[:8], hint)}
	}
	f := &File{r: r, size: size}
	f.Header = Header{
		FirstChunk:   binary.LittleEndian.Uint64(buf[8:]),
		LastChunk:    binary.LittleEndian.Uint64(buf[16:]),
		NextRecordID: binary.LittleEndian.Uint64(buf[24:]),
		MinorVersion: binary.LittleEndian.Uint16(buf[36:]),
		MajorVersion: binary.LittleEndian.Uint16(buf[38:]),
		Chunks:       binary.LittleEndian.Uint16(buf[42:]),
		Flags:        binary.LittleEndian.Uint32(buf[120:]),
	}
	if got, want := crc32.ChecksumIEEE(buf[:120]), binary.LittleEndian.Uint32(buf[124:]); got != want {
		f.stats.HeaderChecksumBad = true
		f.stats.problem(&FormatError{Offset: 0, Err: fmt.Errorf("%w: file header CRC32 0x%08x, stored 0x%08x; chunks read all the same", ErrChecksum, got, want)})
	}
	if size < fileHeaderSize {
		f.stats.problem(&FormatError{Offset: size, Err: fmt.Errorf("%w: file of %d bytes ends inside its 4096-byte header", ErrTruncated, size)})
		f.stats.ChunksSkipped++
	}
	return f, nil
}

// Close closes the file.
func (f *File) Close() error {
	if f.closer != nil {
		return f.closer.Close()
	}
	return nil
}

// Stats returns the counts so far; after Events has finished they are the
// file's.
func (f *File) Stats() Stats {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.stats
	s.Problems = slices.Clone(s.Problems)
	return s
}

func (f *File) slots() int {
	if f.size <= fileHeaderSize {
		return 0
	}
	return int((f.size - fileHeaderSize + chunkSize - 1) / chunkSize)
}

type job struct {
	index  int
	buf    []byte
	pooled *[]byte
	res    chunkResult
	done   chan struct{}
}

// Events yields the file's events in file order: chunk by chunk, record
// by record. Damaged chunks and records are skipped and counted in Stats;
// the iterator yields an error only when reading fails (I/O, or ctx is
// done), and then stops. Chunks are decoded by Workers goroutines, with at
// most 2×Workers+2 chunks in memory.
func (f *File) Events(ctx context.Context) iter.Seq2[*Event, error] {
	return func(yield func(*Event, error) bool) {
		workers := f.Workers
		if workers <= 0 {
			workers = runtime.GOMAXPROCS(0)
		}
		n := f.slots()
		if n == 0 {
			return
		}
		workers = min(workers, n)
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		jobs := make(chan *job)
		order := make(chan *job, 2*workers)
		pool := sync.Pool{New: func() any { b := make([]byte, chunkSize); return &b }}
		var wg sync.WaitGroup
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := range jobs {
					off := int64(fileHeaderSize) + int64(j.index)*chunkSize
					j.res = decodeChunk(j.buf, off, j.index, f.Path)
					close(j.done)
				}
			}()
		}
		var readErr error
		go func() {
			defer close(order)
			defer close(jobs)
			for i := range n {
				off := int64(fileHeaderSize) + int64(i)*chunkSize
				bp := pool.Get().(*[]byte)
				buf := (*bp)[:chunkSize]
				m, err := f.r.ReadAt(buf, off)
				if err != nil && !errors.Is(err, io.EOF) {
					readErr = fmt.Errorf("evtx: %s: reading chunk %d at offset %d: %w", f.Path, i, off, err)
					return
				}
				j := &job{index: i, buf: buf[:m], pooled: bp, done: make(chan struct{})}
				select {
				case order <- j:
				case <-ctx.Done():
					return
				}
				select {
				case jobs <- j:
				case <-ctx.Done():
					close(j.done)
					return
				}
			}
		}()
		defer wg.Wait()
		for j := range order {
			select {
			case <-j.done:
			case <-ctx.Done():
				for range order {
				}
				yield(nil, fmt.Errorf("evtx: %s: %w", f.Path, ctx.Err()))
				return
			}
			f.mu.Lock()
			switch {
			case j.res.unused:
				f.stats.ChunksUnused++
			case j.res.err != nil:
				f.stats.ChunksSkipped++
				f.stats.problem(j.res.err)
			default:
				f.stats.Chunks++
				f.stats.Records += len(j.res.events)
				f.stats.RecordsSkipped += len(j.res.skipped)
				for _, e := range j.res.skipped {
					f.stats.problem(e)
				}
			}
			f.mu.Unlock()
			evs := j.res.events
			pool.Put(j.pooled)
			for _, ev := range evs {
				if !yield(ev, nil) {
					cancel()
					for range order {
					}
					return
				}
			}
		}
		if readErr != nil {
			yield(nil, readErr)
		} else if err := ctx.Err(); err != nil {
			yield(nil, fmt.Errorf("evtx: %s: %w", f.Path, err))
		}
	}
}

// ReadFile reads every event of one file.
func ReadFile(ctx context.Context, path string) ([]*Event, Stats, error) {
	f, err := Open(path)
	if err != nil {
		return nil, Stats{}, err
	}
	defer f.Close()
	var out []*Event
	for ev, err := range f.Events(ctx) {
		if err != nil {
			return out, f.Stats(), err
		}
		out = append(out, ev)
	}
	return out, f.Stats(), nil
}

// Files returns the EVTX files named by paths: a file as given, a
// directory as the files under it whose names end in ".evtx" (any case),
// sorted by path.
func Files(paths ...string) ([]string, error) {
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("evtx: %w", err)
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.EqualFold(filepath.Ext(path), ".evtx") {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("evtx: %w", err)
		}
		slices.Sort(found)
		out = append(out, found...)
	}
	return out, nil
}

// Walk yields the events of every EVTX file named by paths (see Files). A
// file that cannot be opened or read yields its error, and the walk goes on
// with the next file unless the caller stops.
func Walk(ctx context.Context, paths ...string) iter.Seq2[*Event, error] {
	return func(yield func(*Event, error) bool) {
		files, err := Files(paths...)
		if err != nil {
			yield(nil, err)
			return
		}
		for _, p := range files {
			f, err := Open(p)
			if err != nil {
				if !yield(nil, err) {
					return
				}
				continue
			}
			for ev, err := range f.Events(ctx) {
				if !yield(ev, err) {
					f.Close()
					return
				}
			}
			f.Close()
			if ctx.Err() != nil {
				return
			}
		}
	}
}
