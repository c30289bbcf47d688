//go:build !linux

package engine

// limitAddressSpace does nothing here: only the Go runtime's soft limit applies.
func limitAddressSpace(int64) {}
