package interp

import (
	_ "embed"
	"go/token"
	"strings"
	"sync"
)

// genericLib holds the generic functions of slices, maps, cmp and sync that
// are not builtins (generic_std.go), as Go source for cells. An engine
// declares them, through the same rewriting as a cell's generics, before
// the first cell that calls one of them.
//
//go:embed genericlib.cell
var genericLib string

// libFuncs lists the functions genericLib declares, by package; built on
// first use, not at start-up.
var libFuncs = sync.OnceValue(func() map[string]map[string]bool {
	funcs := map[string]map[string]bool{}
	for _, t := range scanCell(genericLib) {
		if t.t != token.IDENT || !strings.HasPrefix(t.lit, "__hb_") {
			continue
		}
		pkg, name, ok := strings.Cut(strings.TrimPrefix(t.lit, "__hb_"), "_")
		if !ok {
			continue
		}
		if funcs[pkg] == nil {
			funcs[pkg] = map[string]bool{}
		}
		funcs[pkg][name] = true
	}
	return funcs
})

// libName is the name a cell's call of pkg.name goes to.
func libName(pkg, name string) string { return "__hb_" + pkg + "_" + name }

// renameLibCalls turns `slices.Compact` into `__hb_slices_Compact` for the
// functions of genericLib, and reports whether it renamed any.
func renameLibCalls(code string) (string, bool) {
	named := false
	for pkg := range libFuncs() {
		named = named || strings.Contains(code, pkg+".")
	}
	if !named {
		return code, false // most cells: no scan
	}
	toks := scanCell(code)
	var edits []edit
	for i := 0; i+2 < len(toks); i++ {
		if toks[i].t != token.IDENT || toks[i+1].t != token.PERIOD || toks[i+2].t != token.IDENT || i > 0 && toks[i-1].t == token.PERIOD {
			continue
		}
		if libFuncs()[toks[i].lit][toks[i+2].lit] {
			edits = append(edits, edit{toks[i].off, toks[i+2].end, libName(toks[i].lit, toks[i+2].lit)})
		}
	}
	return applyEdits(code, edits), len(edits) > 0
}
