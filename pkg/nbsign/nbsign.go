package nbsign

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
)

// Algorithm is the digest nbformat uses by default and the only one here.
const Algorithm = "sha256"

// MaxDepth bounds the nesting of JSON values Signature accepts.
const MaxDepth = 10000

// ErrNotNotebook is wrapped by Signature's errors for input that is not a
// JSON object.
var ErrNotNotebook = errors.New("not a notebook")

// DataDir returns the Jupyter data directory, as jupyter_core computes it.
func DataDir() (string, error) {
	if d := os.Getenv("JUPYTER_DATA_DIR"); d != "" {
		return d, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("nbsign: no home directory to find the Jupyter data directory in (set JUPYTER_DATA_DIR): %w", err)
	}
	switch runtime.GOOS {
	case "darwin":
		return filepath.Join(home, "Library", "Jupyter"), nil
	case "windows":
		if a := os.Getenv("APPDATA"); a != "" {
			return filepath.Join(a, "jupyter"), nil
		}
		return filepath.Join(home, ".jupyter", "data"), nil
	}
	if x := os.Getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "jupyter"), nil
	}
	return filepath.Join(home, ".local", "share", "jupyter"), nil
}

// Key returns the signing key in dir's notebook_secret, creating the file as
// Jupyter does (1024 random bytes, base64 with line breaks, mode 0600) when
// it does not exist.
func Key(dir string) ([]byte, error) {
	path := filepath.Join(dir, "notebook_secret")
	b, err := os.ReadFile(path)
	if err == nil {
		return b, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("nbsign: reading the signing key: %w", err)
	}
	raw := make([]byte, 1024)
	if _, err := rand.Read(raw); err != nil {
		return nil, fmt.Errorf("nbsign: %w", err)
	}
	key := encodebytes(raw)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("nbsign: creating the Jupyter data directory: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) { // created meanwhile by Jupyter
		return Key(dir)
	}
	if err != nil {
		return nil, fmt.Errorf("nbsign: creating the signing key: %w", err)
	}
	if _, err := f.Write(key); err != nil {
		f.Close()
		return nil, fmt.Errorf("nbsign: writing the signing key %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("nbsign: writing the signing key %s: %w", path, err)
	}
	return key, nil
}

// encodebytes is Python's base64.encodebytes: lines of 76 characters, each
// ending in a newline.
func encodebytes(b []byte) []byte {
	s := base64.StdEncoding.EncodeToString(b)
	var out bytes.Buffer
	for len(s) > 76 {
		out.WriteString(s[:76])
		out.WriteByte('\n')
		s = s[76:]
	}
	out.WriteString(s)
	out.WriteByte('\n')
	return out.Bytes()
}

// Signature returns the lower-case hex HMAC-SHA256 of the notebook nb (its
// JSON text) under key, as nbformat.sign computes it.
func Signature(nb, key []byte) (string, error) {
	dec := json.NewDecoder(bytes.NewReader(nb))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return "", fmt.Errorf("nbsign: %w: %v", ErrNotNotebook, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return "", fmt.Errorf("nbsign: %w: data after the notebook's JSON object", ErrNotNotebook)
	}
	top, ok := v.(map[string]any)
	if !ok {
		return "", fmt.Errorf("nbsign: %w: the JSON is not an object", ErrNotNotebook)
	}
	strip(top)
	h := hmac.New(sha256.New, key)
	if err := feed(h, top, 0); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// strip removes what nbformat drops on reading (strip_transient) and the
// signature itself.
func strip(nb map[string]any) {
	if md, ok := nb["metadata"].(map[string]any); ok {
		delete(md, "signature")
		delete(md, "orig_nbformat")
		delete(md, "orig_nbformat_minor")
	}
	cells, _ := nb["cells"].([]any)
	for _, c := range cells {
		if c, ok := c.(map[string]any); ok {
			if md, ok := c["metadata"].(map[string]any); ok {
				delete(md, "trusted")
			}
		}
	}
}

func feed(h hash.Hash, v any, depth int) error {
	if depth > MaxDepth {
		return fmt.Errorf("nbsign: %w: JSON nested deeper than %d", ErrNotNotebook, MaxDepth)
	}
	switch v := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys) // bytes of UTF-8 sort as Python's code points do
		for _, k := range keys {
			io.WriteString(h, k)
			if err := feed(h, v[k], depth+1); err != nil {
				return err
			}
		}
	case []any:
		for _, e := range v {
			if err := feed(h, e, depth+1); err != nil {
				return err
			}
		}
	case string:
		io.WriteString(h, v)
	case json.Number:
		io.WriteString(h, pyNumber(string(v)))
	case bool:
		io.WriteString(h, map[bool]string{true: "True", false: "False"}[v])
	case nil:
		io.WriteString(h, "None")
	}
	return nil
}

// pyNumber is str() of the number Python's json module reads from the
// JSON number text s: an int for integer literals, else a float's repr.
func pyNumber(s string) string {
	if !strings.ContainsAny(s, ".eE") {
		neg := strings.HasPrefix(s, "-")
		d := strings.TrimLeft(strings.TrimPrefix(s, "-"), "0")
		if d == "" {
			return "0"
		}
		if neg {
			return "-" + d
		}
		return d
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil { // out of range: Python gives inf
		if strings.HasPrefix(s, "-") {
			return "-inf"
		}
		return "inf"
	}
	return pyFloat(f)
}

// pyFloat is Python's repr of a float: the shortest digits that read back,
// in fixed notation when the exponent is in [-4, 16), else d.ddde±XX.
func pyFloat(f float64) string {
	e := strconv.FormatFloat(f, 'e', -1, 64) // d.ddde±XX
	mant, exps, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(exps)
	neg := strings.HasPrefix(mant, "-")
	digits := strings.ReplaceAll(strings.TrimPrefix(mant, "-"), ".", "")
	sign := ""
	if neg {
		sign = "-"
	}
	if exp < -4 || exp >= 16 {
		m := digits[:1]
		if len(digits) > 1 {
			m += "." + digits[1:]
		}
		es := "+"
		if exp < 0 {
			es, exp = "-", -exp
		}
		return fmt.Sprintf("%s%se%s%02d", sign, m, es, exp)
	}
	if exp < 0 {
		return sign + "0." + strings.Repeat("0", -exp-1) + digits
	}
	if len(digits) <= exp+1 {
		return sign + digits + strings.Repeat("0", exp+1-len(digits)) + ".0"
	}
	return sign + digits[:exp+1] + "." + digits[exp+1:]
}

// storeScript adds or refreshes one signature in nbformat's database
// schema; argv: database, algorithm, signature.
const storeScript = `import sqlite3, sys, datetime
db = sqlite3.connect(sys.argv[1])
db.execute("CREATE TABLE IF NOT EXISTS nbsignatures (id integer PRIMARY KEY AUTOINCREMENT, algorithm text, signature text, path text, last_seen timestamp)")
db.execute("CREATE INDEX IF NOT EXISTS algosig ON nbsignatures(algorithm, signature)")
now = datetime.datetime.utcnow().isoformat(" ")
if db.execute("SELECT id FROM nbsignatures WHERE algorithm = ? AND signature = ?", (sys.argv[2], sys.argv[3])).fetchone() is None:
    db.execute("INSERT INTO nbsignatures (algorithm, signature, last_seen) VALUES (?, ?, ?)", (sys.argv[2], sys.argv[3], now))
else:
    db.execute("UPDATE nbsignatures SET last_seen = ? WHERE algorithm = ? AND signature = ?", (now, sys.argv[2], sys.argv[3]))
db.commit()
`

// Python is the interpreter Store runs; empty means python3 on PATH, else
// /usr/bin/python3.
var Python = ""

// Store records signature in dir's nbsignatures.db, creating the database
// with nbformat's schema when it does not exist.
func Store(dir, signature string) error {
	if len(signature) != 64 || strings.Trim(signature, "0123456789abcdef") != "" {
		return fmt.Errorf("nbsign: %q is not a hex SHA-256 signature", signature)
	}
	py := Python
	if py == "" {
		var err error
		if py, err = exec.LookPath("python3"); err != nil {
			py = "/usr/bin/python3"
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("nbsign: creating the Jupyter data directory: %w", err)
	}
	db := filepath.Join(dir, "nbsignatures.db")
	out, err := exec.Command(py, "-c", storeScript, db, Algorithm, signature).CombinedOutput()
	if err != nil {
		return fmt.Errorf("nbsign: storing the signature in %s with %s: %v: %s (trust the notebook with: jupyter trust FILE)",
			db, py, err, strings.TrimSpace(string(out)))
	}
	return nil
}

// Sign computes the signature of the notebook nb with the key of the Jupyter
// data directory dir (empty: DataDir) and stores it there, so the notebook
// opens trusted for this user. It returns the signature.
func Sign(dir string, nb []byte) (string, error) {
	if dir == "" {
		var err error
		if dir, err = DataDir(); err != nil {
			return "", err
		}
	}
	key, err := Key(dir)
	if err != nil {
		return "", err
	}
	sig, err := Signature(nb, key)
	if err != nil {
		return "", err
	}
	return sig, Store(dir, sig)
}
