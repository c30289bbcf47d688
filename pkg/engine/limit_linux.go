package engine

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// limitAddressSpace sets RLIMIT_AS to the address space the process holds
// now plus limit and a margin for the runtime's own reservations, so
// that allocating past the limit fails ("fatal error: out of memory")
// instead of waking the kernel's OOM killer.
func limitAddressSpace(limit int64) {
	vm := vmSize()
	if vm <= 0 {
		return
	}
	as := uint64(vm) + uint64(limit) + 512<<20
	var cur syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_AS, &cur); err == nil && cur.Max < as {
		as = cur.Max
	}
	_ = syscall.Setrlimit(syscall.RLIMIT_AS, &syscall.Rlimit{Cur: as, Max: as})
}

// vmSize reads VmSize from /proc/self/status, in bytes.
func vmSize() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "VmSize:")
		if !ok {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
		if err != nil {
			return 0
		}
		return kb << 10
	}
	return 0
}
