package main

import "syscall"

// Linux reports ru_maxrss in kilobytes.
func maxRSSBytes(ru *syscall.Rusage) int64 { return ru.Maxrss * 1024 }
