package fix_test

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/rampart-lint/rampart/lint"
	"github.com/rampart-lint/rampart/lint/fix"
	"github.com/rampart-lint/rampart/lint/source"
)

var update = flag.Bool("update", false, "rewrite the .fixed golden files from the fixes computed now")

const fixtures = "../../testdata/fixes"

func newLinter(t testing.TB) *lint.Linter {
	t.Helper()
	l, err := lint.New(context.Background(), lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// fixtureCase is one input file of testdata/fixes/<rule-id>/ and the
// finding its fix targets, from the directory's expect.txt.
type fixtureCase struct {
	rule, file, golden, rng string
}

// goldenName turns case.ext into case.fixed.ext.
func goldenName(p string) string {
	ext := filepath.Ext(p)
	return strings.TrimSuffix(p, ext) + ".fixed" + ext
}

// readCases reads expect.txt ("file:line:col-line:col" per line, the range
// of the finding to fix) and checks it lists every input file of dir.
func readCases(t *testing.T, rule, dir string) []fixtureCase {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "expect.txt"))
	if err != nil {
		t.Fatalf("%s: every fixture directory needs an expect.txt: %v", dir, err)
	}
	defer f.Close()
	var cases []fixtureCase
	listed := map[string]bool{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		file, rng, ok := strings.Cut(line, ":")
		if !ok {
			t.Fatalf("%s/expect.txt:%d: want file:line:col-line:col", dir, n)
		}
		p := filepath.Join(dir, file)
		listed[file] = true
		cases = append(cases, fixtureCase{rule: rule, file: p, golden: goldenName(p), rng: rng})
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := e.Name()
		if name == "expect.txt" || strings.Contains(name, ".fixed.") {
			continue
		}
		if !listed[name] {
			t.Errorf("%s/%s is not in expect.txt", dir, name)
		}
	}
	return cases
}

// key identifies a finding across edits that move it: rule, logical path
// and message, not its range.
func key(f lint.Finding) string { return f.Rule + " " + f.Path + " " + f.Message }

func keys(fs []lint.Finding) []string {
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		out = append(out, key(f))
	}
	sort.Strings(out)
	return out
}

// TestFixtures applies each fixture's fix and compares the result with its
// golden file; the result must parse, and linting it must report the same
// findings as before minus the one fixed. A case named nofix-* has a finding
// but must get no fix.
func TestFixtures(t *testing.T) {
	l := newLinter(t)
	covered := map[string]int{}
	for _, cat := range mustReadDir(t, fixtures) {
		for _, name := range mustReadDir(t, filepath.Join(fixtures, cat)) {
			rule := cat + "/" + name
			dir := filepath.Join(fixtures, cat, name)
			if !fix.Has(rule) {
				t.Errorf("%s: fixtures for %s, which has no fixer", dir, rule)
				continue
			}
			for _, c := range readCases(t, rule, dir) {
				t.Run(rule+"/"+filepath.Base(c.file), func(t *testing.T) {
					if runCase(t, l, c) {
						covered[rule]++
					}
				})
			}
		}
	}
	for _, rule := range fix.Rules() {
		if covered[rule] < 3 {
			t.Errorf("%s: %d fixed fixtures, want at least 3 (testdata/fixes/%s)", rule, covered[rule], rule)
		}
	}
}

func mustReadDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() {
			out = append(out, e.Name())
		}
	}
	return out
}

// runCase checks one case and reports whether it was fixed.
func runCase(t *testing.T, l *lint.Linter, c fixtureCase) bool {
	src, err := os.ReadFile(c.file)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	before := l.LintBytes(ctx, c.file, src)
	var target *lint.Finding
	var all []string
	for i, f := range before.Findings {
		all = append(all, fmt.Sprintf("%s %s", f.Range, f.Rule))
		if f.Rule == c.rule && f.Range.String() == c.rng {
			target = &before.Findings[i]
		}
	}
	if target == nil {
		t.Fatalf("no %s finding at %s; the file has %v", c.rule, c.rng, all)
	}
	fx, ok := fix.For(*target, c.file, src)
	nofix := strings.HasPrefix(filepath.Base(c.file), "nofix-")
	if nofix {
		if ok {
			out, _ := fix.Apply(src, fx.Edits)
			t.Fatalf("a nofix case got a fix %q:\n%s", fx.Title, out)
		}
		if _, err := os.Stat(c.golden); err == nil {
			t.Errorf("a nofix case has a golden file %s", c.golden)
		}
		return false
	}
	if !ok {
		t.Fatalf("no fix for %s at %s", c.rule, c.rng)
	}
	if fx.Rule != c.rule || fx.Title == "" {
		t.Errorf("fix %+v: want rule %s and a title", fx, c.rule)
	}
	out, err := fix.Apply(src, fx.Edits)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(c.golden, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(c.golden)
	if err != nil {
		t.Fatalf("no golden file (run go test ./lint/fix -update and review it): %v", err)
	}
	if string(out) != string(want) {
		t.Errorf("fixed text differs from %s:\n--- got\n%s\n--- want\n%s", c.golden, out, want)
	}
	if _, err := source.Parse(c.file, out, source.FormatOf(c.file, out), source.Limits{}); err != nil {
		t.Fatalf("the fixed text does not parse: %v", err)
	}
	after := l.LintBytes(ctx, c.file, out)
	wantKeys := keys(slices.DeleteFunc(slices.Clone(before.Findings), func(f lint.Finding) bool { return key(f) == key(*target) }))
	if got := keys(after.Findings); !slices.Equal(got, wantKeys) {
		t.Errorf("findings after the fix:\n got  %q\n want %q", got, wantKeys)
	}
	// The fix is complete: nothing left to fix for that finding.
	for _, f := range after.Findings {
		if f.Rule == c.rule {
			if again, ok := fix.For(f, c.file, out); ok && key(f) == key(*target) {
				t.Errorf("the finding is still there with a fix %q", again.Title)
			}
		}
	}
	t.Logf("%s: %s", filepath.Base(c.file), fx.Title)
	return true
}
