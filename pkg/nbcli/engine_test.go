package nbcli

import (
	"github.com/huntbook/huntbook/pkg/cli"
	"testing"

	"github.com/spf13/pflag"
)

// TestDisplayLimit: --display-limit wins over $HUNTBOOK_DISPLAY_LIMIT,
// which wins over the default; 0 means no cap (-1 for the engine).
func TestDisplayLimit(t *testing.T) {
	for _, tc := range []struct {
		name, flag, env string
		want            int64
		err             bool
	}{
		{"default", "", "", 256 << 20, false},
		{"environment", "", "64MiB", 64 << 20, false},
		{"flag over environment", "1G", "64MiB", 1 << 30, false},
		{"zero is no cap", "0", "", -1, false},
		{"zero in the environment", "", "0", -1, false},
		{"bad environment", "", "lots", 0, true},
		{"bad flag", "-3", "", 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fl := pflag.NewFlagSet("run", pflag.ContinueOnError)
			var v string
			fl.StringVar(&v, "display-limit", defaultDisplayLimit, "")
			if tc.flag != "" {
				if err := fl.Set("display-limit", tc.flag); err != nil {
					t.Fatal(err)
				}
			}
			s := cli.IO{Getenv: func(k string) string {
				if k == displayLimitEnv {
					return tc.env
				}
				return ""
			}}
			got, err := displayLimit(s, fl, v)
			if (err != nil) != tc.err || got != tc.want {
				t.Errorf("displayLimit = %d, %v; want %d (error %v)", got, err, tc.want, tc.err)
			}
		})
	}
}
