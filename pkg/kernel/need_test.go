package kernel_test

import (
	"os"
	"os/exec"
	"testing"
)

// need skips the test when python cannot import module (the Debian package
// pkg provides it), or fails it under CI=true, where it must be installed.
func need(t *testing.T, python, module, pkg string) {
	t.Helper()
	if exec.Command(python, "-c", "import "+module).Run() == nil {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is missing (python module %s); CI must install it (.ci/run)", pkg, module)
	}
	t.Skipf("%s is not installed (apt-get install %s)", pkg, pkg)
}
