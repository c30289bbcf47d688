package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// hostile are the strings put into every field. Each is aimed at one way
// out of escaping: an element, an attribute breakout, a URL scheme, the
// end of a style or CDATA section, a Go template action, a JavaScript
// string breakout, a line terminator JavaScript strings may not hold, and
// an outside resource.
var hostile = []string{
	`<script>alert(1)</script>`,
	`"><img src=x onerror=alert(1)>`,
	`javascript:alert(1)`,
	`</style><script>alert(1)</script>`,
	`]]><script>alert(1)</script>`,
	`{{.}}`,
	`'-alert(1)-'`,
	"line\u2028separator",
	`https://evil.example/x.js`,
}

// clean is the twin of hostile: as many strings, all different, harmless.
// Fixtures built from it have the same shape (records, distinct values,
// cells) as those built from hostile, so their outputs can be compared.
var clean = func() []string {
	out := make([]string, len(hostile))
	for i := range out {
		out[i] = fmt.Sprintf("plain%d", i)
	}
	return out
}()

// pick returns p's i-th string, cycling.
func pick(p []string, i int) string { return p[i%len(p)] }

// yq quotes s as a YAML double-quoted scalar (JSON's string syntax is a
// subset of it), keeping <, > and & as they are.
func yq(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		panic(err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// techniqueIDs are the ids of the fixture mapping's three techniques; two
// of them carry payloads (without a double quote or comma, which the
// --technique flag's list syntax would split or refuse), upper case
// because huntbook upper-cases the ids it is asked for (see
// TestTechniqueIDCase).
func techniqueIDs(p []string) []string {
	return []string{"T1001.001", "T1002.001 " + strings.ToUpper(p[0]), "T1003 " + strings.ToUpper(p[6])}
}

// mappingYAML writes a 2022-schema mapping with payloads from p in every
// field: eight records over three techniques and five components (the
// fifth has no event, so it is a gap). With skipFirst the first record is
// left out and the second's event_name changes: the --compare twin.
func mappingYAML(p []string, skipFirst bool) []byte {
	ids := techniqueIDs(p)
	var b strings.Builder
	for r := 0; r < 8; r++ {
		if skipFirst && r == 0 {
			continue
		}
		t := r % 3
		comp := r % 4
		if r == 7 {
			comp = 4
		}
		eventName := pick(p, r+2)
		if skipFirst && r == 1 {
			eventName = "renamed " + eventName
		}
		w := func(k, v string) { fmt.Fprintf(&b, "  %s: %s\n", k, v) }
		fmt.Fprintf(&b, "- technique_id: %s\n", yq(ids[t]))
		w("is_subtechnique", strconv.FormatBool(t < 2))
		w("technique", yq(pick(p, t)))
		fmt.Fprintf(&b, "  tactic:\n  - %s\n  - execution\n", yq("tactic "+pick(p, t+3)))
		fmt.Fprintf(&b, "  platform:\n  - Windows\n  - %s\n", yq(pick(p, t+1)))
		w("data_source", yq("source "+pick(p, comp%2)))
		w("data_component", yq("component "+pick(p, comp)))
		w("relationship_id", yq("REL-"+pick(p, r)))
		w("name", yq(pick(p, r)))
		w("source", yq("element "+pick(p, r%3)))
		w("relationship", yq("verb "+pick(p, r)))
		w("target", yq("element "+pick(p, (r+1)%3)))
		switch {
		case r == 7:
			w("event_id", ".nan")
		case r%2 == 0:
			w("event_id", strconv.Itoa(4688+r))
		default:
			w("event_id", yq(pick(p, r)))
		}
		w("event_name", yq(eventName))
		w("event_platform", "windows")
		w("audit_category", yq("category "+pick(p, r)))
		w("audit_sub_category", yq("subcategory "+pick(p, r+3)))
		w("channel", yq("channel "+pick(p, r%2)))
		w("log_source", yq("provider "+pick(p, r%3)))
		fmt.Fprintf(&b, "  filter_in:\n  - ActionType: %s\n    %s: %s\n", yq(pick(p, r)), yq(pick(p, r+1)), yq(pick(p, r+5)))
		w("x_extra", yq(pick(p, r+4)))
	}
	return []byte(b.String())
}

// inventoryYAML lists events of mappingYAML(p): a channel with two ids, a
// provider with a string id, a table, and one entry that matches nothing.
func inventoryYAML(p []string) []byte {
	return []byte(fmt.Sprintf(`name: %s
events:
  - channel: %s
    event_id: [4688, 4690]
    note: %s
  - provider: %s
    event_id: %s
  - table: %s
    note: %s
  - channel: %s
    event_id: 1
`, yq("inventory "+p[0]), yq("channel "+p[0]), yq(p[1]), yq("provider "+p[1]), yq(p[1]), yq(p[3]), yq(p[8]),
		yq("unmatched "+p[7])))
}

// storedMarker is in every output stored in the notebook file; huntbook
// run clears stored outputs, so it must not reach what run writes.
const storedMarker = "STORED-OUTPUT-MARKER"

// notebookJSON writes a notebook with payloads in its markdown, code,
// tags, cell and notebook metadata and stored outputs of every MIME type.
// Its code loads mappingPath, prints and displays payloads, renders the
// tables, a chart and a graph, and panics with payloads in its last cell.
func notebookJSON(p []string, mappingPath string) []byte {
	all := strings.Join(p, " ")
	src := func(s string) []any { return []any{s} }
	tags := func(t ...string) map[string]any {
		return map[string]any{
			"tags":      append(t, p[0], p[1]),
			"execution": map[string]any{"iopub.execute_input": p[3], "shell.execute_reply": p[1]},
			p[1]:        p[0],
		}
	}
	md := func(s string) map[string]any {
		return map[string]any{"cell_type": "markdown", "metadata": tags(), "source": src(s)}
	}
	code := func(s string, outputs []any, t ...string) map[string]any {
		if outputs == nil {
			outputs = []any{}
		}
		return map[string]any{"cell_type": "code", "metadata": tags(t...), "source": src(s),
			"execution_count": 7, "outputs": outputs}
	}
	stored := []any{
		map[string]any{"output_type": "stream", "name": "stdout", "text": storedMarker + " " + all},
		map[string]any{"output_type": "display_data", "metadata": map[string]any{p[0]: p[1]}, "data": map[string]any{
			"text/html":              storedMarker + `<script>alert(1)</script><div onclick="alert(1)" onmouseover="alert(1)">` + all + `</div><img src="https://evil.example/x.png">`,
			"text/plain":             storedMarker + " <b>" + all + "</b>",
			"image/svg+xml":          `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script><foreignObject><iframe src="javascript:alert(1)"></iframe></foreignObject><text>` + storedMarker + `</text></svg>`,
			"text/markdown":          storedMarker + " " + all,
			"application/javascript": "alert('" + storedMarker + "')",
			"application/json":       map[string]any{storedMarker: all},
		}},
		map[string]any{"output_type": "execute_result", "execution_count": 7, "metadata": map[string]any{},
			"data": map[string]any{"text/html": storedMarker + all, "text/plain": storedMarker}},
		map[string]any{"output_type": "error", "ename": storedMarker + p[0], "evalue": p[1] + storedMarker,
			"traceback": []any{"<b>" + storedMarker + "</b>", all}},
	}
	goq := strconv.Quote
	cells := []any{
		md("# Hunt " + p[0] + "\n\nA paragraph: " + all + "\n\n" +
			"[a link](" + p[2] + ") and [another](" + p[8] + ") and ![an image](" + p[8] + ")\n\n" +
			"<b>" + p[1] + "</b> <span style=\"color:red\">" + p[3] + "</span>\n\n## " + p[1] + "\n\n### " + p[6]),
		code("source := "+goq(mappingPath)+"\ntechniqueID := "+goq(techniqueIDs(p)[1])+"\n// "+all, stored, "parameters"),
		code(`import (
	"context"
	"fmt"
	"os"

	"github.com/huntbook/huntbook/pkg/attack"
	"github.com/huntbook/huntbook/pkg/chart"
	"github.com/huntbook/huntbook/pkg/display"
	"github.com/huntbook/huntbook/pkg/netgraph"
	"github.com/huntbook/huntbook/pkg/ossem"
)
// `+all, stored),
		md("## Data " + p[4] + "\n\n" + all),
		code(`m, err := ossem.Load(context.Background(), source, ossem.Options{})
if err != nil {
	panic(err)
}
fmt.Println(m.Records[0].Technique, m.Records[0].EventName)
fmt.Fprintln(os.Stderr, m.Records[1].DataSource, `+goq(all)+`)
attack.Table(m).Head()`, stored),
		code(`counts, err := attack.TopSubtechniques(m, attack.ColDataSource, 15)
if err != nil {
	panic(err)
}
chart.FromSeries(`+goq("Top "+all)+`, counts)`, nil),
		code(`g, err := netgraph.FromFrame(`+goq("Graph "+all)+`, attack.Relationships(m), attack.ColSource, attack.ColTarget, attack.ColRelationship)
if err != nil {
	panic(err)
}
g`, nil),
		code(`view, err := attack.Technique(m, techniqueID)
if err != nil {
	panic(err)
}
display.Display(display.Markdown(`+goq("**"+p[0]+"** "+all+" [x]("+p[2]+")")+`))
view.Events`, nil),
		code(`panic(`+goq("boom "+all)+`)`, stored),
		map[string]any{"cell_type": "raw", "metadata": tags(), "source": src("raw " + all)},
	}
	nb := map[string]any{
		"nbformat": 4, "nbformat_minor": 5,
		"metadata": map[string]any{
			"kernelspec":    map[string]any{"name": "huntbook", "display_name": p[0], "language": "go"},
			"language_info": map[string]any{"name": "go", "file_extension": ".go", "mimetype": "text/x-go"},
			"title":         p[1],
			"authors":       []any{map[string]any{"name": p[3]}},
			p[0]:            p[8],
		},
		"cells": cells,
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(nb); err != nil {
		panic(err)
	}
	return b.Bytes()
}
