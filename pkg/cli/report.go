package cli

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/huntbook/huntbook/pkg/report"
)

func init() { register(newReport) }

func newReport(s IO) *cobra.Command {
	var src source
	var techniques []string
	var out string
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Write the whole analysis as one self-contained HTML file",
		Long: `Write the seed notebook's whole analysis as one self-contained HTML file:
where the mapping came from (source, sha256, schema, records), its first rows,
the sub-technique counts per data source and per data component (bar charts),
the relationships among data elements (an interactive graph and a table), a
drill-down per --technique (its data sources and components, every event row,
its gaps), and the data components with no mapped security event.

The file loads nothing from anywhere: open it offline, mail it, publish it.
Tables sort and filter; it prints cleanly and follows light or dark mode.

The file is written atomically (a temporary file in the same directory, then
renamed), so a reader never sees half a report; -o - writes standard output.`,
		Example: `  huntbook report --demo -o report.html
  huntbook report --mapping techniques_to_events_mapping.yaml -o report.html
  huntbook report --technique T1003.001 --technique T1059.001 -o lsass-and-powershell.html
  huntbook report --demo -o - | gzip > report.html.gz`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return usagef("-o needs a file name, or - for standard output")
			}
			m, err := src.load(cmd, s)
			if err != nil {
				return err
			}
			r, err := report.New(m, report.Options{Techniques: techniques, Version: Version})
			if err != nil {
				return err
			}
			if out == "-" {
				w := bufio.NewWriterSize(s.Out, 256<<10)
				if err := r.WriteHTML(w); err != nil {
					return err
				}
				return w.Flush()
			}
			n, err := writeFileAtomic(out, r.WriteHTML)
			if err != nil {
				return err
			}
			ids := make([]string, len(r.Techniques))
			for i, t := range r.Techniques {
				ids[i] = t.ID
			}
			fmt.Fprintf(s.Err, "huntbook: wrote %s (%s; %d records; drill-down: %s)\n",
				out, byteSize(n), len(m.Records), strings.Join(ids, ", "))
			return nil
		},
	}
	src.addFlags(cmd, false)
	f := cmd.Flags()
	f.StringSliceVar(&techniques, "technique", nil, "technique to drill into; repeat or separate with commas (default T1003.001)")
	f.StringVarP(&out, "output", "o", "report.html", "file to write, or - for standard output")
	return cmd
}

// writeFileAtomic writes path through write into a temporary file in the
// same directory, syncs it and renames it over path, so that path holds
// either its old content or the whole new one. A file that exists keeps
// its permissions; a new one gets 0644.
func writeFileAtomic(path string, write func(io.Writer) error) (n int64, err error) {
	mode := fs.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		if fi.IsDir() {
			return 0, fmt.Errorf("cannot write %s: it is a directory; name a file", path)
		}
		mode = fi.Mode().Perm()
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return 0, fmt.Errorf("cannot write %s: %w", path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	cw := &countingWriter{w: f}
	bw := bufio.NewWriterSize(cw, 256<<10)
	if err := write(bw); err != nil {
		return 0, err
	}
	if err := bw.Flush(); err != nil {
		return 0, fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err := f.Chmod(mode); err != nil {
		return 0, fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return 0, fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return 0, fmt.Errorf("cannot write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return 0, fmt.Errorf("cannot write %s: %w", path, err)
	}
	return cw.n, nil
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// byteSize formats a size for people: 512 B, 87.0 KB, 1.4 MB.
func byteSize(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d B", n)
	case n < 1000*1000:
		return fmt.Sprintf("%.1f KB", float64(n)/1000)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1000/1000)
}
