// Command benchcorpus writes rampart's benchmark corpus: a deterministic mix
// of every kind of file rampart reads (see package corpus for the shares).
//
//	go run ./internal/benchcorpus -files 2000 -seed 1 -out /tmp/corpus [-big]
package main

import (
	"flag"
	"fmt"
	"os"
	"sort"

	"github.com/rampart-lint/rampart/internal/corpus"
)

func main() {
	files := flag.Int("files", 2000, "number of files")
	seed := flag.Uint64("seed", 1, "seed: the same seed writes the same bytes")
	out := flag.String("out", "", "directory to write to (required)")
	big := flag.Bool("big", false, fmt.Sprintf("add %d CloudFormation templates of 10,000 lines", corpus.BigTemplates))
	flag.Parse()
	if *out == "" || *files < 0 || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: benchcorpus -out DIR [-files N] [-seed S] [-big]")
		os.Exit(2)
	}
	written, err := corpus.Write(*out, corpus.Options{Files: *files, Seed: *seed, Big: *big})
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchcorpus:", err)
		os.Exit(1)
	}
	count := map[string]int{}
	size := map[string]int{}
	total := 0
	for _, f := range written {
		k := f.Kind
		if k == "" {
			k = "(skipped by rampart)"
		}
		count[k]++
		size[k] += len(f.Data)
		total += len(f.Data)
	}
	var kinds []string
	for k := range count {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		fmt.Fprintf(os.Stderr, "%-26s %6d files %8.1f KiB\n", k, count[k], float64(size[k])/1024)
	}
	fmt.Fprintf(os.Stderr, "%-26s %6d files %8.1f MiB in %s\n", "total", len(written), float64(total)/(1<<20), *out)
}
