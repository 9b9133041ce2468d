package lint_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/rampart-lint/rampart/lint"
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

// BenchmarkLintPolicy lints one IAM policy held in memory, again and again:
// after the first time the result cache answers, as it does for an editor
// re-linting an unchanged document. The cost of evaluating an IAM policy is
// BenchmarkKind/iam-policy, which turns the cache off.
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
// with the default parallelism. They are copies of the bundled examples, so
// most are answered by the result cache: this measures the walk, reading,
// parsing and reporting around evaluation. scripts/bench lints a generated
// corpus where documents differ.
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
// kinds, good and bad) copied 20 times, with the default parallelism (small
// copies come from the result cache, as in BenchmarkLintDir).
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
