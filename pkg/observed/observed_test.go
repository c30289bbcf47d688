package observed

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/internal/golden"
	"github.com/huntbook/huntbook/pkg/attack"
	"github.com/huntbook/huntbook/pkg/evtx"
	"github.com/huntbook/huntbook/pkg/evtx/evtxtest"
	"github.com/huntbook/huntbook/pkg/frame"
	"github.com/huntbook/huntbook/pkg/inventory"
	"github.com/huntbook/huntbook/pkg/ossem"
	"github.com/huntbook/huntbook/pkg/render"
)

var (
	t0   = time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)
	sec  = evtxtest.Event{Channel: "Security", Provider: "Microsoft-Windows-Security-Auditing", Computer: "dc1", EventID: 4624, Time: t0, Data: []evtxtest.Field{{Name: "TargetUserName", Value: "alice"}, {Name: "LogonType", Value: "3"}}}
	sec2 = evtxtest.Event{Channel: "Security", Provider: "Microsoft-Windows-Security-Auditing", Computer: "dc1", EventID: 4624, Time: t0.Add(time.Hour), Data: []evtxtest.Field{{Name: "TargetUserName", Value: "bob"}, {Name: "LogonType", Value: "10"}}}
	smb  = evtxtest.Event{Channel: "Security", Provider: "Microsoft-Windows-Security-Auditing", Computer: "fs1", EventID: 5145, Time: t0.Add(2 * time.Hour), Data: []evtxtest.Field{{Name: "ShareName", Value: `\\*\IPC$`}, {Name: "RelativeTargetName", Value: "svcctl"}}}
	sys1 = evtxtest.Event{Channel: "Microsoft-Windows-Sysmon/Operational", Provider: "Microsoft-Windows-Sysmon", Computer: "ws1", EventID: 1, Time: t0.Add(-time.Hour), Data: []evtxtest.Field{{Name: "Image", Value: `C:\x.exe`}, {Name: "event_id", Value: "clash"}}}
	sys3 = evtxtest.Event{Channel: "Microsoft-Windows-Sysmon/Operational", Provider: "Microsoft-Windows-Sysmon", Computer: "ws1", EventID: 3, Time: t0}
	svc  = evtxtest.Event{Channel: "System", Provider: "Service Control Manager", Computer: "ws1", EventID: 7045, Time: t0}
)

// logs writes two folders of EVTX files, like EVTX-ATTACK-SAMPLES' tactic
// folders.
func logs(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string][]byte{
		"Credential Access/logons.evtx": evtxtest.Write(sec, sec2),
		"Lateral Movement/smb.evtx":     evtxtest.Write(smb, svc),
		"Lateral Movement/sysmon.evtx":  evtxtest.Write(sys1, sys3),
	}
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestSummarize(t *testing.T) {
	dir := logs(t)
	s, err := Summarize(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	first, last := t0.Add(-time.Hour), t0.Add(2*time.Hour)
	if s.Records != 6 || !s.First.Equal(first) || !s.Last.Equal(last) || len(s.Files) != 3 {
		t.Errorf("records %d, %v to %v, %d files", s.Records, s.First, s.Last, len(s.Files))
	}
	want := []Count{{"Security", 3}, {"Microsoft-Windows-Sysmon/Operational", 2}, {"System", 1}}
	if diff := cmp.Diff(want, s.Channels); diff != "" {
		t.Errorf("channels (-want +got):\n%s", diff)
	}
	wantEv := []EventCount{
		{"Microsoft-Windows-Sysmon/Operational", "Microsoft-Windows-Sysmon", 1, 1, first, first},
		{"Microsoft-Windows-Sysmon/Operational", "Microsoft-Windows-Sysmon", 3, 1, t0, t0},
		{"Security", "Microsoft-Windows-Security-Auditing", 4624, 2, t0, t0.Add(time.Hour)},
		{"Security", "Microsoft-Windows-Security-Auditing", 5145, 1, last, last},
		{"System", "Service Control Manager", 7045, 1, t0, t0},
	}
	if diff := cmp.Diff(wantEv, s.Events); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	var b bytes.Buffer
	if err := render.Write(&b, render.JSON, s); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/summary.json.golden", bytes.ReplaceAll(b.Bytes(), []byte(dir), []byte("$DIR")))
}

func TestSummarizeErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := Summarize(context.Background(), dir); err == nil || !strings.Contains(err.Error(), "no .evtx files") {
		t.Errorf("empty dir: %v", err)
	}
	bad := filepath.Join(dir, "x.evtx")
	if err := os.WriteFile(bad, bytes.Repeat([]byte("x"), 5000), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Summarize(context.Background(), dir); !errors.Is(err, evtx.ErrNotEVTX) || !strings.Contains(err.Error(), "x.evtx") {
		t.Errorf("not EVTX: %v", err)
	}
	s := (&Accumulator{}).Summary()
	if s.First != nil || s.Records != 0 || s.Events == nil {
		t.Errorf("empty summary %+v", s)
	}
}

func TestFrame(t *testing.T) {
	dir := logs(t)
	df, err := Events(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if r, c := df.Shape(); r != 6 || c != len(systemCols)+6 {
		t.Errorf("shape %d×%d, columns %v", r, c, df.Columns())
	}
	folders := df.ValueCounts(ColFolder)
	if got, want := folders.String(), "Lateral Movement     4\nCredential Access    2\nName: folder, Length: 2"; !strings.Contains(got, want) {
		t.Errorf("folders:\n%s", got)
	}
	shares := df.Eq(ColEventID, int64(5145))
	if shares.Len() != 1 || shares.At(0, "RelativeTargetName") != "svcctl" {
		t.Errorf("5145 rows:\n%s", shares)
	}
	if v := df.At(0, "ShareName"); !frame.IsNA(v) {
		t.Errorf("absent field = %v, want NaN", v)
	}
	if v := df.At(4, "data.event_id"); v != "clash" {
		t.Errorf("data field named like a System column: %v (columns %v)", v, df.Columns())
	}
}

func TestInventoryRoundTrip(t *testing.T) {
	dir := logs(t)
	s, err := Summarize(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	inv := InventoryOf("observed", s)
	var b bytes.Buffer
	if err := inv.WriteYAML(&b); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/inventory.yaml.golden", b.Bytes())
	back, err := inventory.Parse(b.Bytes(), "observed.yaml", inventory.YAML)
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Entries) != 5 {
		t.Fatalf("%d entries read back", len(back.Entries))
	}
	for _, e := range inv.Events {
		if !back.Matches(e.Channel, e.Provider, strconv.Itoa(int(e.EventID))) {
			t.Errorf("%v not in the inventory read back", e)
		}
	}
}

func TestCompare(t *testing.T) {
	dir := logs(t)
	s, err := Summarize(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	conf, err := inventory.Parse([]byte(`name: configured
events:
  - channel: Security
    event_id: [4624, 4688]
  - provider: Microsoft-Windows-Sysmon
    event_id: [1, 10]
  - table: DeviceProcessEvents
`), "configured.yaml", inventory.YAML)
	if err != nil {
		t.Fatal(err)
	}
	c := Compare(conf, InventoryOf("observed", s))
	names := func(cs []Configured) []string {
		var out []string
		for _, x := range cs {
			out = append(out, entryName(x.Entry)+"="+strconv.Itoa(x.Count))
		}
		return out
	}
	ids := func(es []EventCount) []string {
		var out []string
		for _, e := range es {
			out = append(out, e.Channel+" "+strconv.Itoa(int(e.EventID)))
		}
		return out
	}
	for _, tc := range []struct {
		name      string
		got, want []string
	}{
		{"seen", names(c.Seen), []string{"Security 4624=2", "Microsoft-Windows-Sysmon 1=1"}},
		{"never seen", names(c.NeverSeen), []string{"Security 4688=0", "Microsoft-Windows-Sysmon 10=0"}},
		{"not configured", ids(c.NotConfigured), []string{"Microsoft-Windows-Sysmon/Operational 3", "Security 5145"}},
		{"other logs", ids(c.OtherLogs), []string{"System 7045"}},
		{"not in logs", names(c.NotInLogs), []string{"DeviceProcessEvents=0"}},
	} {
		if diff := cmp.Diff(tc.want, tc.got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
	var b bytes.Buffer
	if err := render.Write(&b, render.Text, c); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/compare.golden", b.Bytes())
}

func TestJoin(t *testing.T) {
	dir := logs(t)
	s, err := Summarize(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	m, err := ossem.Demo()
	if err != nil {
		t.Fatal(err)
	}
	conf, err := inventory.Parse([]byte("events:\n  - channel: Security\n    event_id: 4688\n"), "configured.yaml", inventory.YAML)
	if err != nil {
		t.Fatal(err)
	}
	obs := InventoryOf("observed", s)
	st := Join(m, conf, obs, map[string][]string{"T1003.001": {"a rule"}, "T9999": {"another"}})
	if st.ObservedCount == 0 || !st.Hunted {
		t.Fatalf("standings %+v", st)
	}
	byID := map[string]Standing{}
	for _, x := range st.Techniques {
		byID[x.ID] = x
		if x.Observed != attack.Covered && x.Observed != attack.Partial && x.Configured != attack.Covered && x.Configured != attack.Partial && len(x.Detections) == 0 {
			t.Errorf("%s listed though neither observed, configured nor detected", x.ID)
		}
	}
	if got := byID["T1003.001"].Detections; !slices.Equal(got, []string{"a rule"}) {
		t.Errorf("T1003.001 detections %v", got)
	}
	if last := st.Techniques[len(st.Techniques)-1]; last.ID != "T9999" || last.Observed != "" || st.DetectedCount != 2 {
		t.Errorf("unknown technique detected: %+v, %d detected", last, st.DetectedCount)
	}
	var b bytes.Buffer
	if err := render.Write(&b, render.Text, st); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/join.golden", b.Bytes())
	// Without a configured inventory or a hunt, their columns are absent.
	plain := Join(m, nil, obs, nil)
	if cols := plain.Tables()[0].Frame.Columns(); slices.Contains(cols, "configured") || slices.Contains(cols, "detected") {
		t.Errorf("columns %v", cols)
	}
}
