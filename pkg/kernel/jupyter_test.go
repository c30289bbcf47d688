package kernel_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/huntbook/huntbook/internal/jupytertest"
)

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
	j := jupytertest.Setup(t)
	t.Run("nbconvert", func(t *testing.T) { t.Parallel(); testNbconvert(t, j) })
	t.Run("jupyter_client", func(t *testing.T) { t.Parallel(); testClient(t, j) })
}

func testNbconvert(t *testing.T, j *jupytertest.Jupyter) {
	out := filepath.Join(j.Dir, "out")
	if b, err := j.Nbconvert(filepath.Join("..", "..", "testdata", "kernel", "basics.ipynb"), "notebook", out, 60, "--allow-errors"); err != nil {
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
	if e := one(4, "error"); e.EName != "Panic" || e.EValue != "cell line 2: assignment to entry in nil map" {
		t.Errorf("cell 5 error = %s: %s", e.EName, e.EValue)
	}
	if o := one(5, "stream"); joined(o.Text) != "after the error: 2\n" {
		t.Errorf("cell 6 (after the error) stdout = %q", joined(o.Text))
	}
}

func testClient(t *testing.T, j *jupytertest.Jupyter) {
	out, err := j.Command("-u", filepath.Join("..", "..", "testdata", "kernel", "client.py")).CombinedOutput()
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

// TestJupyterEngine drives cells that end or hold the engine through
// jupyter_client (testdata/kernel/engine.py): each becomes an error reply
// naming the cause and the kernel goes on in a fresh engine; an interrupt
// while a large cell compiles keeps the engine; a shutdown request during
// `for {}` is honoured at once.
func TestJupyterEngine(t *testing.T) {
	j := jupytertest.Setup(t)
	out, err := j.Command("-u", filepath.Join("..", "..", "testdata", "kernel", "engine.py")).CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("ALL OK")) {
		t.Fatalf("engine.py: %v\n%s", err, out)
	}
}
