// Package notebooks holds huntbook's Jupyter notebooks and, in its tests,
// the proof that they run: each notebook is executed by Debian's
// `jupyter nbconvert --execute` on huntbook's kernel, on the embedded demo
// subset and on the real OSSEM-DM mappings when ../shared/data/ossem-dm is
// present, and its outputs are compared with what package attack computes.
//
//	attack_techniques_to_events.ipynb  the seed notebook's analysis, step by step, in Go
//	workshop.ipynb                     seven graded exercises for analysts (checks: package workshop)
//
// The notebooks are committed without outputs. The package has no Go code of
// its own; the workshop's reference answers live in testdata/notebooks.
package notebooks
