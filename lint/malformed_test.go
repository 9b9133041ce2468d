package lint_test

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rampart-lint/rampart/lint"
)

// TestMalformed lints the malformed-input corpus in one run and checks every
// file's expected outcome (testdata/malformed/expect.txt): a positioned
// finding, or a skip with its reason. One bad file never hides another's
// result.
func TestMalformed(t *testing.T) {
	dir := filepath.Join(testdata, "malformed")
	type want struct{ at, rule, skip string }
	wants := map[string]want{}
	f, err := os.Open(filepath.Join(dir, "expect.txt"))
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		if len(fields) != 3 {
			t.Fatalf("expect.txt: bad line %q", sc.Text())
		}
		if fields[1] == "skip" {
			wants[fields[0]] = want{skip: fields[2]}
		} else {
			wants[fields[0]] = want{at: fields[1], rule: fields[2]}
		}
	}
	f.Close()

	res, err := newLinter(t).LintPaths(context.Background(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	byFile := map[string][]lint.Finding{}
	for _, f := range res.Findings {
		rel, _ := filepath.Rel(dir, f.File)
		byFile[filepath.ToSlash(rel)] = append(byFile[filepath.ToSlash(rel)], f)
	}
	skipped := map[string]string{}
	for _, s := range res.Skipped {
		rel, _ := filepath.Rel(dir, s.File)
		skipped[filepath.ToSlash(rel)] = s.Skipped
	}
	seen := map[string]bool{}
	err = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "expect.txt" {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		seen[rel] = true
		w, ok := wants[rel]
		if !ok {
			t.Errorf("%s has no line in expect.txt", rel)
			return nil
		}
		if w.skip != "" {
			if !strings.Contains(skipped[rel], w.skip) {
				t.Errorf("%s: skipped %q, want a skip saying %q (findings: %s)", rel, skipped[rel], w.skip, describe(byFile[rel]))
			}
			return nil
		}
		found := false
		for _, f := range byFile[rel] {
			if f.Rule == w.rule && f.Range.Start.String() == w.at {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: want %s at %s; got:%s (skipped: %q)", rel, w.rule, w.at, describe(byFile[rel]), skipped[rel])
		}
		if w.rule == lint.ParseError && len(byFile[rel]) != 1 {
			t.Errorf("%s: want exactly one parse error, got:%s", rel, describe(byFile[rel]))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for rel := range wants {
		if !seen[rel] {
			t.Errorf("expect.txt names %s, which does not exist", rel)
		}
	}
}

// TestHostileInputs are generated at test time rather than committed: deep
// nesting, an alias bomb, a file over the size limit, and a symlink loop.
func TestHostileInputs(t *testing.T) {
	deep := `{"Version": "2012-10-17", "Statement": ` + strings.Repeat("[", 10_000) + strings.Repeat("]", 10_000) + "}"
	bomb := "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action: &a0 [s3:GetObject, s3:GetObject, s3:GetObject, s3:GetObject, s3:GetObject, s3:GetObject, s3:GetObject, s3:GetObject, s3:GetObject]\n"
	for i := 1; i < 9; i++ {
		bomb += "    X" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [" + strings.Repeat("*a"+string(rune('0'+i-1))+", ", 8) + "*a" + string(rune('0'+i-1)) + "]\n"
	}
	big := `{"Version": "2012-10-17", "Statement": [` + strings.Repeat(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},`, 140_000) + `{"Effect": "Allow", "Action": "*", "Resource": "*"}]}`
	dir := writeFiles(t, map[string]string{
		"deep-policy.json": deep,
		"bomb-policy.yaml": bomb,
		"big-policy.json":  big,
		"ok-policy.json":   adminPolicy,
	})
	if err := os.Symlink(dir, filepath.Join(dir, "loop")); err != nil {
		t.Fatal(err)
	}
	res := lintDir(t, newLinter(t), dir)
	got := map[string]string{}
	for _, f := range res.Findings {
		got[filepath.Base(f.File)] = f.Rule + ": " + f.Message
	}
	for file, want := range map[string]string{
		"deep-policy.json": "nesting deeper than 1000 levels",
		"bomb-policy.yaml": "alias bomb",
		"big-policy.json":  "larger than the 10 MiB limit",
		"ok-policy.json":   "iam/full-admin",
	} {
		if !strings.Contains(got[file], want) {
			t.Errorf("%s: %q, want %q", file, got[file], want)
		}
	}
	if len(res.Findings) != 4 {
		t.Errorf("%d findings, want one per file (the symlink loop is not followed):%s", len(res.Findings), describe(res.Findings))
	}
}
