package ruledocs_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/rampart-lint/rampart/lint"
	"github.com/rampart-lint/rampart/lint/ruledocs"
)

var update = flag.Bool("update", false, "rewrite docs/rules from the rules' metadata and fixtures")

// TestDocsCurrent fails when a rule's page under docs/rules is missing,
// stale or left over from a removed rule. Regenerate with
//
//	go test ./lint/ruledocs -update
func TestDocsCurrent(t *testing.T) {
	l, err := lint.New(context.Background(), lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join("..", "..")
	pages, err := ruledocs.Pages(l.Rules(), filepath.Join(root, "testdata", "rules"))
	if err != nil {
		t.Fatal(err)
	}
	docs := filepath.Join(root, "docs")
	if *update {
		if err := os.RemoveAll(filepath.Join(docs, "rules")); err != nil {
			t.Fatal(err)
		}
		for p, content := range pages {
			full := filepath.Join(docs, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(full, append(content, '\n'), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	var problems []string
	for p, want := range pages {
		got, err := os.ReadFile(filepath.Join(docs, filepath.FromSlash(p)))
		switch {
		case err != nil:
			problems = append(problems, "missing "+p)
		case !bytes.Equal(bytes.TrimRight(got, "\n"), want):
			problems = append(problems, "stale "+p)
		}
	}
	_ = filepath.WalkDir(filepath.Join(docs, "rules"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(docs, p)
			if _, ok := pages[filepath.ToSlash(rel)]; !ok {
				problems = append(problems, "left over "+filepath.ToSlash(rel))
			}
		}
		return nil
	})
	sort.Strings(problems)
	if len(problems) > 0 {
		t.Errorf("docs/rules is not current (run: go test ./lint/ruledocs -update):\n  %s", strings.Join(problems, "\n  "))
	}
	// Every rule has a page with a bad and a good example.
	for _, r := range l.Rules() {
		page := string(pages["rules/"+r.ID+".md"])
		if !strings.Contains(page, "## Bad example") || !strings.Contains(page, "## Good example") || !strings.Contains(page, "rampart reports:") {
			t.Errorf("%s: page lacks a bad example with its findings or a good example", r.ID)
		}
	}
}
