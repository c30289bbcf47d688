package runs

import (
	"strings"
	"time"

	"github.com/huntbook/huntbook/pkg/frame"
	"github.com/huntbook/huntbook/pkg/render"
)

// Tables makes Index a result of package render: one row per run, oldest
// first.
func (ix *Index) Tables() []render.Table {
	var rows [][]any
	for i := range ix.Runs {
		e := &ix.Runs[i]
		r := e.Record
		var params []string
		for _, p := range r.Parameters {
			params = append(params, p.Name+"="+p.Value)
		}
		var values []string
		for _, v := range r.Records {
			values = append(values, v.Name+"="+short(v.Value))
		}
		rows = append(rows, []any{r.Start.UTC().Format(time.RFC3339), r.Status, r.ExitStatus,
			e.Duration().Round(time.Millisecond).String(), r.Notebook, strings.Join(params, " "), strings.Join(values, " "), e.Path})
	}
	f := frame.New([]string{"start", "status", "exit_status", "duration", "notebook", "parameters", "values", "record"}, rows)
	return []render.Table{{Title: "runs under " + ix.Root, Frame: f, Empty: "no run records under " + ix.Root}}
}
