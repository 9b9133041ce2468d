package lint_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rampart-lint/rampart/internal/canary"
	"github.com/rampart-lint/rampart/lint"
	"github.com/rampart-lint/rampart/lint/report"
)

// The canary plants credentials of every format rampart recognises in a file
// of every kind, lints it, and checks that no output holds one: not the
// findings' fields, not any report format (text with and without source
// lines, JSON, SARIF, JUnit, GitHub annotations). DESIGN.md: "Secrets found
// by rampart are never printed in full in any output." The command line's
// stderr and the language server have canaries of their own
// (cmd/rampart/canary_test.go, lsp/canary_test.go).
//
// The text report prints the source line under each finding; the findings
// of rules marked `custom.sensitive` carry Sensitive, and the text report
// masks their tokens in every line it prints, and credentials of known
// formats in any line it prints (a file that does not parse has no finding
// about its secrets, yet its error line is shown).

func TestCanarySecretsNeverPrinted(t *testing.T) {
	s := canary.New()
	files := map[string]string{}
	for _, f := range append(canary.Files(s), canary.BrokenFiles(s)...) {
		files[f.Path] = f.Text
	}
	dir := writeFiles(t, files)
	l := newLinter(t)

	for _, cf := range canary.Files(s) {
		t.Run(cf.Kind, func(t *testing.T) {
			fr := lintCanary(t, l, filepath.Join(dir, filepath.FromSlash(cf.Path)))

			// The library: the rule fires, and quotes what it found masked.
			var msgs strings.Builder
			for _, f := range fr.Findings {
				if f.Kind != cf.Kind && f.Kind != "iam-policy" {
					t.Errorf("finding of kind %q, want %q", f.Kind, cf.Kind)
				}
				if f.Rule == "secrets/hardcoded-credential" {
					msgs.WriteString(f.Message + "\n")
					if !f.Sensitive {
						t.Errorf("%s finding at %s is not marked sensitive, so front ends show its token", f.Rule, f.Range)
					}
				}
			}
			if msgs.Len() == 0 {
				t.Fatalf("secrets/hardcoded-credential found nothing in %s:%s", cf.Path, describe(fr.Findings))
			}
			for label, secret := range s.Tokens() {
				if strings.Contains(cf.Text, secret) && !strings.Contains(msgs.String(), s.Shown(label)) {
					t.Errorf("no finding quotes %s; messages:\n%s", s.Shown(label), msgs.String())
				}
			}
			if strings.Contains(cf.Text, "PRIVATE KEY") && !strings.Contains(msgs.String(), "PEM private key `-----BEGIN RSA PRIVATE KEY-----`") {
				t.Errorf("the PEM private key is not reported; messages:\n%s", msgs.String())
			}

			// Every field of every finding, as the library returns it.
			for _, f := range fr.Findings {
				fields, _ := json.Marshal(f)
				if l := s.Leaks(string(fields)); len(l) > 0 {
					t.Errorf("%s finding at %s leaks %v: %s", f.Rule, f.Range, l, f.Message)
				}
			}
			checkReports(t, s, fr)
		})
	}

	// Files that do not parse: their only finding is the syntax error, and
	// the line the text report shows holds credentials nobody flagged.
	for _, cf := range canary.BrokenFiles(s) {
		t.Run(cf.Path, func(t *testing.T) {
			fr := lintCanary(t, l, filepath.Join(dir, filepath.FromSlash(cf.Path)))
			if len(fr.Findings) != 1 || fr.Findings[0].Rule != lint.ParseError {
				t.Fatalf("want one parse error:%s", describe(fr.Findings))
			}
			line := strings.Split(cf.Text, "\n")[fr.Findings[0].Range.Start.Line-1]
			if len(s.Leaks(line)) == 0 {
				t.Fatalf("the error is on line %d, which holds no credential: the case proves nothing", fr.Findings[0].Range.Start.Line)
			}
			checkReports(t, s, fr)
		})
	}
}

func lintCanary(t *testing.T, l *lint.Linter, path string) lint.FileResult {
	t.Helper()
	res, err := l.LintPaths(context.Background(), []string{path})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Skipped) > 0 || len(res.Errors) > 0 {
		t.Fatalf("not linted: %v %v", res.Skipped, res.Errors)
	}
	return lint.FileResult{File: path, Kinds: []string{res.Findings[0].Kind}, Findings: res.Findings}
}

// checkReports renders fr in every format and checks that none leaks.
func checkReports(t *testing.T, s canary.Secrets, fr lint.FileResult) {
	t.Helper()
	src := func(file string) []byte {
		b, _ := os.ReadFile(file)
		return b
	}
	var rules []lint.Rule
	for _, f := range fr.Findings {
		rules = append(rules, lint.Rule{ID: f.Rule, Title: "t", Severity: f.Severity})
	}
	variants := []struct {
		name, format string
		opts         report.Options
	}{
		{"text with source lines", "text", report.Options{Source: src}},
		{"text with source lines, in colour", "text", report.Options{Source: src, Color: true}},
		{"text", "text", report.Options{NoSource: true, Source: src}},
		{"json", "json", report.Options{Source: src}},
		{"sarif", "sarif", report.Options{Source: src, Rules: rules, Version: "canary"}},
		{"junit", "junit", report.Options{Source: src}},
		{"github", "github", report.Options{Source: src}},
	}
	for _, v := range variants {
		var out bytes.Buffer
		rep, err := report.New(v.format, &out, v.opts)
		if err != nil {
			t.Fatal(err)
		}
		if err := rep.File(fr); err != nil {
			t.Fatal(err)
		}
		if err := rep.Finish(report.Summary{Files: 1, Findings: len(fr.Findings), BySeverity: map[string]int{}}); err != nil {
			t.Fatal(err)
		}
		if out.Len() == 0 {
			t.Errorf("%s report is empty", v.name)
		}
		if l := s.Leaks(out.String()); len(l) > 0 {
			t.Errorf("%s report leaks %v:\n%s", v.name, l, out.String())
		}
		if v.name == "text with source lines" && !strings.Contains(out.String(), " | ") {
			t.Errorf("text report printed no source line, so its masking is untested:\n%s", out.String())
		}
	}
}
