package cli

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/huntbook/huntbook/internal/progress"
	"github.com/huntbook/huntbook/pkg/frame"
	"github.com/huntbook/huntbook/pkg/ossem"
	"github.com/huntbook/huntbook/pkg/render"
	"github.com/huntbook/huntbook/pkg/stix"
)

// source holds the flags that choose a mapping, shared by the subcommands.
type source struct {
	mapping string
	demo    bool
	format  string
	// attackVersion is --attack-version where a command has it: the
	// ATT&CK release a bundle read with --mapping or --attack is.
	attackVersion string
	// bundle is the ATT&CK bundle the mapping was made from, when
	// --mapping named one; nil for an OSSEM-DM mapping.
	bundle *stix.Bundle
	// digest is set by commands that report the mapping's sha256 (a
	// report's provenance); the others spare that pass over the input.
	digest bool
}

func (src *source) addFlags(cmd *cobra.Command, withFormat bool) {
	f := cmd.Flags()
	f.StringVar(&src.mapping, "mapping", "", "mapping to read: a file, an http(s) URL, or - for standard input (default: the upstream OSSEM-DM URL, cached); an ATT&CK STIX bundle (JSON) or enterprise-attack, ics-attack, mobile-attack for MITRE's current ones")
	f.BoolVar(&src.demo, "demo", false, "use the embedded demo mapping (a teaching subset; no network)")
	if withFormat {
		f.StringVar(&src.format, "format", "table", "output format: table, csv or json")
	}
}

func (src *source) check() error {
	if src.demo && src.mapping != "" {
		return Usagef("--demo and --mapping cannot be used together")
	}
	switch src.format {
	case "", "table", "csv", "json":
		return nil
	}
	return Usagef("unknown --format %q; use table, csv or json", src.format)
}

// load reads the chosen mapping. A note on standard error says when the
// demo subset or a cached copy is used.
func (src *source) load(cmd *cobra.Command, s IO) (*ossem.Mapping, error) {
	if err := src.check(); err != nil {
		return nil, err
	}
	from := src.mapping
	switch {
	case src.demo:
		from = ossem.DemoSource
	case from == "":
		from = ossem.UpstreamURL
	}
	bar := progress.NewBytes(s.Err, progress.Enabled(s.Err, s.Quiet(), s.Env))
	src.bundle = nil
	url := stix.Resolve(from)
	defer lessGC(url)()
	m, err := ossem.Load(cmd.Context(), url, ossem.Options{
		Stdin:    s.In,
		NoDigest: !src.digest,
		Logf: func(format string, args ...any) {
			fmt.Fprintln(s.Err, "huntbook: "+render.Terminal(fmt.Sprintf(format, args...)))
		},
		Progress: bar.Update,
		JSON:     stix.Options{Release: src.attackVersion}.Hook(func(b *stix.Bundle) { src.bundle = b }),
	})
	bar.Done()
	if err != nil {
		if url != from {
			return nil, stix.DownloadError(from, url, err)
		}
		return nil, err
	}
	if src.bundle != nil {
		src.bundle.SHA256, src.bundle.Size = m.SHA256, m.Size
	}
	if m.Demo {
		fmt.Fprintln(s.Err, "huntbook: using the embedded demo mapping, a teaching subset (not the full OSSEM-DM mapping)")
	}
	return m, nil
}

// lessGC spares the garbage collector while a mapping or a bundle is
// read from src, until the function it returns is called: nearly
// everything allocated then stays live, so collecting finds little
// (reading ATT&CK v18.1, 37 MB, took 9 ms more CPU time with the heap
// allowed to grow fivefold between collections, 17 ms more as usual). For
// a file, the collector is off until the heap reaches 256 MiB plus four
// times the file's size, a bound under which no mapping huntbook reads
// stays; for other sources (standard input, a URL) the heap grows fivefold
// between collections. A GOGC the user set wins.
func lessGC(src string) (restore func()) {
	if _, set := os.LookupEnv("GOGC"); set {
		return func() {}
	}
	fi, err := os.Stat(src)
	if err != nil || !fi.Mode().IsRegular() {
		prev := debug.SetGCPercent(400)
		return func() { debug.SetGCPercent(prev) }
	}
	limit := debug.SetMemoryLimit(-1)
	if bound := 256<<20 + 4*fi.Size(); bound < limit {
		debug.SetMemoryLimit(bound)
	}
	prev := debug.SetGCPercent(-1)
	return func() {
		debug.SetGCPercent(prev)
		debug.SetMemoryLimit(limit)
	}
}

// write renders a result in the chosen format.
func (src *source) write(w io.Writer, v any) error {
	return render.Write(w, render.Format(src.format), v)
}

// writeFrame writes f in the chosen format.
func (src *source) writeFrame(w io.Writer, f *frame.Frame) error {
	if err := f.Err(); err != nil {
		return err
	}
	return src.write(w, render.FrameResult{Frame: f})
}

// writeSeries writes a count series: a table of value and count.
func (src *source) writeSeries(w io.Writer, s *frame.Series) error {
	if err := s.Err(); err != nil {
		return err
	}
	return src.write(w, render.SeriesResult{Series: s})
}
