package ossem

import (
	"bytes"
	"testing"

	"github.com/huntbook/huntbook/pkg/synth"
)

// TestFastMatchesReferenceSynthetic holds the fast scanner equal to yaml.v3
// on generated mappings: wrapped plain and double-quoted values, escapes,
// quoted numbers, filter_in lists, duplicates, both schemas.
func TestFastMatchesReferenceSynthetic(t *testing.T) {
	for _, schema := range []string{"2021", "2022"} {
		for _, seed := range []uint64{1, 2, 3} {
			var b bytes.Buffer
			if err := synth.Write(&b, synth.Options{Records: 3000, Schema: schema, Seed: seed}); err != nil {
				t.Fatal(err)
			}
			data := b.Bytes()
			ref, err := parseReference(data)
			if err != nil {
				t.Fatalf("%s seed %d: yaml.v3: %v", schema, seed, err)
			}
			fast := mustFast(t, data, 2)
			if diff := sameMapping(ref, fast); diff != "" {
				t.Fatalf("%s seed %d: fast path differs from yaml.v3 (-ref +fast):\n%s", schema, seed, diff)
			}
			if string(fast.Schema) != schema || len(fast.Records) != 3000 {
				t.Errorf("%s seed %d: read %d records in schema %s", schema, seed, len(fast.Records), fast.Schema)
			}
		}
	}
}
