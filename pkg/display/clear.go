package display

// ClearOutputKey marks, in a bundle's Transient part, a request to clear
// the cell's output instead of a bundle to show; its value is the wait flag.
// Front ends never see the key: the kernel sends Jupyter's clear_output
// message instead.
const ClearOutputKey = "huntbook/clear_output"

// ClearOutput clears the output of the cell that runs it, as IPython's
// clear_output does: at once, or with wait just before the cell next shows
// something (no flicker in a loop that redraws). Outside a notebook it does
// nothing and returns nil.
func ClearOutput(wait bool) error {
	return Display(Data{Data: MIMEMap{}, Transient: MIMEMap{ClearOutputKey: wait}})
}

// IsClearOutput reports whether d is a ClearOutput request, and its wait flag.
func IsClearOutput(transient MIMEMap) (wait, ok bool) {
	w, ok := transient[ClearOutputKey].(bool)
	return w, ok
}
