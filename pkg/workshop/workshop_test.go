package workshop_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/pkg/ossem"
	"github.com/huntbook/huntbook/pkg/workshop"
)

func demo(t *testing.T) *ossem.Mapping {
	t.Helper()
	m, err := ossem.Demo()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// verdict is what a test expects of a Result.
type verdict struct {
	Answered, Right bool
	Says            string // a piece of the message
}

func check(t *testing.T, r *workshop.Result, want verdict) {
	t.Helper()
	got := verdict{r.Answered, r.Right, want.Says}
	if !strings.Contains(r.Message, want.Says) {
		got.Says = r.Message
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("verdict (-want +got):\n%s\n%s", diff, r)
	}
	if !r.Right && r.Hint == "" {
		t.Errorf("a wrong or empty answer gets no hint: %s", r)
	}
	if r.Right && r.Hint != "" {
		t.Errorf("a right answer gets a hint: %s", r)
	}
}

func TestChecks(t *testing.T) {
	m := demo(t)
	tests := []struct {
		name string
		run  func() *workshop.Result
		want verdict
	}{
		{"ex1 empty", func() *workshop.Result { return workshop.CheckTopDataSource(m, " ") }, verdict{false, false, "not answered yet"}},
		{"ex1 right", func() *workshop.Result { return workshop.CheckTopDataSource(m, "Process") }, verdict{true, true, "24 sub-techniques"}},
		{"ex1 second", func() *workshop.Result { return workshop.CheckTopDataSource(m, "command") }, verdict{true, false, "another one"}},
		{"ex1 unknown", func() *workshop.Result { return workshop.CheckTopDataSource(m, "kernel") }, verdict{true, false, `called "kernel"`}},

		{"ex2 empty", func() *workshop.Result { return workshop.CheckComponents(m, "T1059.001", nil) }, verdict{false, false, "ex2"}},
		{"ex2 right any order and case", func() *workshop.Result {
			return workshop.CheckComponents(m, "T1059.001", []string{"Module Load", "process creation", " script  execution", "command execution", "module load"})
		}, verdict{true, true, "All 4 data components"}},
		{"ex2 partly", func() *workshop.Result {
			return workshop.CheckComponents(m, "T1059.001", []string{"process creation", "file access"})
		}, verdict{true, false, `1 data component of yours is right; "file access" should not be there; 3 data components are missing.`}},

		{"ex3 right", func() *workshop.Result {
			return workshop.CheckEventTechniques(m, "Sysmon", "10", []string{"t1003.001", "T1055.001", "T1055.012"})
		}, verdict{true, true, "All 3 techniques"}},
		{"ex3 one missing", func() *workshop.Result {
			return workshop.CheckEventTechniques(m, "Sysmon", "10", []string{"T1003.001", "T1055.001"})
		}, verdict{true, false, "1 technique is missing"}},

		{"ex4 right", func() *workshop.Result {
			return workshop.CheckCompare(m, "T1003.001", "T1003.002", []string{"command execution"},
				[]string{"process creation", "process access", "os api execution"})
		}, verdict{true, true, "share 1 data component"}},
		{"ex4 swapped", func() *workshop.Result {
			return workshop.CheckCompare(m, "T1003.001", "T1003.002", []string{"process creation"}, []string{"command execution"})
		}, verdict{true, false, "ex4Shared"}},
		{"ex4 empty", func() *workshop.Result { return workshop.CheckCompare(m, "T1003.001", "T1003.002", nil, []string{""}) }, verdict{false, false, "not answered"}},

		{"ex5 right", func() *workshop.Result {
			return workshop.CheckCommandLine(m, []string{"T1003.002", "T1003.003", "T1021.002", "T1041", "T1048.003", "T1070.004", "T1562.001", "T1562.004"})
		}, verdict{true, true, "All 8 techniques"}},
		{"ex5 every 4688 technique", func() *workshop.Result {
			return workshop.CheckCommandLine(m, workshop.TechniquesOfEvent(m, "Security", "4688"))
		}, verdict{true, false, "should not be there"}},

		{"ex6 right", func() *workshop.Result { return workshop.CheckNextEvent(m, "4769") }, verdict{true, true, "3 more sub-techniques"}},
		{"ex6 provider and id", func() *workshop.Result { return workshop.CheckNextEvent(m, "Microsoft-Windows-Security-Auditing 4625") }, verdict{true, true, "would do as well"}},
		{"ex6 wrong", func() *workshop.Result { return workshop.CheckNextEvent(m, "10") }, verdict{true, false, `"10" is not among the best`}},

		{"ex7 right", func() *workshop.Result { return workshop.CheckStub(m, stubOK) }, verdict{true, true, `"os api execution"`}},
		{"ex7 not yaml", func() *workshop.Result { return workshop.CheckStub(m, "name: [x") }, verdict{true, false, "not valid YAML"}},
		{"ex7 lacks behavior", func() *workshop.Result {
			return workshop.CheckStub(m, strings.Replace(stubOK, "  target: os api\n", "", 1))
		}, verdict{true, false, "lacks behavior.target"}},
		{"ex7 events not a list", func() *workshop.Result {
			return workshop.CheckStub(m, strings.Replace(stubOK, "security_events: []", "security_events: none", 1))
		}, verdict{true, false, "must be a list"}},
		{"ex7 covered component", func() *workshop.Result {
			return workshop.CheckStub(m, strings.Replace(stubOK, "OS API Execution", "process access", 1))
		}, verdict{true, false, "not a gap"}},
		{"ex7 wrong data source", func() *workshop.Result {
			return workshop.CheckStub(m, strings.Replace(stubOK, "data_source: Process", "data_source: File", 1))
		}, verdict{true, false, `belongs to the data source "process"`}},
		{"ex7 unknown component", func() *workshop.Result {
			return workshop.CheckStub(m, strings.Replace(stubOK, "OS API Execution", "telepathy", 1))
		}, verdict{true, false, `called "telepathy"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { check(t, tt.run(), tt.want) })
	}
}

const stubOK = `relationship_id: REL-XXXX-XXXX
name: Process executed OS API
attack:
  data_source: Process
  data_component: OS API Execution
behavior:
  source: process
  relationship: executed
  target: os api
security_events: []
`

// TestStubWithoutGaps grades exercise 7 on a mapping with no gap, as the
// 2022 OSSEM-DM mapping is: a stub for any of its components is right.
func TestStubWithoutGaps(t *testing.T) {
	m := demo(t)
	var full []ossem.Record
	for _, r := range m.Records {
		if r.HasEvent() {
			full = append(full, r)
		}
	}
	m.Records = full
	tests := []struct {
		name string
		stub string
		want verdict
	}{
		{"any component", strings.Replace(stubOK, "OS API Execution", "process access", 1), verdict{true, true, "no gap left"}},
		{"unknown component", strings.Replace(stubOK, "OS API Execution", "telepathy", 1), verdict{true, false, `called "telepathy"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { check(t, workshop.CheckStub(m, tt.stub), tt.want) })
	}
}

func TestNextEvents(t *testing.T) {
	best, gain := workshop.NextEvents(demo(t))
	want := []string{
		"Microsoft-Windows-Security-Auditing 4625",
		"Microsoft-Windows-Security-Auditing 4768",
		"Microsoft-Windows-Security-Auditing 4769",
		"Microsoft-Windows-Security-Auditing 4776",
	}
	if diff := cmp.Diff(want, best); diff != "" || gain != 3 {
		t.Errorf("gain %d, want 3; best (-want +got):\n%s", gain, diff)
	}
}

func TestResultRender(t *testing.T) {
	tests := []struct {
		name       string
		r          workshop.Result
		text, html string
	}{
		{"right", workshop.Result{Exercise: "Exercise 1", Answered: true, Right: true, Message: "right!"},
			"✔ Exercise 1: right!", `<strong style="color:#067647">✔ Exercise 1</strong>: right!`},
		{"wrong escapes", workshop.Result{Exercise: "Exercise 2", Answered: true, Message: `not yet: "<b>" should not be there.`, Hint: "a & b"},
			"✘ Exercise 2: not yet: \"<b>\" should not be there.\n  Hint: a & b", `&#34;&lt;b&gt;&#34; should not be there.<br><em>Hint:</em> a &amp; b`},
		{"empty", workshop.Result{Exercise: "Exercise 3", Message: "not answered yet."}, "… Exercise 3: not answered yet.", "… Exercise 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.text, tt.r.String()); diff != "" {
				t.Errorf("String (-want +got):\n%s", diff)
			}
			if h := tt.r.HTML(); !strings.Contains(h, tt.html) {
				t.Errorf("HTML = %s, want it to contain %s", h, tt.html)
			}
		})
	}
}
