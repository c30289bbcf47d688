package report

import (
	"bytes"
	"context"
	"testing"

	"github.com/huntbook/huntbook/pkg/ossem"
)

func BenchmarkStages(b *testing.B) {
	m, err := ossem.Load(context.Background(), sharedFile(b, "techniques_to_events_mapping.yaml"), ossem.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("load", func(b *testing.B) {
		for b.Loop() {
			ossem.Load(context.Background(), sharedFile(b, "techniques_to_events_mapping.yaml"), ossem.Options{})
		}
	})
	b.Run("new", func(b *testing.B) {
		for b.Loop() {
			New(m, fixed)
		}
	})
	r, _ := New(m, fixed)
	b.Run("write", func(b *testing.B) {
		for b.Loop() {
			var buf bytes.Buffer
			r.WriteHTML(&buf)
		}
	})
}
