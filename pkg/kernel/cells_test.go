package kernel_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/huntbook/huntbook/internal/jupytertest"
)

// TestJupyterCells drives cells that read standard input, close their
// output streams and panic through jupyter_client (testdata/kernel/cells.py).
func TestJupyterCells(t *testing.T) {
	j := jupytertest.Setup(t)
	out, err := j.Command("-u", filepath.Join("..", "..", "testdata", "kernel", "cells.py")).CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("ALL OK")) {
		t.Fatalf("cells.py: %v\n%s", err, out)
	}
}

// TestJupyterHistory launches the kernel twice through jupyter_client
// (testdata/kernel/history.py): the second kernel's history requests
// return the first one's cells, from a file in the Jupyter data folder that
// only its user can read.
func TestJupyterHistory(t *testing.T) {
	j := jupytertest.Setup(t)
	out, err := j.Command("-u", filepath.Join("..", "..", "testdata", "kernel", "history.py")).CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("ALL OK")) {
		t.Fatalf("history.py: %v\n%s", err, out)
	}
	st, err := os.Stat(filepath.Join(j.Dir, "data", "huntbook", "kernel-history.jsonl"))
	if err != nil {
		t.Fatalf("the history file: %v", err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("the history file's mode is %v, want 0600", st.Mode().Perm())
	}
}
