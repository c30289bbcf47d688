package nbcli

import (
	"fmt"
	"os"

	"github.com/huntbook/huntbook/pkg/nbsign"
)

// signExecuted signs the executed notebook at path for the user running
// huntbook, in their Jupyter data directory, as `jupyter trust` does.
func signExecuted(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("run: signing %s: %w", path, err)
	}
	if _, err := nbsign.Sign("", b); err != nil {
		return fmt.Errorf("run: signing %s: %w", path, err)
	}
	return nil
}
