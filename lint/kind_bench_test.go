package lint

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/rampart-lint/rampart/internal/corpus"
	"github.com/rampart-lint/rampart/lint/engine"
	"github.com/rampart-lint/rampart/lint/kind"
	"github.com/rampart-lint/rampart/lint/source"
	"github.com/rampart-lint/rampart/lint/virtual"
)

// These benchmarks use the generated corpus (internal/corpus) and report
// files per CPU second beside ns/op, which on a shared machine grows with
// the load. The result cache is off: they cycle through the same files, and
// would otherwise measure the cache.
//
//	go test ./lint -run '^$' -bench 'Kind|Engine|ColdLint'

// kindFiles returns generated corpus files of each kind, a few hundred in
// all.
func kindFiles(b testing.TB) map[string][]corpus.File {
	b.Helper()
	byKind := map[string][]corpus.File{}
	for _, f := range corpus.Generate(corpus.Options{Files: 600, Seed: 1}) {
		if f.Kind != "" {
			byKind[f.Kind] = append(byKind[f.Kind], f)
		}
	}
	return byKind
}

// BenchmarkKind lints the corpus's files of one kind, one after the other in
// memory (no disk, and parallel only within a file): the cost of a file of
// that kind, parsing included.
func BenchmarkKind(b *testing.B) {
	byKind := kindFiles(b)
	ctx := context.Background()
	l, err := New(ctx, Options{noCache: true})
	if err != nil {
		b.Fatal(err)
	}
	for _, k := range sortedKeys(byKind) {
		files := byKind[k]
		b.Run(k, func(b *testing.B) {
			var size int64
			for _, f := range files {
				size += int64(len(f.Data))
			}
			// The first file compiles the kind's rules; keep it out.
			l.LintBytes(ctx, files[0].Path, files[0].Data)
			b.SetBytes(size / int64(len(files)))
			b.ResetTimer()
			cpu := cpuTime()
			for i := 0; i < b.N; i++ {
				f := files[i%len(files)]
				if fr := l.LintBytes(ctx, f.Path, f.Data); fr.Skipped != "" || fr.Err != nil {
					b.Fatalf("%s: skipped %q, err %v", f.Path, fr.Skipped, fr.Err)
				}
			}
			reportThroughput(b, b.N, cpuTime()-cpu)
		})
	}
}

// BenchmarkEngine evaluates the rules alone on the corpus's documents of one
// kind, embedded policies included: parsing, kind detection and positions
// are done beforehand, so this is evaluation's share of BenchmarkKind.
func BenchmarkEngine(b *testing.B) {
	byKind := kindFiles(b)
	mods, err := engine.BuiltinModules()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	eng, err := engine.New(ctx, engine.Options{Modules: mods, NoCache: true})
	if err != nil {
		b.Fatal(err)
	}
	for _, k := range sortedKeys(byKind) {
		docs, files := kindDocs(b, byKind[k])
		b.Run(k, func(b *testing.B) {
			for _, d := range docs {
				if _, err := eng.Eval(ctx, d.kind, d.input); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			cpu := cpuTime()
			for i := 0; i < b.N; i++ {
				for _, d := range docs {
					if _, err := eng.Eval(ctx, d.kind, d.input); err != nil {
						b.Fatal(err)
					}
				}
			}
			reportThroughput(b, b.N*files, cpuTime()-cpu)
			b.ReportMetric(float64(len(docs))/float64(files), "docs/file")
		})
	}
}

type benchDoc struct {
	kind  string
	input ast.Value
}

// kindDocs parses files into the documents the engine evaluates: each file's
// own, and the policies embedded in them.
func kindDocs(b testing.TB, files []corpus.File) ([]benchDoc, int) {
	b.Helper()
	var docs []benchDoc
	for _, f := range files {
		parsed, err := source.Parse(f.Path, f.Data, source.FormatOf(f.Path, f.Data), source.Limits{})
		if err != nil {
			b.Fatalf("%s: %v", f.Path, err)
		}
		for i := 0; i < len(parsed); i++ {
			d := parsed[i]
			if d.Kind == "" {
				d.Kind = kind.Detect(f.Path, d.Value)
			}
			docs = append(docs, benchDoc{d.Kind, engine.Input(d.Value)})
			embedded, _ := virtual.Extract(d, source.Limits{})
			parsed = append(parsed, embedded...)
		}
	}
	return docs, len(files)
}

// BenchmarkRule evaluates one rule at a time on the corpus's documents of
// each kind it applies to: which rules a kind's cost comes from.
//
//	go test ./lint -run '^$' -bench 'Rule/cloudformation/'
func BenchmarkRule(b *testing.B) {
	byKind := kindFiles(b)
	mods, err := engine.BuiltinModules()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	all, err := engine.New(ctx, engine.Options{Modules: mods})
	if err != nil {
		b.Fatal(err)
	}
	for _, k := range sortedKeys(byKind) {
		docs, files := kindDocs(b, byKind[k])
		for _, r := range all.Rules() {
			applies := false
			for _, d := range docs {
				applies = applies || r.AppliesTo(d.kind)
			}
			if !applies {
				continue
			}
			id := r.ID
			b.Run(k+"/"+id, func(b *testing.B) {
				eng, err := engine.New(ctx, engine.Options{Modules: mods, NoCache: true, Enabled: func(s string) bool { return s == id }})
				if err != nil {
					b.Fatal(err)
				}
				for _, d := range docs {
					if _, err := eng.Eval(ctx, d.kind, d.input); err != nil {
						b.Fatal(err)
					}
				}
				b.ResetTimer()
				cpu := cpuTime()
				for i := 0; i < b.N; i++ {
					for _, d := range docs {
						if _, err := eng.Eval(ctx, d.kind, d.input); err != nil {
							b.Fatal(err)
						}
					}
				}
				reportThroughput(b, b.N*files, cpuTime()-cpu)
			})
		}
	}
}

// BenchmarkColdLint is what a pre-commit run on one file pays beyond the
// process start: New, then the first lint, which compiles the rules of the
// file's kind.
func BenchmarkColdLint(b *testing.B) {
	ctx := context.Background()
	for _, name := range []string{"iam/seed-deploy-stage-policy.json", "buildspec/good-buildspec.yml"} {
		src, err := os.ReadFile(filepath.Join("..", "testdata", "examples", filepath.FromSlash(name)))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(filepath.Base(name), func(b *testing.B) {
			cpu := cpuTime()
			for i := 0; i < b.N; i++ {
				l, err := New(ctx, Options{})
				if err != nil {
					b.Fatal(err)
				}
				if fr := l.LintBytes(ctx, name, src); fr.Skipped != "" || fr.Err != nil {
					b.Fatalf("skipped %q, err %v", fr.Skipped, fr.Err)
				}
			}
			if c := cpuTime() - cpu; c > 0 {
				b.ReportMetric(float64(c.Microseconds())/1000/float64(b.N), "cpu-ms/op")
			}
		})
	}
}

// reportThroughput reports files per second of wall time and per second of
// CPU time.
func reportThroughput(b *testing.B, files int, cpu time.Duration) {
	b.ReportMetric(float64(files)/b.Elapsed().Seconds(), "files/s")
	if cpu > 0 {
		b.ReportMetric(float64(files)/cpu.Seconds(), "files/cpu-s")
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
