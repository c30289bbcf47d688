package notebooks_test

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/huntbook/huntbook/internal/browser"
)

// notebookServer is a Notebook 6 server (Debian jupyter-notebook) serving dir.
type notebookServer struct {
	base, token string
}

// startNotebook starts `python3 -m notebook` on a free loopback port, with
// the test's kernelspec and its own Jupyter data folder (so its own
// notebook_secret and trust database).
func startNotebook(t *testing.T, j *jupyter, dir string) notebookServer {
	t.Helper()
	if exec.Command(j.python, "-c", "import notebook.notebookapp").Run() != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("Notebook 6 is missing (jupyter-notebook); CI must install it (.ci/run)")
		}
		t.Skip("Notebook 6 is not installed (apt-get install jupyter-notebook)")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	token := fmt.Sprintf("t%d", time.Now().UnixNano())
	cmd := exec.Command(j.python, "-m", "notebook", "--no-browser", "--allow-root", "--ip=127.0.0.1",
		fmt.Sprintf("--port=%d", port), "--NotebookApp.token="+token, "--notebook-dir="+dir)
	cmd.Env = j.env
	logf := filepath.Join(t.TempDir(), "notebook.log")
	out, err := os.Create(logf)
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		out.Close()
		if t.Failed() {
			b, _ := os.ReadFile(logf)
			t.Logf("notebook server log:\n%s", b)
		}
	})
	s := notebookServer{base: fmt.Sprintf("http://127.0.0.1:%d", port), token: token}
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if r, err := http.Get(s.base + "/api?token=" + token); err == nil {
			r.Body.Close()
			return s
		}
	}
	t.Fatal("the notebook server did not start")
	return s
}

// eval evaluates js in p, failing the test on a JavaScript error.
func eval[T any](t *testing.T, p *browser.Page, js string) T {
	t.Helper()
	v, err := browser.Eval[T](p, js)
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// waitFor polls the JavaScript condition js until it is true.
func waitFor(t *testing.T, p *browser.Page, what, js string, limit time.Duration) {
	t.Helper()
	for deadline := time.Now().Add(limit); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if ok, err := browser.Eval[bool](p, js); err == nil && ok {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// outputsJS describes what the page shows for the seed's two charts and its
// graph: "chart:W×H" for a chart drawn as a loaded picture, "graph:live" for
// the interactive graph, "graph:picture:W×H" for its static picture.
const outputsJS = `(() => {
	const out = [];
	for (const img of document.querySelectorAll(".output_area img")) {
		if (img.alt.startsWith("Count of sub-techniques") && img.complete && img.naturalWidth > 0) {
			const r = img.getBoundingClientRect();
			out.push("chart:" + (r.width >= 400 && r.height >= 250 ? "readable" : Math.round(r.width) + "x" + Math.round(r.height)));
		}
		if (img.classList.contains("ng-static") && img.complete && img.naturalWidth > 0) {
			const r = img.getBoundingClientRect();
			out.push("graph:picture:" + (r.width >= 400 && r.height >= 250 ? "readable" : Math.round(r.width) + "x" + Math.round(r.height)));
		}
	}
	for (const svg of document.querySelectorAll(".output_area svg.ng")) {
		if (svg.getAttribute("data-ng-ready") === "1" && svg.querySelectorAll(".ng-node").length > 0) out.push("graph:live");
	}
	return out.join(" ");
})()`

// TestNotebook6 opens the seed notebook in Notebook 6 in Chromium and runs
// all its cells (the charts are pictures, the graph is interactive), then
// opens an executed copy written by huntbook run without --sign (untrusted:
// charts and graph stay pictures, no run-on text) and one with --sign
// (trusted for this user: the graph is interactive again).
func TestNotebook6(t *testing.T) {
	j := setup(t)
	dir := t.TempDir()
	seed, err := os.ReadFile(seedNotebook)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "seed.ipynb"), seed, 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(j.dir, "huntbook")
	for _, run := range [][]string{
		{"run", filepath.Join(dir, "seed.ipynb"), "--executed", filepath.Join(dir, "untrusted.ipynb"), "-q"},
		{"run", filepath.Join(dir, "seed.ipynb"), "--executed", filepath.Join(dir, "trusted.ipynb"), "--sign", "-q"},
	} {
		cmd := exec.Command(bin, run...)
		cmd.Env = j.env // the notebook server's data folder: --sign signs for it
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("huntbook %s: %v\n%s", strings.Join(run, " "), err, out)
		}
	}
	srv := startNotebook(t, j, dir)
	b := browser.ForTest(t)

	open := func(t *testing.T, name string) *browser.Page {
		t.Helper()
		p := browser.PageForTest(t, b)
		if err := p.Open(srv.base + "/notebooks/" + name + "?token=" + srv.token); err != nil {
			t.Fatal(err)
		}
		waitFor(t, p, "the notebook to load", `!!(window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded)`, 60*time.Second)
		return p
	}
	shot := func(t *testing.T, p *browser.Page, name string) {
		if keep := os.Getenv("HUNTBOOK_SCREENSHOTS"); keep != "" {
			if err := p.SaveScreenshot(filepath.Join(keep, name)); err != nil {
				t.Error(err)
			}
		}
	}

	t.Run("run all", func(t *testing.T) {
		p := open(t, "seed.ipynb")
		waitFor(t, p, "the kernel", `!!(Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected() && Jupyter.notebook.kernel.info_reply.status === "ok")`, 60*time.Second)
		eval[bool](t, p, `(Jupyter.notebook.execute_all_cells(), true)`)
		waitFor(t, p, "every cell to run", `Jupyter.notebook.get_cells().filter(c => c.cell_type === "code").every(c => typeof c.input_prompt_number === "number")`, 120*time.Second)
		if errs := eval[string](t, p, `Array.from(document.querySelectorAll(".output_error")).map(e => e.textContent).join(" | ")`); errs != "" {
			t.Errorf("cells failed: %s", errs)
		}
		waitFor(t, p, "the outputs", outputsJS+` === "chart:readable chart:readable graph:live"`, 20*time.Second)
		shot(t, p, "notebook6-run-all.png")
	})
	for _, tc := range []struct {
		name    string
		trusted bool
		want    string
	}{
		{"untrusted.ipynb", false, "chart:readable chart:readable graph:picture:readable"},
		{"trusted.ipynb", true, "chart:readable chart:readable graph:live"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := open(t, tc.name)
			if got := eval[bool](t, p, `Jupyter.notebook.trusted`); got != tc.trusted {
				t.Errorf("Notebook says trusted = %v, want %v", got, tc.trusted)
			}
			var got string
			for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
				if got = eval[string](t, p, outputsJS); got == tc.want {
					break
				}
			}
			if got != tc.want {
				t.Errorf("the page shows %q, want %q", got, tc.want)
			}
			// Sanitised SVG elements would leave their text behind: the
			// graph's node names run together in the output.
			if text := eval[string](t, p, `Array.from(document.querySelectorAll(".output_html")).map(e => e.innerText).join(" ")`); strings.Contains(text, "Relationships among Data Elements") {
				t.Errorf("the graph shows as text: %.300q", text)
			}
			shot(t, p, "notebook6-"+strings.TrimSuffix(tc.name, ".ipynb")+".png")
		})
	}
}
