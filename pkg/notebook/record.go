package notebook

import "time"

// Record is a value a cell recorded with display.Record: a number, a
// string, a list or any JSON value, as decoded JSON.
type Record struct {
	Name  string `json:"name"`
	Value any    `json:"value"`
}

// Input is a file a cell read and recorded with display.RecordInput.
type Input struct {
	Name   string `json:"name"`
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
}

// Changes is what changed since the previous successful run of the same
// notebook with the same parameters (huntbook run --compare-last).
type Changes struct {
	// Previous is the previous run's record file; PreviousStart its start.
	Previous      string    `json:"previous"`
	PreviousStart time.Time `json:"previous_start"`
	// NotebookChanged is set when the notebook's sha256 differs.
	NotebookChanged bool `json:"notebook_changed"`
	// Values lists the recorded values that differ, by name.
	Values []ValueChange `json:"values"`
	// Inputs lists the inputs whose sha256 (or path) differ.
	Inputs []InputChange `json:"inputs"`
}

// Changed reports whether anything differs.
func (c *Changes) Changed() bool {
	return c != nil && (c.NotebookChanged || len(c.Values) > 0 || len(c.Inputs) > 0)
}

// ValueChange is one recorded value then and now; From or To is nil when
// the value was not recorded in that run. For lists of strings, Added and
// Removed hold the items gained and lost (sorted).
type ValueChange struct {
	Name    string   `json:"name"`
	From    any      `json:"from"`
	To      any      `json:"to"`
	Added   []string `json:"added,omitempty"`
	Removed []string `json:"removed,omitempty"`
}

// InputChange is one input then and now; a side is empty when the input
// was not recorded in that run.
type InputChange struct {
	Name       string `json:"name"`
	FromPath   string `json:"from_path"`
	FromSHA256 string `json:"from_sha256"`
	ToPath     string `json:"to_path"`
	ToSHA256   string `json:"to_sha256"`
}
