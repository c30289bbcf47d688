package kernel

import "strings"

// ANSI colours for tracebacks: front ends (Notebook, JupyterLab, nbconvert)
// style error outputs from them, as they do ipykernel's.
const (
	ansiRed   = "\x1b[0;31m"
	ansiReset = "\x1b[0m"
)

// ansiTraceback colours the error name that starts a traceback line red,
// as ipykernel's tracebacks do; the text stays the same once the colour
// codes are removed.
func ansiTraceback(ename string, tb []string) []string {
	out := make([]string, len(tb))
	for i, l := range tb {
		if ename != "" && strings.HasPrefix(l, ename+": ") && !strings.Contains(l, "\x1b[") {
			l = ansiRed + ename + ansiReset + l[len(ename):]
		}
		out[i] = l
	}
	return out
}
