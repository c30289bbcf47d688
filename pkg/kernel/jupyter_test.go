package kernel_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// jupyter is a Jupyter installation the integration tests can drive.
type jupyter struct {
	python string   // a python3 that imports jupyter_client, nbconvert, nbformat
	env    []string // JUPYTER_PATH etc. pointing at the temporary kernelspec
	dir    string
}

// setup builds huntbook, installs its kernelspec into a temporary
// JUPYTER_PATH and finds a python with Jupyter's client libraries. Without
// them the test is skipped, or fails when CI=true.
func setup(t *testing.T) jupyter {
	t.Helper()
	var python string
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(p, "-c", "import jupyter_client, nbconvert, nbformat, nbclient").Run() == nil {
			python = p
			break
		}
	}
	if python == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("Jupyter is missing (jupyter-client, jupyter-nbconvert, python3-nbclient, python3-nbformat); CI must install them (.ci/run)")
		}
		t.Skip("Jupyter is not installed (apt-get install jupyter-client jupyter-nbconvert python3-nbclient python3-nbformat)")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "huntbook")
	build := exec.Command("go", "build", "-o", bin, "github.com/huntbook/huntbook/cmd/huntbook")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	prefix := filepath.Join(dir, "prefix")
	if out, err := exec.Command(bin, "kernel", "install", "--prefix", prefix).CombinedOutput(); err != nil {
		t.Fatalf("huntbook kernel install: %v\n%s", err, out)
	}
	var spec map[string]any
	b, err := os.ReadFile(filepath.Join(prefix, "share", "jupyter", "kernels", "huntbook", "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &spec); err != nil {
		t.Fatal(err)
	}
	if argv := spec["argv"].([]any); argv[0] != bin || spec["display_name"] != "Go (huntbook)" || spec["language"] != "go" {
		t.Fatalf("kernel.json = %s", b)
	}
	for _, logo := range []string{"logo-32x32.png", "logo-64x64.png"} {
		if _, err := os.Stat(filepath.Join(prefix, "share", "jupyter", "kernels", "huntbook", logo)); err != nil {
			t.Errorf("kernelspec lacks %s", logo)
		}
	}
	env := append(os.Environ(),
		"JUPYTER_PATH="+filepath.Join(prefix, "share", "jupyter"),
		"JUPYTER_DATA_DIR="+filepath.Join(dir, "data"),
		"JUPYTER_RUNTIME_DIR="+filepath.Join(dir, "runtime"),
		"JUPYTER_PLATFORM_DIRS=1",
	)
	return jupyter{python: python, env: env, dir: dir}
}

type notebook struct {
	Cells []struct {
		CellType       string   `json:"cell_type"`
		ExecutionCount *int     `json:"execution_count"`
		Outputs        []output `json:"outputs"`
	} `json:"cells"`
}

type output struct {
	OutputType string         `json:"output_type"`
	Name       string         `json:"name"`
	Text       any            `json:"text"`
	Data       map[string]any `json:"data"`
	EName      string         `json:"ename"`
	EValue     string         `json:"evalue"`
}

// joined returns nbformat's multiline string (a string or a list of lines) as one string.
func joined(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		var b strings.Builder
		for _, s := range v {
			b.WriteString(s.(string))
		}
		return b.String()
	}
	return ""
}

// Both Jupyter tests share one set-up and run in parallel to keep the time down.
func TestJupyter(t *testing.T) {
	j := setup(t)
	t.Run("nbconvert", func(t *testing.T) { t.Parallel(); testNbconvert(t, j) })
	t.Run("jupyter_client", func(t *testing.T) { t.Parallel(); testClient(t, j) })
}

func testNbconvert(t *testing.T, j jupyter) {
	out := filepath.Join(j.dir, "out")
	cmd := exec.Command(j.python, "-m", "nbconvert", "--to", "notebook", "--execute", "--allow-errors",
		"--ExecutePreprocessor.timeout=60", "--output-dir", out, filepath.Join("..", "..", "testdata", "kernel", "basics.ipynb"))
	cmd.Env = j.env
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nbconvert: %v\n%s", err, b)
	}
	b, err := os.ReadFile(filepath.Join(out, "basics.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	var nb notebook
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatal(err)
	}
	var code [][]output
	for _, c := range nb.Cells {
		if c.CellType == "code" {
			code = append(code, c.Outputs)
		}
	}
	if len(code) != 6 {
		t.Fatalf("got %d code cells, want 6", len(code))
	}
	one := func(i int, typ string) output {
		t.Helper()
		if len(code[i]) == 0 || code[i][0].OutputType != typ {
			t.Fatalf("cell %d: outputs %+v, want a %s first", i+1, code[i], typ)
		}
		return code[i][0]
	}
	if o := one(0, "stream"); joined(o.Text) != "hello from Go\n" || o.Name != "stdout" {
		t.Errorf("cell 1 stdout = %q", joined(o.Text))
	}
	if html := joined(one(1, "execute_result").Data["text/html"]); !strings.Contains(html, "<table") || !strings.Contains(html, "T1003.001") {
		t.Errorf("cell 2: want a frame's HTML table, got %.200q", html)
	}
	if len(code[2]) != 2 {
		t.Fatalf("cell 3: got %d outputs, want SVG and PNG", len(code[2]))
	}
	if svg := joined(code[2][0].Data["image/svg+xml"]); !strings.Contains(svg, "<svg") || !strings.Contains(svg, "events per source") {
		t.Errorf("cell 3: first output is not the chart's SVG: %.100q", svg)
	}
	png, err := base64.StdEncoding.DecodeString(strings.TrimSpace(joined(code[2][1].Data["image/png"])))
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Errorf("cell 3: second output is not a PNG (%v)", err)
	}
	if html := joined(one(3, "execute_result").Data["text/html"]); html != "<b>bold</b>" {
		t.Errorf("cell 4 text/html = %q", html)
	}
	if e := one(4, "error"); e.EName != "Panic" || e.EValue != "assignment to entry in nil map" {
		t.Errorf("cell 5 error = %s: %s", e.EName, e.EValue)
	}
	if o := one(5, "stream"); joined(o.Text) != "after the error: 2\n" {
		t.Errorf("cell 6 (after the error) stdout = %q", joined(o.Text))
	}
}

func testClient(t *testing.T, j jupyter) {
	cmd := exec.Command(j.python, "-u", filepath.Join("..", "..", "testdata", "kernel", "client.py"))
	cmd.Env = j.env
	out, err := cmd.CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("ALL OK")) {
		t.Fatalf("client.py: %v\n%s", err, out)
	}
	for _, want := range []string{
		"shell: dropped a message: kernel: bad message signature",
		"control: dropped a message: kernel: bad message signature",
		"stdin: dropped a message: kernel: bad message signature",
		"shell: dropped a message: kernel: malformed message: header is not a JSON object",
		`shell: dropped a message: kernel: malformed message: content of "execute_request" is not a JSON object`,
		"shell: dropped a message: kernel: malformed message: no <IDS|MSG> delimiter",
		`shell: dropped a replayed "execute_request" message`,
		`unknown message type "frobnicate_request"`,
		"message over the size limit",
	} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("the kernel did not log %q", want)
		}
	}
	if t.Failed() {
		t.Logf("client.py and kernel output:\n%s", out)
	}
}
