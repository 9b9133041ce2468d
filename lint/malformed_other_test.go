//go:build !unix

package lint_test

import "testing"

// The corpus's named pipe and unprivileged run are Unix things; elsewhere
// the test fails rather than pass without them.
func mkfifo(t *testing.T, path string) { t.Fatal("named pipes need a Unix system") }

func lintCorpusUnprivileged(t *testing.T, base, dir string) *corpusOutcome {
	t.Fatal("an unprivileged child needs a Unix system")
	return nil
}
