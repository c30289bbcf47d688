package nbcli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/huntbook/huntbook/pkg/cli"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/huntbook/huntbook/pkg/display"
	"github.com/huntbook/huntbook/pkg/notebook"
	"github.com/huntbook/huntbook/pkg/runs"
)

// opsFlags are huntbook run's flags for scheduled runs: telling someone
// (--on-failure, --on-change), the history (--index) and the changes since
// the last run (--compare-last).
type opsFlags struct {
	onFailure, onChange string
	index               string
	compareLast         bool
	hookTimeout         time.Duration
}

func (o *opsFlags) register(fl *pflag.FlagSet) {
	fl.StringVar(&o.onFailure, "on-failure", "", "after a run that did not exit 0, run `CMD` (sh -c) with the run record on standard input")
	fl.StringVar(&o.onChange, "on-change", "", "after a run whose recorded values or inputs changed since the last successful one, run `CMD` (sh -c) with the run record on standard input")
	fl.StringVar(&o.index, "index", "", "after the run, rebuild DIR/index.html, the history of the runs recorded under `DIR`")
	fl.BoolVar(&o.compareLast, "compare-last", false, "add what changed since the previous successful run of the notebook with the same parameters to the report and the run record")
	fl.DurationVar(&o.hookTimeout, "hook-timeout", time.Minute, "stop an --on-failure or --on-change command that runs longer")
}

// prepare runs before the outputs are written: it moves what cells recorded
// (display.Record, display.RecordInput) into the run record and, with
// --compare-last or --on-change, compares with the previous successful run
// found under --index DIR or else under the outputs' folder. It returns the
// changes (nil when there is no earlier run or no comparison was asked for).
func (o *opsFlags) prepare(s cli.IO, out *notebook.Notebook, rec *notebook.Run, patterns ...string) *notebook.Changes {
	collectRecords(out, rec)
	if !o.compareLast && o.onChange == "" {
		_ = out.SetRun(rec)
		return nil
	}
	root := o.index
	if root == "" {
		root = historyRoot(patterns...)
	}
	if ix, err := runs.Load(root); err == nil {
		if prev := runs.Previous(ix, rec); prev != nil {
			rec.Changes = runs.Compare(prev.Path, prev.Record.Run, rec)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(s.Err, "huntbook: --compare-last: %v\n", err)
	}
	if err := out.SetRun(rec); err != nil {
		fmt.Fprintf(s.Err, "huntbook: %v\n", err)
	}
	if !o.compareLast {
		return nil
	}
	return rec.Changes
}

// historyRoot is the folder of the first output name up to its first
// placeholder: reports/{date}/x.html → reports.
func historyRoot(patterns ...string) string {
	for _, p := range patterns {
		if p == "" {
			continue
		}
		if i := strings.IndexByte(p, '{'); i >= 0 {
			p = p[:i] + "x"
		}
		return filepath.Dir(p)
	}
	return "."
}

// collectRecords copies the record bundles of out's outputs into rec.
func collectRecords(out *notebook.Notebook, rec *notebook.Run) {
	rec.Records, rec.Inputs = nil, nil
	for _, c := range out.Cells {
		for _, o := range c.Outputs {
			v, ok := o.Data[display.MIMETypeRecord]
			if !ok {
				continue
			}
			b, err := json.Marshal(v)
			if err != nil {
				continue
			}
			var m struct {
				Name   *string         `json:"name"`
				Value  json.RawMessage `json:"value"`
				Input  *string         `json:"input"`
				Path   string          `json:"path"`
				SHA256 string          `json:"sha256"`
			}
			if json.Unmarshal(b, &m) != nil {
				continue
			}
			switch {
			case m.Name != nil:
				var val any
				_ = json.Unmarshal(m.Value, &val)
				rec.Records = append(rec.Records, notebook.Record{Name: *m.Name, Value: val})
			case m.Input != nil:
				rec.Inputs = append(rec.Inputs, notebook.Input{Name: *m.Input, Path: m.Path, SHA256: m.SHA256})
			}
		}
	}
}

// after runs once the run record is written at recordPath: it rebuilds the
// index and runs the hooks. Neither changes the run's exit status: their
// failures are reported on standard error only.
func (o *opsFlags) after(ctx context.Context, s cli.IO, quiet bool, rec *notebook.Run, code int, finals map[string]string, recordPath string) {
	if o.index != "" {
		if p, err := runs.WriteIndexFile(o.index); err != nil {
			fmt.Fprintf(s.Err, "huntbook: --index: %v (the run's own outputs are written)\n", err)
		} else if !quiet {
			fmt.Fprintf(s.Err, "huntbook: wrote %s\n", p)
		}
	}
	if o.onFailure == "" && o.onChange == "" {
		return
	}
	b, err := os.ReadFile(recordPath)
	if err != nil {
		fmt.Fprintf(s.Err, "huntbook: hooks: %v\n", err)
		return
	}
	if code != cli.ExitOK && o.onFailure != "" {
		o.hook(ctx, s, "--on-failure", o.onFailure, b, rec, code, finals["report"], recordPath)
	}
	if rec.Changes.Changed() && o.onChange != "" {
		o.hook(ctx, s, "--on-change", o.onChange, b, rec, code, finals["report"], recordPath)
	}
}

// hook runs cmd through sh -c with the run record on standard input and
// HUNTBOOK_* variables in its environment; its output goes to huntbook's
// standard error.
func (o *opsFlags) hook(ctx context.Context, s cli.IO, flag, cmd string, record []byte, rec *notebook.Run, code int, report, recordPath string) {
	if o.hookTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.hookTimeout)
		defer cancel()
	}
	c := exec.CommandContext(ctx, "sh", "-c", cmd)
	c.Stdin = bytes.NewReader(record)
	c.Stdout, c.Stderr = s.Err, s.Err
	c.WaitDelay = 5 * time.Second
	c.Env = append(os.Environ(),
		"HUNTBOOK_STATUS="+rec.Status,
		"HUNTBOOK_EXIT_STATUS="+strconv.Itoa(code),
		"HUNTBOOK_NOTEBOOK="+rec.Notebook,
		"HUNTBOOK_REPORT="+report,
		"HUNTBOOK_RECORD="+recordPath,
		"HUNTBOOK_CHANGED="+strconv.FormatBool(rec.Changes.Changed()),
	)
	if err := c.Run(); err != nil {
		fmt.Fprintf(s.Err, "huntbook: %s command failed: %v (the run's exit status is unchanged)\n", flag, err)
	}
}
