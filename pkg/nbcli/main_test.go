package nbcli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/huntbook/huntbook/pkg/cli"
)

// run executes huntbook-notebook in-process (huntbook's commands and this
// package's) and returns its exit status and streams.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.Main(args, cli.IO{In: strings.NewReader(stdin), Out: &out, Err: &errb,
		Getenv: func(string) string { return "" }})
	return code, out.String(), errb.String()
}
