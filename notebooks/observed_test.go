package notebooks_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/huntbook/huntbook/pkg/cli"
)

// TestObserved runs observed.ipynb headless (huntbook run, in-process) over
// the shared EVTX-ATTACK-SAMPLES files and checks what it measures.
func TestObserved(t *testing.T) {
	for _, dir := range []string{"../../shared/data/evtx", "../../shared/data/ossem-dm"} {
		if _, err := os.Stat(dir); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("shared data missing in CI: %v", err)
			}
			t.Skipf("shared data absent: %v", err)
		}
	}
	out := filepath.Join(t.TempDir(), "observed.ipynb")
	var stdout, stderr bytes.Buffer
	code := cli.Main([]string{"run", "observed.ipynb", "--executed", out, "-q"},
		cli.IO{In: strings.NewReader(""), Out: &stdout, Err: &stderr, Getenv: func(string) string { return "" }})
	if code != 0 {
		t.Fatalf("huntbook run: exit %d\n%s", code, stderr.String())
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var nb struct {
		Cells []struct {
			Outputs []map[string]any `json:"outputs"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, c := range nb.Cells {
		for _, o := range c.Outputs {
			if o["output_type"] == "error" {
				t.Errorf("cell error: %v", o)
			}
			j, _ := json.Marshal(o)
			all.Write(j)
		}
	}
	for _, want := range []string{
		"2573 events",
		`Lateral Movement     1288`,
		"940 events 5145 in 10 files",
		"Credential Access       38                                    25",
	} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("outputs lack %q", want)
		}
	}
}
