package main

import (
	"os"
	"runtime/debug"
)

// tuneGC sets how much the heap may grow between collections (percent, as
// GOGC) under a soft memory limit (bytes, as GOMEMLIMIT). Go's default, a
// collection each time the heap doubles, costs rampart a fifth of its CPU:
// policy evaluation allocates heavily, and the live heap is small. The
// limit keeps the peak bounded however large the files: near it, the
// runtime collects as often as it must. A GOGC or GOMEMLIMIT in the
// environment wins.
func tuneGC(percent int, limit int64) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(percent)
	debug.SetMemoryLimit(limit)
}
