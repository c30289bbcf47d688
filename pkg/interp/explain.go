package interp

import (
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/cosmos72/gomacro/imports"
)

// Messages of gomacro that speak of the interpreter rather than of the
// cell, and what explain says instead:
//
//	cell:1:1: undefined "fmt" in fmt.Println <*ast.SelectorExpr>
//	    cell:1:1: undefined: fmt (import "fmt" in this cell or in one run before it)
//	cell:1:11: undefined identifier: upstream     (upstream := … on line 3)
//	    cell:1:11: undefined: upstream (it is declared later in this cell, on line 3: move that line above its first use)
//	cell:1:1: undefined "workshop" in workshop.Check <*ast.SelectorExpr>   (after a restart)
//	    cell:1:1: undefined: workshop (import "github.com/huntbook/huntbook/pkg/workshop" …; after a restart, run the cells above again)
//	cell:2:1: not a type: strings.Nope <*ast.SelectorExpr>
//	    cell:2:1: undefined: strings.Nope
//
// Other messages lose only a trailing "<*ast.Node>".
var (
	reUndefinedPkg = regexp.MustCompile(`^(cell:\d+:\d+: )?undefined "(\w+)" in (\S+) <\*ast\.\w+>$`)
	reUndefinedID  = regexp.MustCompile(`^(cell:(\d+):\d+: )?undefined identifier: (\w+)$`)
	reNotAType     = regexp.MustCompile(`^(cell:\d+:\d+: )?not a type: (\w+\.\w+) <\*ast\.SelectorExpr>$`)
	reASTSuffix    = regexp.MustCompile(` <\*ast\.\w+>$`)
)

const restartHint = "after a kernel or engine restart, run the cells above again: the Go engine starts empty"

// explained returns o with its message in the cell's terms (see above).
func explained(code string, o Output) Output {
	if o.Type != Error {
		return o
	}
	msg := explain(code, o.EValue)
	if msg == o.EValue {
		return o
	}
	o.EValue = msg
	o.Traceback = []string{o.EName + ": " + msg}
	return o
}

func explain(code, msg string) string {
	if m := reUndefinedPkg.FindStringSubmatch(msg); m != nil {
		pos, name := m[1], m[2]
		if p := packagePath(name); p != "" {
			return fmt.Sprintf("%sundefined: %s (import %q in this cell or in one run before it; %s)", pos, name, p, restartHint)
		}
		return fmt.Sprintf("%sundefined: %s in %s (%s)", pos, name, m[3], laterOrRestart(code, name, 0))
	}
	if m := reUndefinedID.FindStringSubmatch(msg); m != nil {
		line := 0
		fmt.Sscan(m[2], &line)
		return fmt.Sprintf("%sundefined: %s (%s)", m[1], m[3], laterOrRestart(code, m[3], line))
	}
	if m := reNotAType.FindStringSubmatch(msg); m != nil {
		return m[1] + "undefined: " + m[2]
	}
	return genericHintFor(reASTSuffix.ReplaceAllString(msg, ""))
}

// laterOrRestart says where name is declared later in the cell than line,
// or else suggests running earlier cells again.
func laterOrRestart(code, name string, line int) string {
	decl := regexp.MustCompile(`^\s*(?:(?:var|const)\s+` + regexp.QuoteMeta(name) + `\b|` +
		regexp.QuoteMeta(name) + `\s*(?:,\s*\w+\s*)*:=|(?:\w+\s*,\s*)+` + regexp.QuoteMeta(name) + `\s*:=|func\s+` + regexp.QuoteMeta(name) + `\s*\()`)
	for i, l := range strings.Split(code, "\n") {
		if i+1 > line && decl.MatchString(l) {
			return fmt.Sprintf("it is declared later in this cell, on line %d: move that line above its first use", i+1)
		}
	}
	return "not declared in this cell; if an earlier cell declares it, " + restartHint
}

// packagePath returns the import path of the importable package whose name
// is name, preferring huntbook's and the standard library's; "" if none.
func packagePath(name string) string {
	best := ""
	for p := range imports.Packages {
		if path.Base(p) != name {
			continue
		}
		if best == "" || strings.HasPrefix(p, "github.com/huntbook/") || !strings.Contains(p, ".") && strings.Contains(best, ".") || len(p) < len(best) && strings.Contains(p, ".") == strings.Contains(best, ".") {
			best = p
		}
	}
	return best
}
