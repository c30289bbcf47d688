//go:build unix && !js && !wasip1

package mapfile

import (
	"os"
	"syscall"
)

func mmap(f *os.File, size int) ([]byte, error) {
	return syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ, syscall.MAP_SHARED|populate)
}

func munmap(d []byte) error { return syscall.Munmap(d) }
