// Command huntbook answers, for MITRE ATT&CK (sub)techniques, which data
// sources, data components and security events to collect and where the gaps
// are. See the README for the subcommands; all logic lives in pkg/.
package main

import (
	"os"

	"github.com/huntbook/huntbook/pkg/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.Stdio()))
}
