package cli

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"
)

func init() {
	Register(func(s IO) *cobra.Command {
		return &cobra.Command{
			Use:   "version",
			Short: "Print huntbook's version",
			Args:  cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				_, err := fmt.Fprintf(s.Out, "huntbook %s (%s %s/%s)\n", Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
				return err
			},
		}
	})
}
