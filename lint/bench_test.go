package lint_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/rampart-lint/rampart/internal/corpus"
	"github.com/rampart-lint/rampart/lint"
	"github.com/rampart-lint/rampart/lint/engine"
	"github.com/rampart-lint/rampart/lint/kind"
	"github.com/rampart-lint/rampart/lint/source"
	"github.com/rampart-lint/rampart/lint/virtual"
)

// The seed's deploy-stage policy: a realistic, clean, mid-sized policy.
func seedPolicy(b *testing.B) []byte {
	src, err := os.ReadFile(filepath.Join(testdata, "examples", "iam", "seed-deploy-stage-policy.json"))
	if err != nil {
		b.Fatal(err)
	}
	return src
}

// BenchmarkNew is the cold start of the library: parsing, validating and
// compiling every built-in rule.
func BenchmarkNew(b *testing.B) {
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		if _, err := lint.New(ctx, lint.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkColdLint is what a pre-commit run on one file pays beyond the
// process start: New, then the first lint, which compiles the rules of the
// file's kind.
func BenchmarkColdLint(b *testing.B) {
	ctx := context.Background()
	files := map[string][]byte{"policy.json": seedPolicy(b)}
	src, err := os.ReadFile(filepath.Join(testdata, "examples", "buildspec", "good-buildspec.yml"))
	if err != nil {
		b.Fatal(err)
	}
	files["buildspec.yml"] = src
	for _, name := range []string{"policy.json", "buildspec.yml"} {
		b.Run(name, func(b *testing.B) {
			cpu := cpuTime()
			for i := 0; i < b.N; i++ {
				l, err := lint.New(ctx, lint.Options{})
				if err != nil {
					b.Fatal(err)
				}
				if fr := l.LintBytes(ctx, name, files[name]); fr.Skipped != "" || fr.Err != nil {
					b.Fatalf("skipped %q, err %v", fr.Skipped, fr.Err)
				}
			}
			if c := cpuTime() - cpu; c > 0 {
				b.ReportMetric(float64(c.Milliseconds())/float64(b.N), "cpu-ms/op")
			}
		})
	}
}

// BenchmarkLintPolicy lints one IAM policy held in memory.
func BenchmarkLintPolicy(b *testing.B) {
	l := newLinter(b)
	src := seedPolicy(b)
	ctx := context.Background()
	b.SetBytes(int64(len(src)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if fr := l.LintBytes(ctx, "p.json", src); fr.Skipped != "" {
			b.Fatal(fr.Skipped)
		}
	}
}

// BenchmarkLintDir lints a directory of 500 policies, good and bad, from disk
// with the default parallelism.
func BenchmarkLintDir(b *testing.B) {
	dir := b.TempDir()
	var total int64
	examples, _ := filepath.Glob(filepath.Join(testdata, "examples", "iam", "*"))
	for i := 0; i < 500; i++ {
		src, err := os.ReadFile(examples[i%len(examples)])
		if err != nil {
			b.Fatal(err)
		}
		name := fmt.Sprintf("p%03d%s", i, filepath.Ext(examples[i%len(examples)]))
		if err := os.WriteFile(filepath.Join(dir, name), src, 0o644); err != nil {
			b.Fatal(err)
		}
		total += int64(len(src))
	}
	l := newLinter(b)
	ctx := context.Background()
	b.SetBytes(total)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := l.LintPaths(ctx, []string{dir})
		if err != nil || res.Files != 500 {
			b.Fatalf("files %d, err %v", res.Files, err)
		}
	}
	b.ReportMetric(float64(500*b.N)/b.Elapsed().Seconds(), "files/s")
}

// BenchmarkLintMixed lints a directory holding every bundled example (all
// kinds, good and bad) copied 20 times, with the default parallelism.
func BenchmarkLintMixed(b *testing.B) {
	var files []string
	err := filepath.WalkDir(filepath.Join(testdata, "examples"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return err
	})
	if err != nil || len(files) == 0 {
		b.Fatal(err)
	}
	dir := b.TempDir()
	var total int64
	n := 0
	for copyIdx := 0; copyIdx < 20; copyIdx++ {
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			rel, _ := filepath.Rel(filepath.Join(testdata, "examples"), f)
			dst := filepath.Join(dir, fmt.Sprint(copyIdx), rel)
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				b.Fatal(err)
			}
			if err := os.WriteFile(dst, src, 0o644); err != nil {
				b.Fatal(err)
			}
			total += int64(len(src))
			n++
		}
	}
	l := newLinter(b)
	ctx := context.Background()
	b.SetBytes(total)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := l.LintPaths(ctx, []string{dir})
		if err != nil || res.Files != n {
			b.Fatalf("linted %d of %d files, err %v", res.Files, n, err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "files/s")
}

// kindFiles returns generated corpus files of each share, a few hundred in
// all, for the per-kind benchmarks.
func kindFiles(b *testing.B) map[string][]corpus.File {
	b.Helper()
	byKind := map[string][]corpus.File{}
	for _, f := range corpus.Generate(corpus.Options{Files: 600, Seed: 1}) {
		if f.Kind != "" {
			byKind[f.Kind] = append(byKind[f.Kind], f)
		}
	}
	return byKind
}

// BenchmarkKind lints the generated corpus's files of one kind, one after
// the other in memory (no parallelism, no disk): the cost of a file of that
// kind, parsing included.
//
//	go test ./lint -run '^$' -bench BenchmarkKind -benchtime 3s
func BenchmarkKind(b *testing.B) {
	byKind := kindFiles(b)
	l := newLinter(b)
	ctx := context.Background()
	for _, k := range sortedKeys(byKind) {
		files := byKind[k]
		b.Run(k, func(b *testing.B) {
			var size int64
			for _, f := range files {
				size += int64(len(f.Data))
			}
			// The first pass compiles the kind's rules; keep it out.
			for _, f := range files {
				l.LintBytes(ctx, f.Path, f.Data)
			}
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

// BenchmarkEngine evaluates the rules alone on the generated corpus's
// documents of one kind, embedded IAM policies included: parsing, kind
// detection and findings' positions are done beforehand, so this is the
// policy evaluation's share of BenchmarkKind.
func BenchmarkEngine(b *testing.B) {
	byKind := kindFiles(b)
	mods, err := engine.BuiltinModules()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	eng, err := engine.New(ctx, engine.Options{Modules: mods})
	if err != nil {
		b.Fatal(err)
	}
	for _, k := range sortedKeys(byKind) {
		type doc struct {
			kind  string
			input ast.Value
		}
		var docs []doc
		files := 0
		for _, f := range byKind[k] {
			parsed, err := source.Parse(f.Path, f.Data, source.FormatOf(f.Path, f.Data), source.Limits{})
			if err != nil {
				b.Fatalf("%s: %v", f.Path, err)
			}
			for i := 0; i < len(parsed); i++ {
				d := parsed[i]
				if d.Kind == "" {
					d.Kind = kind.Detect(f.Path, d.Value)
				}
				docs = append(docs, doc{d.Kind, engine.Input(d.Value)})
				embedded, _ := virtual.Extract(d, source.Limits{})
				parsed = append(parsed, embedded...)
			}
			files++
		}
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
