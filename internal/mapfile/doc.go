// Package mapfile maps a regular file into memory, read-only, for readers
// that only look at the bytes and keep none of them (package stix's
// bundle reader): a 37 MB ATT&CK bundle mapped costs a few page faults
// instead of a buffer of its size, zeroed and then copied into by read(2)
// (about 15 ms of CPU time here).
//
// A mapped file that another process truncates while it is read makes the
// reading goroutine fault (SIGBUS). Guard runs a function with such faults
// turned into the error ErrChanged; goroutines the function starts that
// read the mapping must be started by a Group, which forwards their faults
// (and any other panic) to the goroutine that waits for them.
//
// Map reports false where mapping is not supported (Windows, Plan 9, WASM)
// or fails; the caller reads the file instead.
package mapfile
