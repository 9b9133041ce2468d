package lint_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/rampart-lint/rampart/lint"
)

const testdata = "../testdata"

func newLinter(t testing.TB) *lint.Linter {
	t.Helper()
	l, err := lint.New(context.Background(), lint.Options{})
	if err != nil {
		t.Fatalf("lint.New: %v", err)
	}
	return l
}

func lintFile(t *testing.T, l *lint.Linter, path string) lint.FileResult {
	t.Helper()
	res, err := l.LintPaths(context.Background(), []string{path})
	if err != nil {
		t.Fatalf("lint %s: %v", path, err)
	}
	if len(res.Errors) > 0 {
		t.Fatalf("lint %s: %v", path, res.Errors)
	}
	// A directory fixture (repository checks) holds files of no kind, such
	// as package.json; a file fixture must be read.
	if info, err := os.Stat(path); err == nil && !info.IsDir() && len(res.Skipped) > 0 {
		t.Fatalf("lint %s: skipped: %s", path, res.Skipped[0].Skipped)
	}
	return lint.FileResult{File: path, Findings: res.Findings}
}

func describe(fs []lint.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "\n\t%s:%s %s: %s", filepath.Base(f.File), f.Range, f.Rule, f.Message)
	}
	return b.String()
}

// readExpect reads expect.txt: "file:line:col-line:col" per line.
func readExpect(t *testing.T, path string) map[string][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("fixtures need an expect.txt: %v", err)
	}
	defer f.Close()
	out := map[string][]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		file, rng, ok := strings.Cut(line, ":")
		if !ok || !strings.Contains(rng, "-") {
			t.Fatalf("%s:%d: want file:line:col-line:col, got %q", path, n, line)
		}
		out[file] = append(out[file], rng)
	}
	return out
}

// TestRuleFixtures checks every Rego rule against its fixtures: each bad file
// yields exactly the findings its expect.txt lists (rule and exact range), and
// each good file yields no finding from any rule. A rule without fixtures, or
// whose fixtures expect nothing, fails the test: every rule must fire.
func TestRuleFixtures(t *testing.T) {
	l := newLinter(t)
	for _, r := range l.Rules() {
		if r.Category() == "rampart" {
			continue // the core's own rules have their own tests
		}
		t.Run(r.ID, func(t *testing.T) {
			dir := filepath.Join(testdata, "rules", filepath.FromSlash(r.ID))
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatalf("rule %s has no fixtures: %v", r.ID, err)
			}
			expect := readExpect(t, filepath.Join(dir, "expect.txt"))
			var bad, good int
			total := 0
			for _, e := range entries {
				name := e.Name()
				path := filepath.Join(dir, name)
				switch {
				case strings.HasPrefix(name, "bad"):
					bad++
					fr := lintFile(t, l, path)
					// A directory fixture (a repository, a Terraform
					// module) keys its findings by file: bad-dir/main.tf.
					got := map[string][]string{}
					for _, f := range fr.Findings {
						if f.Rule != r.ID {
							continue
						}
						key := name
						if e.IsDir() {
							rel, _ := filepath.Rel(dir, f.File)
							key = filepath.ToSlash(rel)
						}
						got[key] = append(got[key], f.Range.String())
					}
					for key := range expect {
						if _, seen := got[key]; !seen && (key == name || strings.HasPrefix(key, name+"/")) {
							got[key] = nil // expected, not found
						}
					}
					for key, g := range got {
						want := expect[key]
						total += len(want)
						sort.Strings(g)
						sort.Strings(want)
						if strings.Join(g, " ") != strings.Join(want, " ") {
							t.Errorf("%s: %s findings at\n\t%v\nwant\n\t%v%s", key, r.ID, g, want, describe(fr.Findings))
						}
						delete(expect, key)
					}
				case strings.HasPrefix(name, "good"):
					good++
					if fr := lintFile(t, l, path); len(fr.Findings) > 0 {
						t.Errorf("%s: good fixture has findings:%s", name, describe(fr.Findings))
					}
				}
			}
			if bad == 0 || good == 0 {
				t.Errorf("rule %s needs bad* and good* fixtures (has %d bad, %d good)", r.ID, bad, good)
			}
			if total == 0 {
				t.Errorf("rule %s fires on none of its fixtures", r.ID)
			}
			for name := range expect {
				t.Errorf("expect.txt names %s, which is not a bad* fixture", name)
			}
		})
	}
}

// TestExamples lints the bundled examples: the seed documents' own good
// configurations must be clean, and every bad example must be caught.
func TestExamples(t *testing.T) {
	l := newLinter(t)
	var seeds, bads int
	err := filepath.WalkDir(filepath.Join(testdata, "examples"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name := d.Name()
		switch {
		case strings.HasPrefix(name, "seed-"), strings.HasPrefix(name, "good-"):
			seeds++
			if fr := lintFile(t, l, path); len(fr.Findings) > 0 {
				t.Errorf("%s: good example has findings:%s", path, describe(fr.Findings))
			}
		case strings.HasPrefix(name, "bad-"):
			bads++
			if fr := lintFile(t, l, path); len(fr.Findings) == 0 {
				t.Errorf("%s: bad example has no finding", path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seeds == 0 || bads == 0 {
		t.Fatalf("examples: %d good, %d bad; want both", seeds, bads)
	}
}
