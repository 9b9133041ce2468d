package virtual_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/rampart-lint/rampart/lint"
)

// lintFiles writes files (name → content) to a temporary directory, lints it
// with the built-in rules, and returns the findings.
func lintFiles(t *testing.T, files map[string]string) []lint.Finding {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	l, err := lint.New(context.Background(), lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := l.LintPaths(context.Background(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	return res.Findings
}
