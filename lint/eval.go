package lint

import (
	"context"
	"runtime"
	"sync"

	"github.com/rampart-lint/rampart/lint/engine"
	"github.com/rampart-lint/rampart/lint/source"
)

// evalDoc is one document of a file to evaluate, and what came of it.
type evalDoc struct {
	doc   *source.Document
	perrs []*source.Error // policies embedded in doc that do not parse
	vs    []engine.Violation
	err   error
}

// evalAll evaluates a file's documents (a template and the policies embedded
// in it: dozens, or hundreds in a large one). The calling goroutine works
// through them, and CPUs that nothing else is linting on join in: the
// language server lints one file at a time, and a run's last files would
// otherwise finish on one core. When every CPU is busy with a file of its
// own, this is the plain loop.
func (l *Linter) evalAll(ctx context.Context, work []evalDoc) {
	var next sync.Mutex
	i := 0
	take := func() *evalDoc {
		next.Lock()
		defer next.Unlock()
		if i == len(work) {
			return nil
		}
		i++
		return &work[i-1]
	}
	run := func() {
		for w := take(); w != nil; w = take() {
			w.vs, w.err = l.engine.Eval(ctx, w.doc.Kind, engine.Input(w.doc.Value))
		}
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var panicked any
	for h := 1; h < len(work) && l.claimCPU(); h++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer l.busy.Add(-1)
			// lint's recover reports a panic as the file's error; carry it
			// back to the goroutine that has that recover.
			defer func() {
				if r := recover(); r != nil {
					mu.Lock()
					panicked = r
					mu.Unlock()
				}
			}()
			run()
		}()
	}
	run()
	wg.Wait()
	if panicked != nil {
		panic(panicked)
	}
}

// claimCPU counts one more goroutine linting if fewer than GOMAXPROCS are.
func (l *Linter) claimCPU() bool {
	limit := int32(runtime.GOMAXPROCS(0))
	for {
		n := l.busy.Load()
		if n >= limit {
			return false
		}
		if l.busy.CompareAndSwap(n, n+1) {
			return true
		}
	}
}
