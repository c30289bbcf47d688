package nbpage

import (
	_ "embed"
	"html/template"
	"sync"
)

// pageJS is the page's own script: a button that hides and shows code.
//
//go:embed page.js
var pageJS string

//go:embed page.css
var pageCSS string

//go:embed page.tmpl
var pageTemplate string

// pageTmpl is parsed on first use, not when a huntbook command that
// writes no page starts.
var pageTmpl = sync.OnceValue(func() *template.Template {
	return template.Must(template.Must(template.New("notebook").Funcs(changesFuncs).Parse(pageTemplate)).Parse(changesTemplate))
})
