package main

import (
	"os"
	"runtime/debug"
	"testing"
)

func TestTuneGC(t *testing.T) {
	prevPercent := debug.SetGCPercent(100)
	prevLimit := debug.SetMemoryLimit(-1)
	defer func() {
		debug.SetGCPercent(prevPercent)
		debug.SetMemoryLimit(prevLimit)
	}()
	unset := func(k string) {
		t.Setenv(k, "") // restored after the test
		os.Unsetenv(k)
	}

	unset("GOMEMLIMIT")
	t.Setenv("GOGC", "50")
	tuneGC(400, 150<<20)
	if p := debug.SetGCPercent(100); p != 100 {
		t.Errorf("with GOGC set, the GC percent became %d", p)
	}

	unset("GOGC")
	unset("GOMEMLIMIT")
	tuneGC(400, 150<<20)
	if p := debug.SetGCPercent(100); p != 400 {
		t.Errorf("GC percent %d, want 400", p)
	}
	if l := debug.SetMemoryLimit(-1); l != 150<<20 {
		t.Errorf("memory limit %d, want %d", l, 150<<20)
	}
}
