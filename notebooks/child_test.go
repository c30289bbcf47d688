package notebooks_test

import (
	"os"

	"github.com/huntbook/huntbook/pkg/cli"
)

// The test binary stands in for huntbook when an in-process `huntbook run`
// (TestObserved) starts its engine as a child process: the child is this
// binary again, with the variable pkg/cli sets for its engine children.
func init() {
	if os.Getenv("HUNTBOOK_ENGINE_CHILD") == "1" {
		os.Exit(cli.Main(os.Args[1:], cli.Stdio()))
	}
}
