package notebook

import (
	"encoding/json"
	"testing"

	"github.com/huntbook/huntbook/internal/golden"
)

func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	golden.Check(t, path, got)
}

func jsonNumber(s string) json.Number { return json.Number(s) }
