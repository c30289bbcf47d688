package kernel

import (
	"errors"
	"io"
	"net"
	"strings"
)

// quietListen reports whether, with Options.QuietStart, the kernel starts
// without a log line:
// it listens on loopback (or on unix sockets), where only this machine
// connects. Jupyter shows a kernel's standard error in its own log, once
// per start and engine restart, so the usual case says nothing; a kernel
// other machines can reach still says so.
func quietListen(ci ConnectionInfo) bool {
	if ci.Transport == "ipc" {
		return true
	}
	ip := net.ParseIP(strings.Trim(ci.IP, "[]"))
	return ip != nil && ip.IsLoopback()
}

// closing reports whether a send failed because the kernel is shutting down
// (its sockets closed, or the peer gone at shutdown): nothing to report.
func (k *kernel) closing(err error) bool {
	select {
	case <-k.done:
		return true
	default:
	}
	return errors.Is(err, net.ErrClosed) || errors.Is(err, io.ErrClosedPipe)
}
