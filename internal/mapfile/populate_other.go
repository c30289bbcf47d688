//go:build unix && !linux && !js && !wasip1

package mapfile

// populate is Linux's MAP_POPULATE; elsewhere pages are mapped as they
// are read.
const populate = 0
