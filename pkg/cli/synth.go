package cli

import (
	"bufio"
	"context"
	"io"

	"github.com/spf13/cobra"

	"github.com/huntbook/huntbook/internal/atomicfile"
	"github.com/huntbook/huntbook/pkg/synth"
)

func init() { Register(newSynth) }

func newSynth(s IO) *cobra.Command {
	var o synth.Options
	var out string
	cmd := &cobra.Command{
		Use:   "synth -n N -o FILE",
		Short: "Write a synthetic mapping of N records, for benchmarks and scale tests",
		Long: `Write a synthetic OSSEM-DM mapping of N records in the 2021 or 2022 schema.
The same --seed writes the same file. Names are invented; the layout and the
value styles are those of the published files.`,
		Example: "  huntbook synth -n 100000 -o /tmp/m100k.yaml\n  huntbook synth -n 1000 --schema 2022 -o - | huntbook top --mapping -",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if o.Records < 1 {
				return Usagef("-n must be at least 1")
			}
			if o.Schema != "2021" && o.Schema != "2022" {
				return Usagef("--schema must be 2021 or 2022, not %q", o.Schema)
			}
			ctx := cmd.Context()
			write := func(w io.Writer) error { return synth.Write(ctxWriter{ctx, w}, o) }
			if out == "-" {
				w := bufio.NewWriter(s.Out)
				if err := write(w); err != nil {
					return err
				}
				return w.Flush()
			}
			n, err := atomicfile.Write(out, write)
			if err != nil {
				return err
			}
			s.Notef("wrote %s (%d records, %s)", out, o.Records, byteSize(n))
			return nil
		},
	}
	f := cmd.Flags()
	f.IntVarP(&o.Records, "records", "n", 10000, "number of records")
	f.StringVar(&o.Schema, "schema", "2021", "schema to write: 2021 or 2022")
	f.Uint64Var(&o.Seed, "seed", 1, "generator seed")
	f.StringVarP(&out, "output", "o", "-", "file to write, or - for standard output")
	return cmd
}

// ctxWriter fails every write once ctx is done, so that a long write loop
// stops at its next write after Ctrl-C.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}
