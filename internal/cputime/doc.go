// Package cputime reads the CPU time the process has used so far, every
// thread included, for benchmarks that report it beside wall time: on a
// busy machine it is the steadier figure.
package cputime
