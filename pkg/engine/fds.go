package engine

import "syscall"

// pipeSet records the pipes a process holds open, by descriptor, so that a
// cell that closes one of the engine's own (os.Stdout.Close() closes the
// pipe package interp captures standard output through) is noticed
// instead of silently losing every later cell's output.
type pipeSet map[int][2]uint64

// openPipes returns the pipes among descriptors 5 to 255 (0–2 are the
// standard streams, 3 and 4 the protocol's).
func openPipes() pipeSet {
	ps := pipeSet{}
	for fd := 5; fd < 256; fd++ {
		var st syscall.Stat_t
		if syscall.Fstat(fd, &st) != nil || st.Mode&syscall.S_IFMT != syscall.S_IFIFO {
			continue
		}
		ps[fd] = [2]uint64{uint64(st.Dev), uint64(st.Ino)}
	}
	return ps
}

// intact reports whether every pipe of ps is still open as it was.
func (ps pipeSet) intact() bool {
	for fd, id := range ps {
		var st syscall.Stat_t
		if syscall.Fstat(fd, &st) != nil || [2]uint64{uint64(st.Dev), uint64(st.Ino)} != id {
			return false
		}
	}
	return true
}
