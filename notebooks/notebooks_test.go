package notebooks_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/internal/jupytertest"
	"github.com/huntbook/huntbook/pkg/attack"
	"github.com/huntbook/huntbook/pkg/ossem"
)

var screenshot = flag.String("screenshot", "", "also write the browser's screenshot of the executed seed notebook (HTML) to this PNG file")

const (
	seedNotebook     = "attack_techniques_to_events.ipynb"
	workshopNotebook = "workshop.ipynb"
	attackNotebook   = "attack_today.ipynb"
	sharedBundle     = "../../shared/data/attack/enterprise-attack-18.1.json"
	sharedData       = "../../shared/data/ossem-dm"
	workshopAnswers  = "../testdata/notebooks/workshop"
	exercises        = 7
)

// realMappings are the shared OSSEM-DM files, one per published layout.
var realMappings = []struct{ name, file string }{
	{"2021", "techniques_to_events_mapping.yaml"},
	{"2022", "techniques_to_events_mapping.v2022.yaml"},
}

// jupyter is a Jupyter installation with huntbook's kernelspec installed
// into a temporary JUPYTER_PATH.
type jupyter struct {
	python string
	env    []string
	dir    string
	slots  chan struct{} // bounds concurrent notebook runs on a small machine
}

func setup(t *testing.T) *jupyter {
	t.Helper()
	jt := jupytertest.Setup(t)
	env := append(jt.Env, "XDG_CACHE_HOME="+filepath.Join(jt.Dir, "cache")) // a URL source would not touch the user's cache
	python, dir := jt.Python, jt.Dir
	return &jupyter{python: python, env: env, dir: dir, slots: make(chan struct{}, 2)}
}

// convert runs `jupyter nbconvert --to <to> --execute` on src and returns
// the path of the result. A cell error fails the test with nbconvert's
// report.
func (j *jupyter) convert(t *testing.T, src, to string) string {
	t.Helper()
	j.slots <- struct{}{}
	defer func() { <-j.slots }()
	out := filepath.Join(t.TempDir(), "out")
	cmd := exec.Command(j.python, "-m", "nbconvert", "--to", to, "--execute",
		"--ExecutePreprocessor.timeout=120", "--output-dir", out, "--output", "executed", src)
	cmd.Env = j.env
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nbconvert --to %s --execute %s: %v\n%s", to, filepath.Base(src), err, b)
	}
	ext := map[string]string{"notebook": ".ipynb", "html": ".html"}[to]
	return filepath.Join(out, "executed"+ext)
}

// notebook is the part of an executed notebook the tests read.
type notebook struct {
	Cells []struct {
		CellType string   `json:"cell_type"`
		ID       string   `json:"id"`
		Outputs  []output `json:"outputs"`
	} `json:"cells"`
}

type output struct {
	OutputType string         `json:"output_type"`
	Text       any            `json:"text"`
	Data       map[string]any `json:"data"`
	EName      string         `json:"ename"`
	EValue     string         `json:"evalue"`
}

// joined returns nbformat's multiline string (a string or a list of lines)
// as one string.
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

func readNotebook(t *testing.T, path string) *notebook {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var nb notebook
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return &nb
}

// outputs returns the outputs of the cell with the given id.
func (nb *notebook) outputs(t *testing.T, id string) []output {
	t.Helper()
	for _, c := range nb.Cells {
		if c.ID == id {
			return c.Outputs
		}
	}
	t.Fatalf("no cell with id %q", id)
	return nil
}

// stdout returns the text a cell printed.
func (nb *notebook) stdout(t *testing.T, id string) string {
	t.Helper()
	var b strings.Builder
	for _, o := range nb.outputs(t, id) {
		if o.OutputType == "stream" {
			b.WriteString(joined(o.Text))
		}
	}
	return b.String()
}

// result returns the MIME bundle a cell ended with.
func (nb *notebook) result(t *testing.T, id string) map[string]any {
	t.Helper()
	for _, o := range nb.outputs(t, id) {
		if o.OutputType == "execute_result" || o.OutputType == "display_data" {
			return o.Data
		}
	}
	t.Fatalf("cell %s shows no result", id)
	return nil
}

// variant writes a copy of a notebook with some cells' sources replaced
// (by id) and, as papermill does, a cell after the parameters cell that
// sets new values. It returns the copy's path.
func variant(t *testing.T, name string, params map[string]string, sources map[string]string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var nb map[string]any
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatal(err)
	}
	var cells []any
	done := 0
	for _, c := range nb["cells"].([]any) {
		cell := c.(map[string]any)
		id, _ := cell["id"].(string)
		if src, ok := sources[id]; ok {
			cell["source"] = src
			done++
		}
		cells = append(cells, cell)
		if id == "parameters" && len(params) > 0 {
			var lines []string
			for _, k := range sortedKeys(params) {
				lines = append(lines, k+" = "+strconv.Quote(params[k]))
			}
			cells = append(cells, map[string]any{"cell_type": "code", "id": "injected-parameters",
				"metadata": map[string]any{"tags": []string{"injected-parameters"}}, "execution_count": nil,
				"outputs": []any{}, "source": strings.Join(lines, "\n")})
		}
	}
	if done != len(sources) {
		t.Fatalf("%s: replaced %d of %d cells", name, done, len(sources))
	}
	nb["cells"] = cells
	b, err = json.Marshal(nb)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func sortedKeys(m map[string]string) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}

// mappingSource is a mapping to run the notebooks on: the demo subset or a
// shared file.
type mappingSource struct {
	name   string
	source string // the value of the notebooks' source parameter
}

func sources(t *testing.T) []mappingSource {
	srcs := []mappingSource{{"demo", "demo"}}
	for _, r := range realMappings {
		path, err := filepath.Abs(filepath.Join(sharedData, r.file))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(path); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("the real mapping %s is missing under CI=true: %v", r.file, err)
			}
			t.Logf("skipping the real %s mapping: %v", r.name, err)
			continue
		}
		srcs = append(srcs, mappingSource{r.name, path})
	}
	return srcs
}

func load(t *testing.T, source string) *ossem.Mapping {
	t.Helper()
	m, err := ossem.Load(context.Background(), source, ossem.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestNotebooks executes every notebook with Jupyter on huntbook's kernel:
// the seed analysis on every mapping, the workshop blank, with the
// reference answers (on every mapping) and with wrong ones, other notebooks
// as committed; and the seed as HTML in a browser.
func TestNotebooks(t *testing.T) {
	j := setup(t)
	srcs := sources(t)
	for _, s := range srcs {
		t.Run("seed/"+s.name, func(t *testing.T) {
			t.Parallel()
			path := j.convert(t, variant(t, seedNotebook, map[string]string{"source": s.source}, nil), "notebook")
			checkSeed(t, readNotebook(t, path), load(t, s.source))
		})
	}
	t.Run("seed/html", func(t *testing.T) {
		t.Parallel()
		checkHTML(t, j.convert(t, seedNotebook, "html"))
	})
	t.Run("workshop/blank", func(t *testing.T) {
		t.Parallel()
		checkWorkshop(t, readNotebook(t, j.convert(t, workshopNotebook, "notebook")), "…")
	})
	t.Run("workshop/wrong", func(t *testing.T) {
		t.Parallel()
		src := variant(t, workshopNotebook, nil, answers(t, "wrong"))
		checkWorkshop(t, readNotebook(t, j.convert(t, src, "notebook")), "✘")
	})
	for _, s := range srcs {
		t.Run("workshop/right/"+s.name, func(t *testing.T) {
			t.Parallel()
			src := variant(t, workshopNotebook, map[string]string{"source": s.source}, answers(t, "right"))
			checkWorkshop(t, readNotebook(t, j.convert(t, src, "notebook")), "✔")
		})
	}
	others, err := filepath.Glob("*.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("attack_today", func(t *testing.T) {
		t.Parallel()
		checkAttackToday(t, j)
	})
	for _, name := range others {
		if name == seedNotebook || name == workshopNotebook || name == attackNotebook {
			continue
		}
		t.Run("other/"+name, func(t *testing.T) {
			t.Parallel()
			nb := readNotebook(t, j.convert(t, name, "notebook"))
			for _, c := range nb.Cells {
				for _, o := range c.Outputs {
					if o.OutputType == "error" {
						t.Errorf("cell %s: %s: %s", c.ID, o.EName, o.EValue)
					}
				}
			}
		})
	}
}

// answers reads the workshop answers of one kind ("right" or "wrong"),
// keyed by the id of the cell they fill.
func answers(t *testing.T, kind string) map[string]string {
	t.Helper()
	src := make(map[string]string)
	for n := 1; n <= exercises; n++ {
		b, err := os.ReadFile(filepath.Join(workshopAnswers, kind, fmt.Sprintf("ex%d.gocell", n)))
		if err != nil {
			t.Fatal(err)
		}
		src[fmt.Sprintf("ex%d-answer", n)] = string(b)
	}
	return src
}

// checkWorkshop asserts that every check cell gives the verdict mark ("✔"
// right, "✘" wrong, "…" not answered), with a hint unless right.
func checkWorkshop(t *testing.T, nb *notebook, mark string) {
	t.Helper()
	for n := 1; n <= exercises; n++ {
		data := nb.result(t, fmt.Sprintf("ex%d-check", n))
		text, html := joined(data["text/plain"]), joined(data["text/html"])
		if want := fmt.Sprintf("%s Exercise %d: ", mark, n); !strings.HasPrefix(text, want) {
			t.Errorf("exercise %d: verdict %q, want it to start with %q", n, text, want)
		}
		if hint := strings.Contains(html, "Hint:"); hint != (mark != "✔") {
			t.Errorf("exercise %d: hint shown = %v for verdict %s: %s", n, hint, mark, html)
		}
	}
}

var svgText = regexp.MustCompile(`<text[^>]*>([^<]*)</text>`)

// checkSeed compares the executed seed notebook with package attack's
// answers on the same mapping.
func checkSeed(t *testing.T, nb *notebook, m *ossem.Mapping) {
	t.Helper()
	for _, c := range nb.Cells {
		for _, o := range c.Outputs {
			if o.OutputType == "error" || (o.OutputType == "stream" && strings.Contains(joined(o.Text), "panic")) {
				t.Errorf("cell %s failed: %s: %s %s", c.ID, o.EName, o.EValue, joined(o.Text))
			}
		}
	}

	wantLoad := fmt.Sprintf("%s: %d records, %s layout\n", m.Label(), len(m.Records), m.Schema)
	if got := nb.stdout(t, "load"); got != wantLoad {
		t.Errorf("load printed %q, want %q", got, wantLoad)
	}
	if diff := cmp.Diff(attack.Table(m).Head().HTML(), joined(nb.result(t, "load")["text/html"])); diff != "" {
		t.Errorf("mapping.Head() (-want +got):\n%s", diff)
	}

	for _, c := range []struct{ cell, by, title string }{
		{"top-sources", attack.ColDataSource, "Count of sub-techniques per Data Source (Top 15)"},
		{"top-components", attack.ColDataComponent, "Count of sub-techniques per Data Component (Top 15)"},
	} {
		top, err := attack.TopSubtechniques(m, c.by, 15)
		if err != nil {
			t.Fatal(err)
		}
		svg := joined(nb.result(t, c.cell)["image/svg+xml"])
		var texts []string
		for _, s := range svgText.FindAllStringSubmatch(svg, -1) {
			texts = append(texts, unescape(s[1]))
		}
		n := top.Len()
		if len(texts) < 1+2*n {
			t.Errorf("%s: the chart has %d text elements, want the title, %d labels and %d values: %q", c.cell, len(texts), n, n, texts)
			continue
		}
		var values []string
		for _, v := range top.Floats() {
			values = append(values, strconv.FormatFloat(v, 'f', -1, 64))
		}
		want := append(append([]string{c.title}, top.Labels()...), values...)
		got := append(append([]string(nil), texts[:1+n]...), texts[len(texts)-n:]...)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: chart title, labels and values (-want +got):\n%s", c.cell, diff)
		}
		if png := joined(nb.result(t, c.cell)["image/png"]); png == "" {
			t.Errorf("%s: the chart has no PNG", c.cell)
		}
	}

	rel := attack.Relationships(m)
	if got, want := nb.stdout(t, "relationships"), fmt.Sprintf("%d distinct relationships among data elements\n", rel.Len()); got != want {
		t.Errorf("relationships printed %q, want %q", got, want)
	}
	if diff := cmp.Diff(rel.Head().HTML(), joined(nb.result(t, "relationships")["text/html"])); diff != "" {
		t.Errorf("relationships.Head() (-want +got):\n%s", diff)
	}
	graph := nb.result(t, "graph")
	// The interactive SVG travels in data-ng-svg, swapped in by the script;
	// the <img> is what an untrusted notebook shows (package netgraph).
	if html := joined(graph["text/html"]); !strings.HasPrefix(html, `<div class="ng" data-ng-svg="`) ||
		!strings.Contains(html, `<img class="ng-static" alt="Relationships among Data Elements"`) || !strings.Contains(html, "<script") {
		t.Errorf("the graph cell shows no interactive graph: %.300q", html)
	}
	if svg := joined(graph["image/svg+xml"]); !strings.Contains(svg, "<svg") {
		t.Errorf("the graph cell has no SVG")
	}

	view, err := attack.Technique(m, "T1003.001")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(view.Components.HTML(), joined(nb.result(t, "technique-components")["text/html"])); diff != "" {
		t.Errorf("T1003.001 components (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(view.Events.HTML(), joined(nb.result(t, "technique-events")["text/html"])); diff != "" {
		t.Errorf("T1003.001 events (-want +got):\n%s", diff)
	}
	var gaps strings.Builder
	if len(view.Gaps) == 0 {
		fmt.Fprintf(&gaps, "Every data component of T1003.001 has at least one mapped security event in %s.\n", m.Label())
	}
	for _, g := range view.Gaps {
		fmt.Fprintf(&gaps, "No security event is mapped for %s (data source %s) of T1003.001.\n", g.DataComponent, g.DataSource)
	}
	if diff := cmp.Diff(gaps.String(), nb.stdout(t, "gaps")); diff != "" {
		t.Errorf("T1003.001 gaps (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(attack.GapsFrame(attack.Gaps(m)).HTML(), joined(nb.result(t, "gaps")["text/html"])); diff != "" {
		t.Errorf("gaps table (-want +got):\n%s", diff)
	}
}

// unescape undoes the XML escapes gonum/plot's SVG canvas writes.
func unescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&quot;", `"`, "&apos;", "'").Replace(s)
}

// checkAttackToday runs attack_today.ipynb on the shared ATT&CK v18.1
// bundle (skipped when it is absent, except in CI) and checks that every
// cell ran and that T1003.001's strategy, analytic and events are shown.
func checkAttackToday(t *testing.T, j *jupyter) {
	if _, err := os.Stat(sharedBundle); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared bundle %s is missing in CI: %v", sharedBundle, err)
		}
		t.Skipf("shared bundle %s not present", sharedBundle)
	}
	nb := readNotebook(t, j.convert(t, attackNotebook, "notebook"))
	var all strings.Builder
	for _, c := range nb.Cells {
		for _, o := range c.Outputs {
			if o.OutputType == "error" {
				t.Errorf("cell %s: %s: %s", c.ID, o.EName, o.EValue)
			}
			all.WriteString(joined(o.Text))
			all.WriteString(joined(o.Data["text/plain"]))
		}
	}
	for _, want := range []string{"ATT&CK Enterprise v18.1 (inferred)", "691 live techniques, 691 detection strategies, 1739 analytics",
		"DET0363 Detection of Credential Dumping from LSASS Memory", "AN1030 (Windows)",
		"EventCode=13, 14 -> Microsoft-Windows-Sysmon/Operational 13, Microsoft-Windows-Sysmon/Operational 14",
		"T1003.001 is current in ATT&CK Enterprise v18.1 (inferred)"} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("the outputs do not show %q", want)
		}
	}
}
