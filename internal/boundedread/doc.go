// Package boundedread reads a whole input into memory under a size limit,
// for huntbook's readers of files, standard input and HTTP bodies, so that
// no input (an endless stream, /dev/zero, a compression bomb) can make
// huntbook use more memory than the limit's need.
//
// ReadAll reads in blocks of at most BlockSize and joins them once at the
// end, instead of doubling a buffer: the memory held is the data read plus
// one block, never twice the limit; joining briefly holds the data twice.
// When the size is known in advance (a regular file, a Content-Length),
// the hint sizes one buffer and nothing is copied. A check function sees
// every block as it arrives, so that input which cannot be valid (a NUL
// byte in a text format) stops the read at once rather than at the limit.
package boundedread
