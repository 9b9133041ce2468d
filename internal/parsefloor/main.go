// Command parsefloor is the floor of rampart's benchmark: it walks the given
// paths as `rampart lint` does, reads every candidate file, parses it with
// the same parsers and detects each document's kind, on as many goroutines
// as rampart uses, and does nothing else: no rules, no findings, no output
// per file. What rampart spends beyond this is the price of its checks.
//
//	go run ./internal/parsefloor DIR...
package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/rampart-lint/rampart/lint"
	"github.com/rampart-lint/rampart/lint/kind"
	"github.com/rampart-lint/rampart/lint/source"
	"github.com/rampart-lint/rampart/lint/walk"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: parsefloor PATH...")
		os.Exit(2)
	}
	var files, docs, failed, bytesRead atomic.Int64
	paths := make(chan string, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range paths {
				n, d, err := parse(p)
				files.Add(1)
				bytesRead.Add(n)
				docs.Add(int64(d))
				if err != nil {
					failed.Add(1)
				}
			}
		}()
	}
	err := walk.Walk(context.Background(), os.Args[1:], walk.Options{}, func(e walk.Entry) error {
		if e.Err == nil {
			paths <- e.Path
		}
		return nil
	})
	close(paths)
	wg.Wait()
	if err != nil {
		fmt.Fprintln(os.Stderr, "parsefloor:", err)
		os.Exit(1)
	}
	fmt.Printf("%d files, %d bytes, %d documents of a known kind, %d not parsed\n",
		files.Load(), bytesRead.Load(), docs.Load(), failed.Load())
}

// parse reads and parses one file as the linter does before its rules run,
// and returns its size and how many of its documents have a kind.
func parse(p string) (int64, int, error) {
	f, err := os.Open(p)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, lint.DefaultMaxFileSize+1))
	if err != nil {
		return 0, 0, err
	}
	if int64(len(src)) > lint.DefaultMaxFileSize || bytes.IndexByte(src[:min(len(src), 8000)], 0) >= 0 {
		return int64(len(src)), 0, nil
	}
	parsed, err := source.Parse(p, src, source.FormatOf(p, src), source.Limits{})
	if err != nil {
		return int64(len(src)), 0, err
	}
	n := 0
	for _, d := range parsed {
		if d.Kind == "" {
			d.Kind = kind.Detect(p, d.Value)
		}
		if d.Kind != "" {
			n++
		}
	}
	return int64(len(src)), n, nil
}
