package nbpage

import (
	_ "embed"
	"html/template"
)

// pageJS is the page's own script: a button that hides and shows code.
//
//go:embed page.js
var pageJS string

//go:embed page.css
var pageCSS string

//go:embed page.tmpl
var pageTemplate string

var pageTmpl = template.Must(template.New("notebook").Parse(pageTemplate))
