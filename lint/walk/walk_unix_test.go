//go:build unix

package walk_test

import (
	"context"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/rampart-lint/rampart/lint"
)

// A named pipe is never opened, walked into or named: opening it for reading
// would block until something writes to it, which may be never.
func TestNamedPipeNotOpened(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "buildspec.yml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := lint.New(context.Background(), lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, root := range []string{dir, fifo} {
		res, err := l.LintPaths(context.Background(), []string{root})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Skipped) != 1 || res.Skipped[0].Skipped != "not a regular file (named pipe)" || res.Files != 0 || len(res.Errors) != 0 {
			t.Errorf("lint %s: %d linted, skipped %+v, errors %v", root, res.Files, res.Skipped, res.Errors)
		}
	}
}
