// Command huntbook-notebook is huntbook with the commands that run Go
// notebook cells: run (headless reports), kernel (Jupyter) and the engine
// they start for the cells. huntbook hands those commands to it; it lives
// beside huntbook (go build -o DIR ./cmd/..., or go install ./cmd/...).
// Every other command works in it as in huntbook. See package nbcli.
package main

import (
	"os"

	"github.com/huntbook/huntbook/pkg/cli"
	_ "github.com/huntbook/huntbook/pkg/nbcli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.Stdio()))
}
