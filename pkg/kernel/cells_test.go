package kernel_test

import (
	"bytes"
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
