package mapfile

import "syscall"

// populate asks Linux to map every page of the file at once, the file
// being read whole: one call instead of a fault per 64 KiB.
const populate = syscall.MAP_POPULATE
