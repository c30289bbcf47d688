package browser

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPageRecordsWhatHappens(t *testing.T) {
	b := ForTest(t)
	p := PageForTest(t, b)
	dir := t.TempDir()
	page := filepath.Join(dir, "page.html")
	html := `<!doctype html><title>t</title><body style="margin:0">
<div id="box" style="width:100px;height:100px;background:#c00"></div>
<script>
console.log("hello");
console.error("bad thing");
alert("hi");
document.getElementById("box").addEventListener("mouseenter", function () { document.body.dataset.hover = "yes"; });
setTimeout(function () { throw new Error("late"); }, 0);
</script>`
	if err := os.WriteFile(page, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := p.OpenFile(page); err != nil {
		t.Fatal(err)
	}
	if err := p.MoveMouse(50, 50); err != nil {
		t.Fatal(err)
	}
	hover, err := Eval[string](p, `document.body.dataset.hover || ""`)
	if err != nil {
		t.Fatal(err)
	}
	if hover != "yes" {
		t.Errorf("hover = %q, want yes", hover)
	}
	if diff := cmp.Diff([]string{"alert: hi"}, p.Dialogs()); diff != "" {
		t.Errorf("dialogs (-want +got):\n%s", diff)
	}
	var kinds []string
	for _, m := range p.Errors() {
		kinds = append(kinds, m.Kind+" "+strings.SplitN(m.Text, "\n", 2)[0])
	}
	want := []string{"console.error bad thing", "exception Uncaught Error: late"}
	if diff := cmp.Diff(want, kinds); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	if reqs := p.Requests(); len(reqs) != 1 || !strings.HasPrefix(reqs[0], "file://") {
		t.Errorf("requests = %q, want only the page", reqs)
	}
	shot := filepath.Join(dir, "shot.png")
	if err := p.SaveScreenshot(shot); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(shot); err != nil || fi.Size() == 0 {
		t.Errorf("screenshot: %v", err)
	}
}

func TestFindMissing(t *testing.T) {
	if _, err := Find("/nonexistent/chromium"); err == nil || !strings.Contains(err.Error(), "chromium not found") {
		t.Errorf("Find of a missing binary: %v", err)
	}
}
