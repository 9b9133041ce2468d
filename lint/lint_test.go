package lint_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rampart-lint/rampart/lint"
	"github.com/rampart-lint/rampart/lint/config"
)

const adminPolicy = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "*", "Resource": "*"}
  ]
}
`

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func lintDir(t *testing.T, l *lint.Linter, dir string) *lint.Result {
	t.Helper()
	res, err := l.LintPaths(context.Background(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// at renders findings as "file:line:col rule" for compact assertions.
func at(dir string, fs []lint.Finding) []string {
	var out []string
	for _, f := range fs {
		rel, _ := filepath.Rel(dir, f.File)
		out = append(out, filepath.ToSlash(rel)+":"+f.Range.Start.String()+" "+f.Rule)
	}
	return out
}

func TestParseErrorDoesNotStopOthers(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"a-broken.json":  "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\",}\n  ]\n}\n",
		"b-admin.json":   adminPolicy,
		"c-broken.yaml":  "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action: [s3:GetObject\n    Resource: x\n",
		"d-notes.json":   `{"name": "not a policy"}`,
		"e-garbage.json": "{{{ not json and not a policy",
	})
	res := lintDir(t, newLinter(t), dir)
	got := strings.Join(at(dir, res.Findings), "\n")
	want := strings.Join([]string{
		"a-broken.json:4:24 rampart/parse-error",
		"b-admin.json:4:35 iam/full-admin",
		"c-broken.yaml:4:5 rampart/parse-error",
	}, "\n")
	if got != want {
		t.Errorf("findings:\n%s\nwant:\n%s", got, want)
	}
	if res.Files != 3 || len(res.Skipped) != 2 {
		t.Errorf("files=%d skipped=%d, want 3 linted and 2 skipped (unknown JSON, unparsable unknown)", res.Files, len(res.Skipped))
	}
	for _, f := range res.Findings {
		if f.Rule == lint.ParseError && (f.Message == "" || f.Kind != "iam-policy") {
			t.Errorf("parse error %+v: want a message and the sniffed kind", f)
		}
	}
}

func TestExplicitUnknownFile(t *testing.T) {
	dir := writeFiles(t, map[string]string{"x.json": "{\"a\": 1", "y.json": `{"a": 1}`})
	l := newLinter(t)
	res, err := l.LintPaths(context.Background(), []string{filepath.Join(dir, "x.json"), filepath.Join(dir, "y.json")})
	if err != nil {
		t.Fatal(err)
	}
	// Named explicitly, a broken file is reported even if its kind is unknown;
	// a valid one of unknown kind is skipped with a reason.
	if got := at(dir, res.Findings); len(got) != 1 || got[0] != "x.json:1:8 rampart/parse-error" {
		t.Errorf("findings = %v", got)
	}
	if len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0].Skipped, "unknown kind") || !res.Skipped[0].Explicit {
		t.Errorf("skipped = %+v", res.Skipped)
	}
}

func TestKindOverride(t *testing.T) {
	dir := writeFiles(t, map[string]string{"p.json": `{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}`})
	l, err := lint.New(context.Background(), lint.Options{Kind: "cloudformation"})
	if err != nil {
		t.Fatal(err)
	}
	if res := lintDir(t, l, dir); len(res.Findings) != 0 {
		t.Errorf("forced to cloudformation, IAM rules ran: %v", at(dir, res.Findings))
	}
	if _, err := lint.New(context.Background(), lint.Options{Kind: "jenkins"}); err == nil {
		t.Error("unknown --kind accepted")
	}
}

func TestSuppressions(t *testing.T) {
	src := `Version: "2012-10-17"
Statement:
  - Effect: Allow
    # rampart:ignore iam/full-admin -- break-glass role, reviewed in SEC-12
    Action: "*"
    Resource: "*"
  - Effect: Allow
    Action: "*" # rampart:ignore iam/full-admin exp:2020-01-31 -- temporary
    Resource: "*"
  - Effect: Allow
    Action: "*" # rampart:ignore iam/full-admin
    Resource: "*"
  # rampart:ignore iam/wildcard-action -- nothing here
  - Effect: Allow
    Action: s3:GetObject
    Resource: arn:aws:s3:::bucket/key
  # rampart:ignore iam/passrole-unrestricted exp:someday -- malformed
`
	dir := writeFiles(t, map[string]string{"p.yaml": src})
	now := func() time.Time { return time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC) }
	l, err := lint.New(context.Background(), lint.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(at(dir, lintDir(t, l, dir).Findings), "\n")
	want := strings.Join([]string{
		"p.yaml:8:13 iam/full-admin",                      // expired: reported again
		"p.yaml:8:17 rampart/expired-suppression",         // and the expiry itself
		"p.yaml:11:17 rampart/suppression-without-reason", // suppresses, but says not why
		"p.yaml:13:3 rampart/unused-suppression",          // matches nothing
		"p.yaml:17:3 rampart/unused-suppression",          // malformed
	}, "\n")
	if got != want {
		t.Errorf("findings:\n%s\nwant:\n%s", got, want)
	}

	// --no-ignores: every finding is back, and suppressions are not judged.
	l, err = lint.New(context.Background(), lint.Options{Now: now, NoIgnores: true})
	if err != nil {
		t.Fatal(err)
	}
	var admin int
	for _, f := range lintDir(t, l, dir).Findings {
		if strings.HasPrefix(f.Rule, "rampart/") {
			t.Errorf("--no-ignores reported %s", f.Rule)
		}
		if f.Rule == "iam/full-admin" {
			admin++
		}
	}
	if admin != 3 {
		t.Errorf("--no-ignores: %d full-admin findings, want 3", admin)
	}

	// KeepSuppressed returns hidden findings, marked.
	l, err = lint.New(context.Background(), lint.Options{Now: now, KeepSuppressed: true})
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, f := range lintDir(t, l, dir).Findings {
		if f.Suppression != nil {
			kept = append(kept, f.Range.Start.String()+" "+f.Suppression.Reason)
		}
	}
	if strings.Join(kept, "|") != "5:13 break-glass role, reviewed in SEC-12|11:13 " {
		t.Errorf("suppressed findings = %q", kept)
	}
}

func TestConfig(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		".rampart.yaml": `rules:
  iam/full-admin: medium
  iam/wildcard-resource: off
exclude:
  - vendor
kinds:
  "forced/*.json": cloudformation
`,
		"p.json":        adminPolicy,
		"vendor/v.json": adminPolicy,
		"forced/f.json": adminPolicy,
		"wide.json":     `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}`,
	})
	cfg, err := config.Load(filepath.Join(dir, ".rampart.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	l, err := lint.New(context.Background(), lint.Options{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	res := lintDir(t, l, dir)
	if got := at(dir, res.Findings); strings.Join(got, ",") != "p.json:4:35 iam/full-admin" {
		t.Errorf("findings = %v, want only p.json's full-admin (vendor excluded, forced/ read as CloudFormation, wildcard-resource off)", got)
	}
	if res.Findings[0].Severity != lint.Medium {
		t.Errorf("severity = %v, want the override medium", res.Findings[0].Severity)
	}
	if r, _ := l.Rule("iam/full-admin"); r.Severity != lint.Medium {
		t.Errorf("Rule() severity = %v, want medium", r.Severity)
	}

	bad, _ := config.Parse("c.yaml", []byte("rules:\n  iam/no-such-rule: off\n"))
	if _, err := lint.New(context.Background(), lint.Options{Config: bad}); err == nil || !strings.Contains(err.Error(), `unknown rule "iam/no-such-rule"`) {
		t.Errorf("unknown rule id in config: err = %v", err)
	}
}

func TestLintBytes(t *testing.T) {
	l := newLinter(t)
	fr := l.LintBytes(context.Background(), "unsaved.json", []byte(adminPolicy))
	if len(fr.Findings) != 1 || fr.Findings[0].Rule != "iam/full-admin" || fr.Findings[0].File != "unsaved.json" {
		t.Errorf("findings = %+v", fr.Findings)
	}
	if fr.Findings[0].Path != "Statement[0].Action" {
		t.Errorf("path = %q", fr.Findings[0].Path)
	}
	if fr := l.LintBytes(context.Background(), "x.yaml", []byte("a: 1\n")); fr.Skipped == "" || len(fr.Findings) != 0 {
		t.Errorf("unknown content: %+v, want skipped", fr)
	}
}

// TestConcurrentUse lints from many goroutines at once; run with -race.
func TestConcurrentUse(t *testing.T) {
	l := newLinter(t)
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fr := l.LintBytes(context.Background(), "p.json", []byte(adminPolicy))
			if len(fr.Findings) != 1 {
				errs <- "wrong findings"
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestWalk(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		".gitignore":            "ignored/\n*.tmp.json\n",
		".github/policy.json":   adminPolicy,
		"ignored/p.json":        adminPolicy,
		"x.tmp.json":            adminPolicy,
		"node_modules/m/p.json": adminPolicy,
		"sub/.gitignore":        "!keep.tmp.json\n",
		"sub/keep.tmp.json":     adminPolicy,
		"sub/deeper/policy.yml": "Statement:\n  - Effect: Allow\n    Action: '*'\n    Resource: '*'\n",
	})
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(dir, filepath.Join(dir, "sub", "loop")); err != nil {
		t.Fatal(err)
	}
	res := lintDir(t, newLinter(t), dir)
	var files []string
	for _, f := range res.Findings {
		if f.Rule == "iam/full-admin" {
			rel, _ := filepath.Rel(dir, f.File)
			files = append(files, filepath.ToSlash(rel))
		}
	}
	want := ".github/policy.json sub/deeper/policy.yml sub/keep.tmp.json"
	if strings.Join(files, " ") != want {
		t.Errorf("linted %v, want %s (hidden dirs in, .gitignore honoured, node_modules out, symlink loop not followed)", files, want)
	}
}

// TestLimitsAndBinaries: a file too big, or binary, is reported when its name
// or content says rampart should read it, and skipped quietly otherwise.
func TestLimitsAndBinaries(t *testing.T) {
	big := strings.Repeat(" ", 2048) + adminPolicy
	dir := writeFiles(t, map[string]string{
		"buildspec.yml":   "version: 0.2\x00\x01\x02",
		"data.bin.json":   "\x00\x01\x02\x03",
		"big-policy.json": big,
		"big-data.json":   `{"rows": [` + strings.Repeat(`1,`, 2000) + `1]}`,
	})
	l, err := lint.New(context.Background(), lint.Options{MaxFileSize: 1024})
	if err != nil {
		t.Fatal(err)
	}
	res := lintDir(t, l, dir)
	got := strings.Join(at(dir, res.Findings), ",")
	if got != "big-policy.json:1:1 rampart/parse-error,buildspec.yml:1:1 rampart/parse-error" {
		t.Errorf("findings = %s", got)
	}
	for _, f := range res.Findings {
		if !strings.Contains(f.Message, "limit") && !strings.Contains(f.Message, "binary") {
			t.Errorf("%s: message %q does not say why", f.File, f.Message)
		}
	}
	if len(res.Skipped) != 2 {
		t.Errorf("skipped %d, want 2 (unknown binary, unknown big file)", len(res.Skipped))
	}
}

// TestLintBytesOversized: an editor buffer over the limit gets the same
// finding as the file on disk would.
func TestLintBytesOversized(t *testing.T) {
	l, err := lint.New(context.Background(), lint.Options{MaxFileSize: 1024})
	if err != nil {
		t.Fatal(err)
	}
	fr := l.LintBytes(context.Background(), "buildspec.yml", []byte("version: 0.2\n"+strings.Repeat("# padding\n", 200)))
	if len(fr.Findings) != 1 || fr.Findings[0].Rule != lint.ParseError || !strings.Contains(fr.Findings[0].Message, "1 KiB file size limit") {
		t.Errorf("findings = %+v", fr.Findings)
	}
}
