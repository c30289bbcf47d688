package e2e

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestTechniqueIDCase asks for a technique whose id in the mapping is not
// upper case. attack.Technique documents that case does not matter, but
// it upper-cases the id asked for and compares it with the mapping's as
// written, so the technique cannot be found, and the error suggests the
// very id that was typed.
func TestTechniqueIDCase(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "m.yaml"), []byte("- technique_id: t1003.001\n  x_mitre_is_subtechnique: true\n  technique: LSASS Memory\n  log_channel: Security\n"))
	for _, id := range []string{"t1003.001", "T1003.001"} {
		r := huntbook(t, dir, nil, "technique", "--mapping", "m.yaml", id)
		if r.code != 0 || !strings.Contains(r.stdout, "LSASS Memory") {
			t.Errorf("huntbook technique %s: exit %d, stderr %q; want the technique", id, r.code, r.stderr)
		}
	}
}
