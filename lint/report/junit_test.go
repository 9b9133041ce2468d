package report

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/rampart-lint/rampart/lint"
)

func decodeJUnit(t *testing.T, out []byte) junitTestSuites {
	t.Helper()
	if !strings.HasPrefix(string(out), xml.Header) {
		t.Errorf("no XML declaration:\n%s", out)
	}
	var doc junitTestSuites
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, out)
	}
	// Structure: the counts add up, every testcase names its class and
	// has at most one outcome.
	tests, failures, errs, skipped := 0, 0, 0, 0
	for _, s := range doc.Suites {
		if s.Name == "" || s.Tests != len(s.Cases) || s.Tests == 0 {
			t.Errorf("suite %q: tests=%d for %d cases", s.Name, s.Tests, len(s.Cases))
		}
		f, e, k := 0, 0, 0
		for _, c := range s.Cases {
			if c.Name == "" || c.Classname != s.Name || c.Time == "" {
				t.Errorf("suite %q: testcase %+v", s.Name, c)
			}
			n := 0
			if c.Failure != nil {
				f, n = f+1, n+1
				if c.Failure.Message == "" || c.Failure.Type == "" || c.Failure.Text == "" {
					t.Errorf("failure %+v", c.Failure)
				}
			}
			if c.Error != nil {
				e, n = e+1, n+1
			}
			if c.Skipped != nil {
				k, n = k+1, n+1
			}
			if n > 1 {
				t.Errorf("testcase %q has %d outcomes", c.Name, n)
			}
		}
		if f != s.Failures || e != s.Errors || k != s.Skipped {
			t.Errorf("suite %q: counts %d/%d/%d, attributes %d/%d/%d", s.Name, f, e, k, s.Failures, s.Errors, s.Skipped)
		}
		tests, failures, errs, skipped = tests+s.Tests, failures+f, errs+e, skipped+k
	}
	if doc.Name != "rampart" || doc.Tests != tests || doc.Failures != failures || doc.Errors != errs || doc.Skipped != skipped {
		t.Errorf("testsuites %+v, want %d tests %d failures %d errors %d skipped", doc, tests, failures, errs, skipped)
	}
	return doc
}

func TestJUnit(t *testing.T) {
	root := t.TempDir()
	frs := append(syntheticFindings(root), lint.FileResult{File: "clean.yml"})
	doc := decodeJUnit(t, render(t, "junit", Options{Root: root}, frs...))
	var names []string
	for _, s := range doc.Suites {
		names = append(names, s.Name)
	}
	if got := strings.Join(names, ","); got != "policies/admin.json,ci/wörk flow.yml,broken.yaml,sub/in.tf,/elsewhere/out.tf,clean.yml" {
		t.Errorf("suites %s", got)
	}
	if doc.Tests != 8 || doc.Failures != 5 || doc.Skipped != 1 || doc.Errors != 1 {
		t.Errorf("totals %d tests, %d failures, %d skipped, %d errors", doc.Tests, doc.Failures, doc.Skipped, doc.Errors)
	}
	admin := doc.Suites[0].Cases
	if admin[0].Name != "iam/full-admin Statement[0].Action" || admin[0].Line != 3 || admin[0].File != "policies/admin.json" {
		t.Errorf("testcase %+v", admin[0])
	}
	if f := admin[0].Failure; f == nil || f.Type != "iam/full-admin" || f.Message != `Action "*" with Resource "*"` ||
		!strings.HasPrefix(f.Text, `policies/admin.json:3:15-3:18 critical Action "*" with Resource "*" [iam/full-admin]`) {
		t.Errorf("failure %+v", f)
	}
	if s := admin[1].Skipped; s == nil || s.Message != "suppressed: break-glass role, reviewed" {
		t.Errorf("suppressed: %+v", admin[1])
	}
	if c := doc.Suites[5].Cases; len(c) != 1 || c[0].Failure != nil || c[0].Name != "rampart" {
		t.Errorf("clean file: %+v", c)
	}
}

// TestJUnitCleanRun: a run without findings is still a document, with a
// passing test for each file linted.
func TestJUnitCleanRun(t *testing.T) {
	doc := decodeJUnit(t, render(t, "junit", Options{}, lint.FileResult{File: "a.yml"}, lint.FileResult{File: "b/c.json"}))
	if len(doc.Suites) != 2 || doc.Tests != 2 || doc.Failures != 0 {
		t.Errorf("clean run: %+v", doc)
	}
	empty := decodeJUnit(t, render(t, "junit", Options{}))
	if empty.Tests != 0 || len(empty.Suites) != 0 {
		t.Errorf("empty run: %+v", empty)
	}
}

// TestJUnitEscapes: markup and control characters in messages stay well-formed.
func TestJUnitEscapes(t *testing.T) {
	msg := "a <b> & \"c\" \x01 ]]>"
	f := lint.Finding{Rule: "x/y", Severity: lint.Low, File: "a&b.yml", Message: msg, Range: lint.Range{Start: pos(1, 1, 0), End: pos(1, 2, 1)}}
	doc := decodeJUnit(t, render(t, "junit", Options{}, lint.FileResult{File: "a&b.yml", Findings: []lint.Finding{f}}))
	if got := doc.Suites[0].Cases[0].Failure.Message; got != "a <b> & \"c\" \uFFFD ]]>" {
		t.Errorf("message %q", got)
	}
}
