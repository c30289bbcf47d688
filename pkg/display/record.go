package display

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
)

// MIMETypeRecord carries a value a notebook records for its run record
// (huntbook run's report.run.json) rather than for the reader: a JSON
// object {"name": ..., "value": ...} or, for an input file,
// {"input": name, "path": ..., "sha256": ...}.
const MIMETypeRecord = "application/vnd.huntbook.record+json"

// Record records value under name in the run record of the notebook being
// run: a number (plotted over time by huntbook runs index), a string, or a
// list of strings (compared as a set by huntbook run --compare-last, which
// lists the items gained and lost). value must encode as JSON. The bundle
// also shows as the text "recorded NAME = VALUE". Outside a notebook it does
// nothing.
func Record(name string, value any) error {
	b, err := json.Marshal(value)
	if err != nil {
		return fmt.Errorf("display: record %q: the value must encode as JSON: %w", name, err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("display: record %q: %w", name, err)
	}
	return Display(MakeData3(MIMETypeRecord, "recorded "+name+" = "+cut(string(b), MaxText),
		map[string]any{"name": name, "value": v}))
}

// RecordInput records the sha256 of the file at path as the input named
// name (mapping, inventory, sysmon, …), so that huntbook run --compare-last
// can say which input changed since the last run.
func RecordInput(name, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("display: record input %q: %w", name, err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return fmt.Errorf("display: record input %q: %s: %w", name, path, err)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	return Display(MakeData3(MIMETypeRecord, "input "+name+" = "+path+" (sha256 "+sum[:12]+"…)",
		map[string]any{"input": name, "path": path, "sha256": sum}))
}
