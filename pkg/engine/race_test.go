//go:build race

package engine

// raceEnabled: the race detector's runtime reports running out of memory its own way.
const raceEnabled = true
