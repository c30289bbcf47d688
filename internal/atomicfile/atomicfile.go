// Package atomicfile writes files so that no reader, and no crash, ever
// sees a partial one: the content goes to a temporary dot-file in the
// target's folder, is synced, and only then takes the final name.
//
//	Write       replaces the target in one rename (readers see old or new)
//	Create      takes the name only if it is free (link(2) fails otherwise)
//	CreateFree  takes the first free name among report.html, report-2.html, …
//
// Folders missing from the target's path are created (0755).
//
// A process killed mid-write leaves at most a ".NAME.*.tmp" file beside
// the target, never a partial file under the target's name; a process
// that stops on a signal calls Refuse, so that no write takes its final
// name after the signal, and RemoveTemps, and leaves none.
//
// Special files: Write follows a symbolic link and replaces the file it
// points to (the link stays a link); it writes straight into a FIFO or a
// character device (/dev/null, /dev/stdout, a terminal), where there is
// nothing to replace; it refuses block devices, sockets and directories
// with an error that says so. Create and CreateFree never reuse a name
// that exists, whatever it is.
package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// ErrExist is returned by Create when the target exists.
var ErrExist = fs.ErrExist

// temp writes the content into a synced temporary file beside path with
// the given permissions and returns its name and size; on error it removes
// the file.
func temp(path string, mode fs.FileMode, write func(io.Writer) error) (name string, n int64, err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", 0, err
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return "", 0, err
	}
	track(f.Name())
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
			untrack(f.Name())
		}
	}()
	cw := &counter{w: f}
	bw := bufio.NewWriterSize(cw, 256<<10)
	if err := write(bw); err != nil {
		return "", 0, err
	}
	if err := bw.Flush(); err != nil {
		return "", 0, err
	}
	if err := f.Chmod(mode); err != nil {
		return "", 0, err
	}
	if err := f.Sync(); err != nil {
		return "", 0, err
	}
	if err := f.Close(); err != nil {
		return "", 0, err
	}
	return f.Name(), cw.n, nil
}

// Write writes path through write and renames it into place, so path holds
// either its old content or the whole new one. An existing file keeps its
// permissions; a new one gets 0644. It returns the bytes written.
func Write(path string, write func(io.Writer) error) (int64, error) {
	mode := fs.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		switch t := fi.Mode().Type(); {
		case fi.IsDir():
			return 0, fmt.Errorf("cannot write %s: it is a directory; name a file", path)
		case t&(fs.ModeNamedPipe|fs.ModeCharDevice) != 0:
			return writeThrough(path, write)
		case t != 0:
			return 0, fmt.Errorf("cannot write %s: it is a %s, not a regular file; name a regular file", path, kind(t))
		}
		mode = fi.Mode().Perm()
	}
	if target, err := filepath.EvalSymlinks(path); err == nil && target != path {
		path = target // replace what the link points to, keep the link
	}
	tmp, n, err := temp(path, mode, write)
	if err != nil {
		return 0, fmt.Errorf("cannot write %s: %w", path, err)
	}
	defer untrack(tmp)
	if err := commit(tmp, func() error { return os.Rename(tmp, path) }); err != nil {
		os.Remove(tmp)
		return 0, fmt.Errorf("cannot write %s: %w", path, err)
	}
	return n, nil
}

func kind(t fs.FileMode) string {
	switch {
	case t&fs.ModeDevice != 0:
		return "block device"
	case t&fs.ModeSocket != 0:
		return "socket"
	}
	return "special file"
}

// writeThrough writes into a FIFO or character device as it is.
func writeThrough(path string, write func(io.Writer) error) (int64, error) {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return 0, fmt.Errorf("cannot write %s: %w", path, err)
	}
	cw := &counter{w: f}
	bw := bufio.NewWriterSize(cw, 256<<10)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, fmt.Errorf("cannot write %s: %w", path, err)
	}
	return cw.n, nil
}

var (
	tempsMu sync.Mutex
	temps   = map[string]bool{}
)

func track(name string) {
	tempsMu.Lock()
	temps[name] = true
	tempsMu.Unlock()
}

func untrack(name string) {
	tempsMu.Lock()
	delete(temps, name)
	tempsMu.Unlock()
}

// refusing is set by Refuse, under tempsMu.
var refusing bool

// ErrStopped is the error of a write refused because the process is
// stopping on a signal (Refuse).
var ErrStopped = errors.New("not written: huntbook is stopping on a signal")

// Refuse makes every write that has not taken its final name yet fail
// with ErrStopped, its temporary file removed: for a process stopping on
// a signal, whose outputs must keep their old content even when its work
// ends within the grace it is given.
func Refuse() {
	tempsMu.Lock()
	refusing = true
	tempsMu.Unlock()
}

// commit gives tmp its final name through do, unless Refuse was called.
func commit(tmp string, do func() error) error {
	tempsMu.Lock()
	defer tempsMu.Unlock()
	if refusing {
		return ErrStopped
	}
	return do()
}

// RemoveTemps removes the temporary files of writes still under way, for
// a process about to exit on a signal. Those writes then fail.
func RemoveTemps() {
	tempsMu.Lock()
	defer tempsMu.Unlock()
	for name := range temps {
		os.Remove(name)
		delete(temps, name)
	}
}

// WriteBytes is Write for content already in memory.
func WriteBytes(path string, data []byte) error {
	_, err := Write(path, func(w io.Writer) error { _, err := w.Write(data); return err })
	return err
}

// Create writes path only if no file has that name, even when several
// processes try at once; otherwise it returns an error wrapping ErrExist
// and leaves the existing file alone.
func Create(path string, write func(io.Writer) error) (int64, error) {
	if _, err := os.Lstat(path); err == nil {
		return 0, fmt.Errorf("cannot write %s: %w", path, ErrExist)
	}
	tmp, n, err := temp(path, 0o644, write)
	if err != nil {
		return 0, fmt.Errorf("cannot write %s: %w", path, err)
	}
	defer untrack(tmp)
	defer os.Remove(tmp)
	if err := commit(tmp, func() error { return os.Link(tmp, path) }); err != nil {
		return 0, fmt.Errorf("cannot write %s: %w", path, err)
	}
	return n, nil
}

// CreateFree writes to the first free name among path, stem-2.ext,
// stem-3.ext, … and returns the name it took. Concurrent writers never
// take the same name.
func CreateFree(path string, write func(io.Writer) error) (string, int64, error) {
	tmp, n, err := temp(path, 0o644, write)
	if err != nil {
		return "", 0, fmt.Errorf("cannot write %s: %w", path, err)
	}
	defer untrack(tmp)
	defer os.Remove(tmp)
	ext := filepath.Ext(path)
	stem := strings.TrimSuffix(path, ext)
	for i := 1; i < 10000; i++ {
		name := path
		if i > 1 {
			name = fmt.Sprintf("%s-%d%s", stem, i, ext)
		}
		err := commit(tmp, func() error { return os.Link(tmp, name) })
		if errors.Is(err, ErrStopped) {
			return "", 0, fmt.Errorf("cannot write %s: %w", name, err)
		}
		if err == nil {
			return name, n, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", 0, fmt.Errorf("cannot write %s: %w", name, err)
		}
	}
	return "", 0, fmt.Errorf("cannot write %s: 9999 files with its name exist; clean up or overwrite", path)
}

type counter struct {
	w io.Writer
	n int64
}

func (c *counter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
