package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
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
