package nbcli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeJupyter puts on PATH a jupyter script run by a fake Python whose
// sys.prefix is prefix and whose 'jupyter --paths' lists data.
func fakeJupyter(t *testing.T, prefix string, data ...string) {
	t.Helper()
	bin := t.TempDir()
	py := filepath.Join(bin, "fakepython")
	quoted := `"` + strings.Join(data, `", "`) + `"`
	script := "#!/bin/sh\nif [ \"$1\" = -c ]; then echo " + prefix + "; else echo '{\"data\": [" + quoted + "]}'; fi\n"
	if err := os.WriteFile(py, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bin, "jupyter"), []byte("#!"+py+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("VIRTUAL_ENV", "")
	t.Setenv("CONDA_PREFIX", "")
}

// TestKernelInstallSysPrefix: --sys-prefix installs into the environment of
// the Python that runs jupyter (not the first python3 on PATH) and fails,
// writing nothing, when that Jupyter would not read it.
func TestKernelInstallSysPrefix(t *testing.T) {
	env := t.TempDir()
	fakeJupyter(t, env, filepath.Join(env, "share", "jupyter"))
	code, out := huntbookRun(t, t.TempDir(), "kernel", "install", "--sys-prefix")
	spec := filepath.Join(env, "share", "jupyter", "kernels", "huntbook", "kernel.json")
	if _, err := os.Stat(spec); code != 0 || err != nil || !strings.Contains(out, "Jupyter reads "+filepath.Join(env, "share", "jupyter")) {
		t.Errorf("exit %d, %v: %s", code, err, out)
	}

	other := t.TempDir()
	fakeJupyter(t, other, "/somewhere/else/share/jupyter")
	code, out = huntbookRun(t, t.TempDir(), "kernel", "install", "--sys-prefix")
	if _, err := os.Stat(filepath.Join(other, "share")); code != 1 || err == nil || !strings.Contains(out, "does not read "+filepath.Join(other, "share", "jupyter")) {
		t.Errorf("Jupyter not reading the prefix: exit %d, written: %v: %s", code, err == nil, out)
	}
}

// TestKernelInstallPrefixSaysJupyterPath: --prefix names the JUPYTER_PATH
// Jupyter needs to find the kernel.
func TestKernelInstallPrefixSaysJupyterPath(t *testing.T) {
	fakeJupyter(t, "/usr", "/usr/share/jupyter")
	dir := t.TempDir()
	code, out := huntbookRun(t, dir, "kernel", "install", "--prefix", "p")
	want := "export JUPYTER_PATH=" + filepath.Join(dir, "p", "share", "jupyter")
	if code != 0 || !strings.Contains(out, want) {
		t.Errorf("exit %d: %s, want %q", code, out, want)
	}
}
