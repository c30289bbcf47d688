package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/huntbook/huntbook/internal/atomicfile"
	"github.com/huntbook/huntbook/pkg/attack"
	"github.com/huntbook/huntbook/pkg/ossem"
)

// writeStubs writes a skeleton OSSEM-DM relationship file per gap into dir
// (created if needed). A file that exists is never overwritten: it is
// reported and left alone. Each file appears whole or not at all: it is
// written to a temporary file and linked into place, which fails if the
// name was taken meanwhile.
func writeStubs(s IO, m *ossem.Mapping, gaps []attack.Gap, dir string) error {
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return fmt.Errorf("--stub %s: not a directory; name a directory for the stub files", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("--stub: %w", err)
	}
	stubs := attack.Stubs(m, gaps)
	written, kept := 0, 0
	for _, st := range stubs {
		path := filepath.Join(dir, st.File)
		ok, err := createNew(path, st.YAML())
		if err != nil {
			return fmt.Errorf("--stub: %w (%d of %d stubs written before it)", err, written, len(stubs))
		}
		if !ok {
			kept++
			s.Notef("%s exists; left as it is", path)
			continue
		}
		written++
	}
	existed := ""
	if kept > 0 {
		existed = fmt.Sprintf(" (%d existed and were kept)", kept)
	}
	s.Notef("wrote %d OSSEM-DM relationship stubs to %s%s; fill in behavior and security_events, then contribute them to https://github.com/OTRF/OSSEM-DM", written, dir, existed)
	return nil
}

// createNew writes data to path if path does not exist; it reports false
// when it does.
func createNew(path string, data []byte) (bool, error) {
	_, err := atomicfile.Create(path, func(w io.Writer) error { _, err := w.Write(data); return err })
	if errors.Is(err, atomicfile.ErrExist) {
		return false, nil
	}
	return err == nil, err
}
