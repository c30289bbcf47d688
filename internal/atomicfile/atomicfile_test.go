package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func text(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out
}

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "r.html")
	if n, err := Write(p, text("one")); err != nil || n != 3 {
		t.Fatalf("Write = %d, %v", n, err)
	}
	os.Chmod(p, 0o600)
	if _, err := Write(p, text("two")); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(p)
	fi, _ := os.Stat(p)
	if string(data) != "two" || fi.Mode().Perm() != 0o600 {
		t.Errorf("content %q mode %v; want two, 0600 kept", data, fi.Mode().Perm())
	}
	// A failing writer leaves the old file and no temporary file.
	boom := errors.New("boom")
	if _, err := Write(p, func(w io.Writer) error { io.WriteString(w, "partial"); return boom }); !errors.Is(err, boom) {
		t.Errorf("err = %v, want boom", err)
	}
	data, _ = os.ReadFile(p)
	if string(data) != "two" {
		t.Errorf("a failed write changed the file to %q", data)
	}
	if diff := cmp.Diff([]string{"r.html"}, names(t, dir)); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	if _, err := Write(dir, text("x")); err == nil || !strings.Contains(err.Error(), "directory") {
		t.Errorf("writing over a directory: %v", err)
	}
}

func TestCreate(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "stub.yaml")
	if _, err := Create(p, text("first")); err != nil {
		t.Fatal(err)
	}
	if _, err := Create(p, text("second")); !errors.Is(err, ErrExist) {
		t.Errorf("err = %v, want ErrExist", err)
	}
	data, _ := os.ReadFile(p)
	if string(data) != "first" {
		t.Errorf("Create replaced the file: %q", data)
	}
	if diff := cmp.Diff([]string{"stub.yaml"}, names(t, dir)); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
}

func TestCreateFreeConcurrent(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "report.html")
	var wg sync.WaitGroup
	got := make([]string, 8)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name, _, err := CreateFree(p, text(strings.Repeat("x", 1000+i)))
			if err != nil {
				t.Error(err)
			}
			got[i] = filepath.Base(name)
		}()
	}
	wg.Wait()
	want := []string{"report-2.html", "report-3.html", "report-4.html", "report-5.html", "report-6.html", "report-7.html", "report-8.html", "report.html"}
	if diff := cmp.Diff(want, names(t, dir)); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	for i, name := range got {
		data, _ := os.ReadFile(filepath.Join(dir, name))
		if len(data) != 1000+i {
			t.Errorf("writer %d's file %s holds %d bytes", i, name, len(data))
		}
	}
}

func TestWriteSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real.html")
	if err := os.WriteFile(target, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "latest.html")
	if err := os.Symlink("real.html", link); err != nil {
		t.Fatal(err)
	}
	if err := WriteBytes(link, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v %v", fi.Mode(), err)
	}
	if b, _ := os.ReadFile(target); string(b) != "new" {
		t.Errorf("target holds %q, want new", b)
	}
	if fi, _ := os.Stat(target); fi.Mode().Perm() != 0o600 {
		t.Errorf("target mode %v, want 0600 kept", fi.Mode().Perm())
	}

	// A character device is written through, not replaced.
	if n, err := Write("/dev/null", func(w io.Writer) error { _, err := w.Write([]byte("x")); return err }); err != nil || n != 1 {
		t.Errorf("/dev/null: %d, %v", n, err)
	}
	if fi, err := os.Stat("/dev/null"); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("/dev/null is no longer a device: %v", err)
	}

	// A FIFO is written through.
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("mkfifo:", err)
	}
	got := make(chan string)
	go func() {
		b, _ := os.ReadFile(fifo)
		got <- string(b)
	}()
	if err := WriteBytes(fifo, []byte("through")); err != nil {
		t.Fatal(err)
	}
	if s := <-got; s != "through" {
		t.Errorf("FIFO read %q", s)
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced")
	}
}

func TestRemoveTemps(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.html")
	started, release := make(chan bool), make(chan bool)
	errc := make(chan error)
	go func() {
		_, err := Write(path, func(w io.Writer) error {
			started <- true
			<-release
			_, err := w.Write([]byte("x"))
			return err
		})
		errc <- err
	}()
	<-started
	RemoveTemps()
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("temporaries left: %v", entries)
	}
	close(release)
	if err := <-errc; err == nil {
		t.Error("the write whose temporary was removed succeeded")
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("out.html exists")
	}
}

// TestRefuse: after Refuse, Write, Create and CreateFree fail with
// ErrStopped, the old content stays, and no temporary file is left.
func TestRefuse(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "report.html")
	if err := os.WriteFile(old, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	Refuse()
	t.Cleanup(func() { tempsMu.Lock(); refusing = false; tempsMu.Unlock() })
	write := func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }
	if _, err := Write(old, write); !errors.Is(err, ErrStopped) {
		t.Errorf("Write: %v", err)
	}
	if _, err := Create(filepath.Join(dir, "new.html"), write); !errors.Is(err, ErrStopped) {
		t.Errorf("Create: %v", err)
	}
	if _, _, err := CreateFree(old, write); !errors.Is(err, ErrStopped) {
		t.Errorf("CreateFree: %v", err)
	}
	if b, _ := os.ReadFile(old); string(b) != "old" {
		t.Errorf("report.html = %q", b)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("files left: %v", ents)
	}
}
