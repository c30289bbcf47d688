package hunt

import (
	"context"
	"testing"

	"github.com/huntbook/huntbook/pkg/evtx"
	"github.com/huntbook/huntbook/pkg/sigma"
)

// The shared data: BenchmarkParse reads every event of the 119 files (the
// baseline), BenchmarkMatch runs the 2,407 compiled rules over them,
// BenchmarkCompile compiles the rules. bench/hunt.sh times whole processes.

func sharedEvents(b *testing.B) []*evtx.Event {
	var out []*evtx.Event
	for ev, err := range evtx.Walk(context.Background(), sharedEVTX) {
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, ev)
	}
	return out
}

func BenchmarkParse(b *testing.B) {
	sharedData(b)
	for b.Loop() {
		sharedEvents(b)
	}
}

func BenchmarkCompile(b *testing.B) {
	sharedData(b)
	set, err := sigma.ReadDir(sharedRules)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		New(set.Rules)
	}
}

func BenchmarkMatch(b *testing.B) {
	sharedData(b)
	set, err := sigma.ReadDir(sharedRules)
	if err != nil {
		b.Fatal(err)
	}
	h := New(set.Rules)
	events := sharedEvents(b)
	b.ResetTimer()
	for b.Loop() {
		h.RunEvents(events)
	}
}
