package kernel

// ANSI colours for tracebacks: front ends (Notebook, JupyterLab, nbconvert)
// style error outputs from them, as they do ipykernel's.
const (
	ansiRed   = "\x1b[0;31m"
	ansiReset = "\x1b[0m"
)
