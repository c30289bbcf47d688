package notebook

import (
	"encoding/json"
	"fmt"
	"time"
)

// MetadataKey is the notebook metadata key under which huntbook keeps the
// record of a run.
const MetadataKey = "huntbook"

// Run is huntbook's record of one execution of a notebook: what ran, with
// which parameters, by which huntbook, when, and how each cell went.
type Run struct {
	Version string `json:"version"`
	// Notebook is the input file as named on the command line; SHA256 is
	// the hash of its bytes.
	Notebook string `json:"notebook"`
	SHA256   string `json:"sha256"`
	// Parameters the run was given, in the parameters cell's order.
	Parameters []Parameter `json:"parameters"`
	Start      time.Time   `json:"start"`
	End        time.Time   `json:"end"`
	// Status is StatusOK, StatusError or StatusTimeout.
	Status string `json:"status"`
	// Failure describes the cell that stopped the run (or, with
	// allow-errors, the first that failed); nil when every cell ran.
	Failure *Failure  `json:"failure,omitempty"`
	Cells   []CellRun `json:"cells"`
	// Attempts lists every attempt, this one last, when the run was allowed
	// to try again after a timeout or an engine crash (huntbook run
	// --retries); nil otherwise.
	Attempts []Attempt `json:"attempts,omitempty"`
	// Records and Inputs are what cells recorded with display.Record and
	// display.RecordInput, in output order; Changes is set by huntbook run
	// --compare-last (see record.go).
	Records []Record `json:"records,omitempty"`
	Inputs  []Input  `json:"inputs,omitempty"`
	Changes *Changes `json:"changes,omitempty"`
}

// Attempt is how one attempt of a retried run went.
type Attempt struct {
	Attempt int       `json:"attempt"` // 1-based
	Start   time.Time `json:"start"`
	End     time.Time `json:"end"`
	Status  string    `json:"status"`
	Failure *Failure  `json:"failure,omitempty"`
}

// Run statuses. A cell's status is one of these or StatusSkipped.
const (
	StatusOK      = "ok"
	StatusError   = "error"
	StatusTimeout = "timeout"
	StatusSkipped = "skipped"
)

// Parameter is one injected parameter: its name, Go type and the Go literal
// it was given.
type Parameter struct {
	Name  string `json:"name"`
	Type  string `json:"type"`
	Value string `json:"value"`
}

// Failure names the failing cell and its error.
type Failure struct {
	Cell   int    `json:"cell"`    // the cell's number in the executed notebook, 1-based
	CellID string `json:"cell_id"` // its id
	EName  string `json:"ename"`
	EValue string `json:"evalue"`
	// Stopped is set when the failure ended the run; with allow-errors a
	// failing cell does not.
	Stopped bool `json:"stopped"`
}

// CellRun is how one code cell went.
type CellRun struct {
	Cell     int     `json:"cell"` // number in the executed notebook, 1-based
	ID       string  `json:"id"`
	Status   string  `json:"status"`
	Duration float64 `json:"duration_seconds"`
}

// Duration returns how long the run took.
func (r *Run) Duration() time.Duration { return r.End.Sub(r.Start) }

// SetRun stores r in the notebook's metadata.
func (nb *Notebook) SetRun(r *Run) error {
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("notebook: %w", err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("notebook: %w", err)
	}
	if nb.Metadata == nil {
		nb.Metadata = map[string]any{}
	}
	nb.Metadata[MetadataKey] = m
	return nil
}

// Run returns the run record stored in the notebook's metadata, or nil if
// there is none.
func (nb *Notebook) Run() (*Run, error) {
	v, ok := nb.Metadata[MetadataKey]
	if !ok {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("notebook: metadata %q: %w", MetadataKey, err)
	}
	var r Run
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("notebook: metadata %q is not a huntbook run record: %w", MetadataKey, err)
	}
	return &r, nil
}
