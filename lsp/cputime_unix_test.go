//go:build unix

package lsp

import (
	"syscall"
	"time"
)

// cpuTime is the process's user and system time so far. The benchmarks
// report throughput per CPU second beside ns/op: the benchmark machine is
// shared, and CPU time does not grow when other processes take the cores.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
