package nbcli

import (
	"context"
	"encoding/json"
	"github.com/huntbook/huntbook/pkg/cli"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/pkg/attack"
	"github.com/huntbook/huntbook/pkg/inventory"
	"github.com/huntbook/huntbook/pkg/notebook"
	"github.com/huntbook/huntbook/pkg/ossem"
	"github.com/huntbook/huntbook/pkg/runs"
)

func opsData() string {
	p, _ := filepath.Abs(filepath.Join("..", "..", "testdata", "ops", "record.ipynb"))
	return p
}

func TestRunOnFailure(t *testing.T) {
	dir := t.TempDir()
	hook := `cat > got.json; printf '%s %s %s %s' "$HUNTBOOK_STATUS" "$HUNTBOOK_EXIT_STATUS" "$HUNTBOOK_NOTEBOOK" "$HUNTBOOK_REPORT" > env.txt`
	code, msg := huntbookRun(t, dir, "run", opsData(), "-p", "fail=true", "-o", "r.html", "-q", "--on-failure", hook)
	if code != ExitCellError {
		t.Fatalf("exit %d, want %d: %s", code, ExitCellError, msg)
	}
	got, err := os.ReadFile(filepath.Join(dir, "got.json"))
	if err != nil {
		t.Fatalf("the hook did not run: %v\n%s", err, msg)
	}
	want, _ := os.ReadFile(filepath.Join(dir, "r.run.json"))
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("the hook's stdin is not the run record (-want +got):\n%s", diff)
	}
	env, _ := os.ReadFile(filepath.Join(dir, "env.txt"))
	if w := "error 3 " + opsData() + " " + filepath.Join(dir, "r.html"); string(env) != w {
		t.Errorf("environment: got %q, want %q", env, w)
	}

	// A successful run does not call --on-failure.
	code, msg = huntbookRun(t, dir, "run", opsData(), "-o", "ok.html", "-q", "--on-failure", "touch called")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, msg)
	}
	if _, err := os.Stat(filepath.Join(dir, "called")); err == nil {
		t.Error("--on-failure ran after a successful run")
	}
}

// A failing hook is reported and leaves the run's exit status as it was.
func TestRunHookFailureKeepsStatus(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want int
	}{
		{[]string{"-p", "fail=true"}, ExitCellError},
		{[]string{"-p", "fail=false", "--on-failure", "exit 1"}, cli.ExitOK},
	} {
		dir := t.TempDir()
		args := append([]string{"run", opsData(), "-o", "r.html", "-q", "--on-failure", "echo paging; exit 7"}, tt.args...)
		code, msg := huntbookRun(t, dir, args...)
		if code != tt.want {
			t.Errorf("%v: exit %d, want %d: %s", tt.args, code, tt.want, msg)
		}
		if tt.want != cli.ExitOK && !strings.Contains(msg, "paging\nhuntbook: --on-failure command failed: exit status 7 (the run's exit status is unchanged)") {
			t.Errorf("%v: the hook's failure is not reported: %s", tt.args, msg)
		}
	}
}

// --on-change posts the run record to a webhook (an HTTP receiver on
// loopback) with curl, as the README shows, when the inventory changed.
func TestRunOnChangeWebhook(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("no curl")
	}
	var (
		mu    sync.Mutex
		posts []string
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		posts = append(posts, r.Method+" "+r.Header.Get("Content-Type")+" "+string(b))
		mu.Unlock()
	}))
	defer srv.Close()
	dir := t.TempDir()
	inv := filepath.Join(dir, "inventory.txt")
	hook := `curl -sS --fail -H 'Content-Type: application/json' --data-binary @- "` + srv.URL + `/hook?status=$HUNTBOOK_STATUS"`
	run := func(content string) {
		t.Helper()
		if err := os.WriteFile(inv, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		code, msg := huntbookRun(t, dir, "run", opsData(), "-p", "input="+inv, "-o", "reports/{notebook}.html", "-q", "--on-change", hook)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, msg)
		}
	}
	run("T1 T2")
	run("T1 T2") // nothing changed
	if len(posts) != 0 {
		t.Fatalf("posted without a change: %q", posts)
	}
	run("T2 T3")
	if len(posts) != 1 {
		t.Fatalf("got %d posts, want 1: %q", len(posts), posts)
	}
	method, rest, _ := strings.Cut(posts[0], " ")
	ctype, body, _ := strings.Cut(rest, " ")
	if method != "POST" || ctype != "application/json" {
		t.Errorf("got %s %s", method, ctype)
	}
	var rec runs.Record
	if err := json.Unmarshal([]byte(body), &rec); err != nil {
		t.Fatal(err)
	}
	// The score (1.5 × 2 items) did not change; the items did.
	if rec.Changes == nil || len(rec.Changes.Inputs) != 1 || len(rec.Changes.Values) != 1 || rec.Changes.Values[0].Name != "techniques" {
		t.Fatalf("changes: %+v", rec.Changes)
	}
	if diff := cmp.Diff([]string{"T3"}, rec.Changes.Values[0].Added); diff != "" {
		t.Errorf("added (-want +got):\n%s", diff)
	}
}

func TestRunCompareLast(t *testing.T) {
	dir := t.TempDir()
	inv := filepath.Join(dir, "inventory.txt")
	for i, content := range []string{"T1 T2 T5", "T2 T3 T5 T6"} {
		if err := os.WriteFile(inv, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		code, msg := huntbookRun(t, dir, "run", opsData(), "-p", "input="+inv, "-o", "reports/{date}/{notebook}.html", "-q", "--compare-last")
		if code != 0 {
			t.Fatalf("run %d: exit %d: %s", i, code, msg)
		}
	}
	ix, err := runs.Load(filepath.Join(dir, "reports"))
	if err != nil || len(ix.Runs) != 2 {
		t.Fatalf("%v %+v", err, ix)
	}
	last := ix.Runs[1]
	c := last.Record.Changes
	want := &notebook.Changes{
		Previous: ix.Runs[0].Path, PreviousStart: ix.Runs[0].Record.Start,
		Values: []notebook.ValueChange{
			{Name: "score", From: 4.5, To: 6.0},
			{Name: "techniques", From: []any{"T1", "T2", "T5"}, To: []any{"T2", "T3", "T5", "T6"}, Added: []string{"T3", "T6"}, Removed: []string{"T1"}},
		},
		Inputs: []notebook.InputChange{{Name: "inventory", FromPath: inv, FromSHA256: last.Record.Changes.Inputs[0].FromSHA256, ToPath: inv, ToSHA256: last.Record.Inputs[0].SHA256}},
	}
	if diff := cmp.Diff(want, c); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
	page, err := os.ReadFile(filepath.Join(dir, "reports", filepath.FromSlash(last.Record.Outputs["report"][len(filepath.Join(dir, "reports"))+1:])))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"Changes since last run", "<code>T3</code> <code>T6</code>", "<code>T1</code>", "<code>inventory</code>"} {
		if !strings.Contains(string(page), s) {
			t.Errorf("the report lacks %q", s)
		}
	}
}

// TestCompareLastCoverage runs the coverage notebook twice on one inventory
// path whose content changes (workstations, then Defender for Endpoint
// tables), as a nightly run sees a changed file. The techniques gained and
// lost it reports are checked against the covered sets computed here
// directly with package attack from each inventory file.
func TestCompareLastCoverage(t *testing.T) {
	dir := t.TempDir()
	nb, _ := filepath.Abs(filepath.Join("..", "..", "notebooks", "coverage.ipynb"))
	inv := filepath.Join(dir, "inventory.yaml")
	m, err := ossem.Load(context.Background(), "demo", ossem.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var covered [2]map[string]bool
	for i, name := range []string{"workstations.yaml", "defender.yaml"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "inventory", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(inv, b, 0o644); err != nil {
			t.Fatal(err)
		}
		in, err := inventory.Load(inv, nil)
		if err != nil {
			t.Fatal(err)
		}
		covered[i] = map[string]bool{}
		for _, tc := range attack.CoverageOf(m, in).Techniques {
			if tc.Status == attack.Covered {
				covered[i][tc.ID] = true
			}
		}
		code, msg := huntbookRun(t, dir, "run", nb, "-p", "sysmonFile=", "-p", "auditpolFile=", "-p", "compareSysmon=", "-p", "sigmaDir=",
			"-p", "inventoryFile="+inv, "-o", "reports/{notebook}.html", "-q", "--compare-last")
		if code != 0 {
			t.Fatalf("run %d: exit %d: %s", i, code, msg)
		}
	}
	var gained, lost []string
	for id := range covered[1] {
		if !covered[0][id] {
			gained = append(gained, id)
		}
	}
	for id := range covered[0] {
		if !covered[1][id] {
			lost = append(lost, id)
		}
	}
	slices.Sort(gained)
	slices.Sort(lost)
	if len(gained)+len(lost) == 0 {
		t.Fatal("the two inventories cover the same techniques: the test proves nothing")
	}
	rec := readRunRecord(t, filepath.Join(dir, "reports", "coverage-2.run.json"))
	var got *notebook.ValueChange
	for i, v := range rec.Changes.Values {
		if v.Name == "covered_techniques" {
			got = &rec.Changes.Values[i]
		}
	}
	if got == nil {
		t.Fatalf("no change of covered_techniques: %+v", rec.Changes)
	}
	if diff := cmp.Diff(gained, got.Added); diff != "" {
		t.Errorf("gained (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(lost, got.Removed); diff != "" {
		t.Errorf("lost (-want +got):\n%s", diff)
	}
	if len(rec.Changes.Inputs) != 1 || rec.Changes.Inputs[0].Name != "inventory" {
		t.Errorf("inputs changed: %+v", rec.Changes.Inputs)
	}
	t.Logf("gained %v, lost %v", gained, lost)
}

func readRunRecord(t *testing.T, path string) runs.Record {
	t.Helper()
	e, err := runs.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return e.Record
}
