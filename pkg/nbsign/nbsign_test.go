package nbsign

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestPyNumber: the expected strings are Python's str(json.loads(s)),
// printed by /usr/bin/python3 (3.11).
func TestPyNumber(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`0`, `0`},
		{`-0`, `0`},
		{`-12`, `-12`},
		{`1.5`, `1.5`},
		{`2.50`, `2.5`},
		{`1E2`, `100.0`},
		{`1e-5`, `1e-05`},
		{`0.0001`, `0.0001`},
		{`1e16`, `1e+16`},
		{`1.5e16`, `1.5e+16`},
		{`123456789012345678.0`, `1.2345678901234568e+17`},
		{`-0.0`, `-0.0`},
		{`1e400`, `inf`},
		{`-1e400`, `-inf`},
		{`3.141592653589793`, `3.141592653589793`},
		{`1e-7`, `1e-07`},
		{`12345.678`, `12345.678`},
		{`100`, `100`},
		{`0.1`, `0.1`},
		{`1e22`, `1e+22`},
		{`5e-324`, `5e-324`},
		{`99999999999999999999`, `99999999999999999999`},
	} {
		if got := pyNumber(tt.in); got != tt.want {
			t.Errorf("pyNumber(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestSignature: the expected signature was computed by nbformat 5.7
// (Debian python3-nbformat) with
//
//	nb = nbformat.read("executed.ipynb", as_version=4)
//	NotebookNotary(secret=b"test-key\nsecond line\n", db_file=":memory:").compute_signature(nb)
//
// The fixture has what nbformat treats specially: split multiline strings,
// floats and integers written in several ways, null, booleans, a stale
// signature, orig_nbformat, a cell's "trusted" flag and non-ASCII text.
func TestSignature(t *testing.T) {
	nb, err := os.ReadFile(filepath.Join("..", "..", "testdata", "nbsign", "executed.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Signature(nb, []byte("test-key\nsecond line\n"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "50a25d902a28e3e1baaf643637bafbbbf2081a27a8d3cc5d582c7aa3feb18570"; got != want {
		t.Errorf("Signature = %s, want %s", got, want)
	}
}

func TestSignatureBadInput(t *testing.T) {
	deep := strings.Repeat("[", MaxDepth+2) + strings.Repeat("]", MaxDepth+2)
	for _, in := range []string{``, `[]`, `"x"`, `{} {}`, `{"a": 1`, `{"a":` + deep + `}`} {
		if _, err := Signature([]byte(in), []byte("k")); !errors.Is(err, ErrNotNotebook) {
			t.Errorf("Signature(%.20q) error = %v, want ErrNotNotebook", in, err)
		}
	}
}

func TestKeyCreatedAsJupyterDoes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "jupyter")
	k1, err := Key(dir)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(dir, "notebook_secret"))
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("notebook_secret mode %v, want 0600", st.Mode().Perm())
	}
	lines := strings.Split(strings.TrimSuffix(string(k1), "\n"), "\n")
	if len(lines) != 18 || len(lines[0]) != 76 { // 1024 bytes: 1368 base64 characters
		t.Errorf("key has %d lines of %d characters, want base64.encodebytes of 1024 bytes", len(lines), len(lines[0]))
	}
	k2, err := Key(dir)
	if err != nil || !bytes.Equal(k1, k2) {
		t.Errorf("second Key differs or fails: %v", err)
	}
}

// TestJupyterTrustsSigned signs the fixture into a fresh Jupyter data
// directory and asks nbformat itself (python3 -m nbformat.sign, what
// `jupyter trust` runs) whether it is signed.
func TestJupyterTrustsSigned(t *testing.T) {
	if exec.Command("/usr/bin/python3", "-c", "import nbformat.sign").Run() != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("python3-nbformat is missing; CI must install it (.ci/run)")
		}
		t.Skip("python3-nbformat is not installed")
	}
	Python = "/usr/bin/python3"
	dir := filepath.Join(t.TempDir(), "data")
	nbPath := filepath.Join(t.TempDir(), "nb.ipynb")
	nb, err := os.ReadFile(filepath.Join("..", "..", "testdata", "nbsign", "executed.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(nbPath, nb, 0o644); err != nil {
		t.Fatal(err)
	}
	check := func() string {
		cmd := exec.Command("/usr/bin/python3", "-c",
			"import sys, nbformat; from nbformat.sign import NotebookNotary; "+
				"n = NotebookNotary(data_dir=sys.argv[1]); print(n.check_signature(nbformat.read(sys.argv[2], as_version=4)))", dir, nbPath)
		cmd.Env = append(os.Environ(), "JUPYTER_DATA_DIR="+dir, "HOME="+t.TempDir())
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("nbformat: %v\n%s", err, out)
		}
		return strings.TrimSpace(string(out))
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if got := check(); got != "False" {
		t.Fatalf("before signing nbformat says %s, want False", got)
	}
	if _, err := Sign(dir, nb); err != nil {
		t.Fatal(err)
	}
	if _, err := Sign(dir, nb); err != nil { // signing again refreshes, no duplicate
		t.Fatal(err)
	}
	if got := check(); got != "True" {
		t.Errorf("after Sign nbformat says %s, want True", got)
	}
	cmd := exec.Command("/usr/bin/python3", "-m", "nbformat.sign", nbPath)
	cmd.Env = append(os.Environ(), "JUPYTER_DATA_DIR="+dir, "HOME="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "already signed") {
		t.Errorf("python3 -m nbformat.sign: %v: %s, want \"already signed\"", err, out)
	}
}

var jsonNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$`)
