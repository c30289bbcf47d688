package nbpage

import (
	"encoding/json"
	"html/template"
)

// changesTemplate renders Options.Changes: the previous run, whether the
// notebook changed, each recorded value then and now (items added and
// removed for lists) and each input whose sha256 changed. Every string is
// escaped by html/template.
const changesTemplate = `{{define "changes"}}
<section class="changes" id="changes" aria-label="Changes since last run">
<style>
.changes { border: 1px solid #c9a227; background: #fffbea; padding: .5em 1em; margin: 1em 0; }
.changes table { border-collapse: collapse; }
.changes th, .changes td { border-bottom: 1px solid #e5ddb5; padding: .2em .6em; text-align: left; vertical-align: top; }
</style>
<h2>Changes since last run</h2>
<p>Compared with the run of {{.PreviousStart.UTC.Format "2006-01-02 15:04:05 UTC"}} (<code>{{.Previous}}</code>).{{if .NotebookChanged}} The notebook itself changed.{{end}}{{if not .Changed}} Nothing recorded changed.{{end}}</p>
{{- if .Values}}
<table class="changes-values"><thead><tr><th>Recorded value</th><th>Before</th><th>Now</th><th>Added</th><th>Removed</th></tr></thead><tbody>
{{- range .Values}}
<tr><th scope="row"><code>{{.Name}}</code></th><td>{{if or .Added .Removed}}{{len (list .From)}} items{{else}}{{jsonText .From}}{{end}}</td><td>{{if or .Added .Removed}}{{len (list .To)}} items{{else}}{{jsonText .To}}{{end}}</td><td>{{range .Added}}<code>{{.}}</code> {{end}}</td><td>{{range .Removed}}<code>{{.}}</code> {{end}}</td></tr>
{{- end}}
</tbody></table>
{{- end}}
{{- if .Inputs}}
<table class="changes-inputs"><thead><tr><th>Input</th><th>Before</th><th>Now</th></tr></thead><tbody>
{{- range .Inputs}}
<tr><th scope="row"><code>{{.Name}}</code></th><td>{{if .FromPath}}<code>{{.FromPath}}</code> sha256 <code>{{short .FromSHA256}}</code>{{else}}not recorded{{end}}</td><td>{{if .ToPath}}<code>{{.ToPath}}</code> sha256 <code>{{short .ToSHA256}}</code>{{else}}not recorded{{end}}</td></tr>
{{- end}}
</tbody></table>
{{- end}}
</section>
{{- end}}`

// changesFuncs are the template functions changesTemplate uses.
var changesFuncs = template.FuncMap{
	"jsonText": func(v any) string {
		if v == nil {
			return "not recorded"
		}
		b, err := json.Marshal(v)
		if err != nil {
			return "?"
		}
		return string(b)
	},
	"list": func(v any) []any {
		l, _ := v.([]any)
		return l
	},
	"short": func(s string) string {
		if len(s) > 12 {
			return s[:12] + "…"
		}
		return s
	},
}
