package nbcli

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/huntbook/huntbook/pkg/cli"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// jupyterPrefix returns sys.prefix of the Python that runs the jupyter
// command on PATH (read from its #! line), which is where --sys-prefix must
// install for that Jupyter to find the kernel: not whatever python3 comes
// first on PATH (a pyenv shim, say).
func jupyterPrefix() (string, error) {
	jup, err := exec.LookPath("jupyter")
	if err != nil {
		return "", errors.New("kernel install: --sys-prefix: no jupyter command on PATH, so no Python environment to install into; install Jupyter (Debian: apt-get install jupyter-notebook) or use --user or --prefix")
	}
	py, err := shebang(jup)
	if err != nil {
		return "", fmt.Errorf("kernel install: --sys-prefix: cannot tell which Python runs %s: %v; use --user or --prefix", jup, err)
	}
	out, err := exec.Command(py, "-c", "import sys; print(sys.prefix)").Output()
	if err != nil {
		return "", fmt.Errorf("kernel install: --sys-prefix: %s (the Python of %s) did not run: %v; use --user or --prefix", py, jup, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// shebang returns the interpreter named on the first line of a script
// ("#!/usr/bin/python3", "#!/usr/bin/env python3").
func shebang(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	line, _ := bufio.NewReader(f).ReadString('\n')
	if !strings.HasPrefix(line, "#!") {
		return "", fmt.Errorf("%s is not a script with a #! line", path)
	}
	fields := strings.Fields(line[2:])
	if len(fields) == 0 {
		return "", fmt.Errorf("%s: empty #! line", path)
	}
	if filepath.Base(fields[0]) == "env" && len(fields) > 1 {
		return exec.LookPath(fields[len(fields)-1])
	}
	return fields[0], nil
}

// jupyterDataPaths returns the data folders the jupyter command on PATH
// searches for kernelspecs (jupyter --paths --json), or nil when there is
// no jupyter to ask.
func jupyterDataPaths() []string {
	jup, err := exec.LookPath("jupyter")
	if err != nil {
		return nil
	}
	out, err := exec.Command(jup, "--paths", "--json").Output()
	if err != nil {
		return nil
	}
	var paths struct {
		Data []string `json:"data"`
	}
	if json.Unmarshal(out, &paths) != nil {
		return nil
	}
	return paths.Data
}

// readsKernels reports whether Jupyter looks for kernels in kernelsDir
// (DATA/kernels for one of its data folders); known is false when there is
// no jupyter to ask.
func readsKernels(kernelsDir string) (reads, known bool) {
	data := jupyterDataPaths()
	if data == nil {
		return false, false
	}
	want := filepath.Clean(filepath.Dir(kernelsDir))
	for _, d := range data {
		if filepath.Clean(d) == want {
			return true, true
		}
		if a, err := filepath.EvalSymlinks(d); err == nil {
			if b, err := filepath.EvalSymlinks(want); err == nil && a == b {
				return true, true
			}
		}
	}
	return false, true
}

// checkSysPrefix fails, before anything is written, when the jupyter on
// PATH does not read the environment --sys-prefix chose.
func checkSysPrefix(kernelsDir string) error {
	if reads, known := readsKernels(kernelsDir); known && !reads {
		return fmt.Errorf("kernel install: --sys-prefix: the jupyter on PATH does not read %s (see 'jupyter --paths'), so it would not find the kernel; nothing written: activate the environment Jupyter runs in, or install with --user, or with --prefix DIR and JUPYTER_PATH", filepath.Dir(kernelsDir))
	}
	return nil
}

// reportInstall says where the kernelspec went and, when Jupyter would not
// find it there, what to do.
func reportInstall(s cli.IO, folder, kernelsDir, name, prefix string) error {
	fmt.Fprintf(s.Out, "Installed kernelspec %s in %s\n", name, folder)
	reads, known := readsKernels(kernelsDir)
	data := filepath.Dir(kernelsDir)
	switch {
	case reads:
		fmt.Fprintf(s.Out, "Jupyter reads %s. Open a notebook with: jupyter notebook, then choose \"Go (huntbook)\".\n", data)
	case prefix != "":
		fmt.Fprintf(s.Out, "Jupyter finds it only when JUPYTER_PATH names that folder:\n  export JUPYTER_PATH=%s\n", data)
	case !known:
		fmt.Fprintf(s.Out, "No jupyter command on PATH to check that it reads %s ('jupyter kernelspec list' tells).\n", data)
	default:
		fmt.Fprintf(s.Out, "The jupyter on PATH does not read %s (see 'jupyter --paths'): set JUPYTER_DATA_DIR or JUPYTER_PATH to it.\n", data)
	}
	return nil
}
