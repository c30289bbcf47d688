package report

import "html/template"

// notebookJS is the page's own script: a button that hides and shows code.
const notebookJS = `(function () {
  "use strict";
  var b = document.getElementById("toggle-input");
  if (!b) return;
  b.hidden = false;
  b.addEventListener("click", function () {
    var hide = document.body.classList.toggle("hide-input");
    b.textContent = hide ? "Show code" : "Hide code";
    b.setAttribute("aria-pressed", hide ? "true" : "false");
  });
})();
`

const notebookCSS = `:root{color-scheme:light dark;--fg:#1f2328;--bg:#fff;--muted:#59636e;--line:#d1d9e0;--code:#f6f8fa;--err:#cf222e;--err-bg:#ffebe9;--accent:#0969da}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#9198a1;--line:#3d444d;--code:#151b23;--err:#ff7b72;--err-bg:#3c1618;--accent:#4493f8}}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans",Arial,sans-serif;color:var(--fg);background:var(--bg)}
header,main,nav{max-width:1100px;margin:0 auto;padding:0 1.2rem}
header h1{margin:1.2rem 0 .4rem;font-size:1.6rem}
.provenance{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;font-size:.9rem;color:var(--muted);margin:.4rem 0 1rem}
.provenance dt{font-weight:600}.provenance dd{margin:0;overflow-wrap:anywhere}
.params{border-collapse:collapse;font-size:.85rem}.params td,.params th{border:1px solid var(--line);padding:.1rem .4rem;text-align:left}
.banner{border:2px solid var(--err);background:var(--err-bg);padding:.6rem .9rem;border-radius:6px;margin:1rem 0}
.banner a{color:var(--err);font-weight:600}
nav.toc{font-size:.92rem;border-top:1px solid var(--line);border-bottom:1px solid var(--line);padding:.4rem 1.2rem}
nav.toc ol{margin:.2rem 0;padding-left:1.2rem}nav.toc .l2{margin-left:1rem}nav.toc .l3{margin-left:2rem}
nav.toc a{color:var(--accent);text-decoration:none}
.cell{margin:.8rem 0}
.cell.code{display:grid;grid-template-columns:4.5rem 1fr;gap:0 .6rem}
.prompt{font:12px/1.4 ui-monospace,"Liberation Mono",Menlo,monospace;color:var(--muted);text-align:right;padding-top:.45rem}
.prompt .dur{display:block;font-size:11px}
.body{min-width:0}
pre{margin:0;white-space:pre-wrap;overflow-wrap:anywhere;font:13px/1.45 ui-monospace,"Liberation Mono",Menlo,monospace}
pre.input{background:var(--code);border:1px solid var(--line);border-radius:4px;padding:.45rem .6rem}
.output{margin:.35rem 0;overflow-x:auto}
.output pre{padding:.1rem .2rem}
.output pre.stderr{background:var(--err-bg)}
.output.error pre{color:var(--err);background:var(--err-bg);border-left:4px solid var(--err);padding:.4rem .6rem}
.cell.failed .prompt{color:var(--err);font-weight:700}
.cell.skipped .body::after{content:"not run";color:var(--muted);font-size:.8rem}
.output img{max-width:100%;height:auto}
.output svg{max-width:100%;height:auto}
.output table{border-collapse:collapse;font-size:.85rem}.output th,.output td{border:1px solid var(--line);padding:.15rem .45rem;text-align:right}
.markdown img{max-width:100%}
.hide-input pre.input,.hide-input .cell.code.no-output{display:none}
.tool{font:inherit;font-size:.85rem;padding:.2rem .6rem;border:1px solid var(--line);border-radius:4px;background:var(--code);color:var(--fg);cursor:pointer}
@media print{.tool,nav.toc{display:none}.cell{break-inside:avoid}}
`

var notebookTmpl = template.Must(template.New("notebook").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{.CSP}}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="huntbook {{.Version}}">
<title>{{.Title}}</title>
<style>{{.CSS}}</style>
</head>
<body>
<header>
<h1>{{.Title}}</h1>
{{- with .Run}}
<dl class="provenance">
<dt>Notebook</dt><dd><code>{{.Notebook}}</code></dd>
<dt>SHA-256</dt><dd><code>{{.SHA256}}</code></dd>
<dt>Parameters</dt><dd>{{if $.Params}}<table class="params"><tbody>{{range $.Params}}<tr><th scope="row"><code>{{.Name}}</code></th><td><code>{{.Type}}</code></td><td><code>{{.Value}}</code></td></tr>{{end}}</tbody></table>{{else}}defaults{{end}}</dd>
<dt>Run</dt><dd>{{.Start.UTC.Format "2006-01-02 15:04:05 UTC"}} to {{.End.UTC.Format "15:04:05 UTC"}} ({{$.Duration}}), status <strong>{{.Status}}</strong></dd>
<dt>huntbook</dt><dd>{{.Version}}</dd>
</dl>
{{- end}}
{{- range .Failed}}
<p class="banner" role="alert">{{if .Stopped}}The run stopped at {{else}}An error in {{end}}{{if .Anchor}}<a href="#{{.Anchor}}">cell {{.Cell}}</a>{{else}}start-up{{end}}: <strong>{{.EName}}</strong>: {{.EValue}}{{if .Stopped}}. Later cells were not run; their outputs are missing.{{end}}</p>
{{- end}}
{{- if not .NoInput}}
<button type="button" class="tool" id="toggle-input" aria-pressed="false" hidden>Hide code</button>
{{- end}}
</header>
{{- if .TOC}}
<nav class="toc" aria-label="Contents"><ol>
{{- range .TOC}}
<li class="l{{.Level}}"><a href="#{{.Anchor}}">{{.Text}}</a></li>
{{- end}}
</ol></nav>
{{- end}}
<main>
{{- range .Cells}}{{if not .Hidden}}
{{- if eq .Kind "markdown"}}
<section class="cell markdown" id="{{.Anchor}}">{{.Markdown}}</section>
{{- else if eq .Kind "raw"}}
<section class="cell raw" id="{{.Anchor}}"><pre>{{.Source}}</pre></section>
{{- else}}
<section class="cell code{{if eq .Status "error" "timeout"}} failed{{end}}{{if eq .Status "skipped"}} skipped{{end}}{{if not .Outputs}} no-output{{end}}" id="{{.Anchor}}">
<div class="prompt">{{if not $.NoInput}}[{{if .Prompt}}{{.Prompt}}{{else}} {{end}}]{{end}}{{if .Duration}}<span class="dur">{{.Duration}}</span>{{end}}</div>
<div class="body">
{{- if not $.NoInput}}<pre class="input"><code>{{.Source}}</code></pre>{{end}}
{{- range .Outputs}}
<div class="output {{.Class}}">
{{- if eq .Kind "html"}}{{.HTML}}
{{- else if eq .Kind "img"}}<img src="{{.Src}}" alt="{{.Alt}}">
{{- else}}<pre>{{.Text}}</pre>{{end -}}
</div>
{{- end}}
</div>
</section>
{{- end}}
{{- end}}{{end}}
</main>
<script>{{.Script}}</script>
{{- if .Graph}}
<script>{{.GraphJS}}</script>
{{- end}}
</body>
</html>
`))
