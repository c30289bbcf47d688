package interp

import (
	"strings"
	"testing"
)

// TestHuntInCell runs a Sigma rule over an event in a cell: the rule
// parsed by package sigma, the hunt by package hunt, the result shown by
// its tables.
func TestHuntInCell(t *testing.T) {
	e := newEngine(t)
	r := run(t, e, `import (
	"github.com/huntbook/huntbook/pkg/evtx"
	"github.com/huntbook/huntbook/pkg/hunt"
	"github.com/huntbook/huntbook/pkg/sigma"
)
src := "title: whoami\nid: r1\ntags: [attack.t1033]\nlogsource: {product: windows, category: process_creation}\ndetection:\n  sel: {Image|endswith: '\\whoami.exe'}\n  condition: sel\n"
rules, errs := sigma.ParseAll([]byte(src), "r.yml")
if len(errs) > 0 { panic(errs[0]) }
ev := &evtx.Event{File: "a.evtx", Channel: "Microsoft-Windows-Sysmon/Operational", Provider: "Microsoft-Windows-Sysmon", EventID: 1,
	Data: []evtx.Field{{Name: "Image", Value: "C:\\Windows\\System32\\whoami.exe"}}}
res := hunt.New(rules).RunEvents([]*evtx.Event{ev})
res.Techniques[0].ID + " " + res.Matched[0].Title`)
	if e := r.Err(); e != nil {
		t.Fatalf("cell failed: %s: %s", e.EName, e.EValue)
	}
	if len(r.Outputs) != 1 {
		t.Fatalf("got %d outputs: %+v", len(r.Outputs), r.Outputs)
	}
	if s, _ := r.Outputs[0].Data["text/plain"].(string); !strings.Contains(s, "T1033 whoami") {
		t.Errorf("cell result %q, want T1033 whoami", s)
	}
}
