package fix_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/rampart-lint/rampart/lint"
	"github.com/rampart-lint/rampart/lint/fix"
)

// TestFixableMetadata keeps the rules' fixable flag and the fixers in step:
// every rule that says it is fixable has a fixer, and every fixer belongs to
// a rule that says so.
func TestFixableMetadata(t *testing.T) {
	l := newLinter(t)
	var fixable []string
	for _, r := range l.Rules() {
		if r.Fixable {
			fixable = append(fixable, r.ID)
		}
	}
	if got := fix.Rules(); !slices.Equal(got, fixable) {
		t.Errorf("fixers %v\nfixable rules %v", got, fixable)
	}
	if len(fixable) < 5 {
		t.Errorf("only %d fixable rules", len(fixable))
	}
}

func TestApply(t *testing.T) {
	src := []byte("abcdef")
	out, err := fix.Apply(src, []fix.Edit{{Start: 0, End: 1, Text: "X"}, {Start: 3, End: 3, Text: "--"}, {Start: 5, End: 6, Text: ""}})
	if err != nil || string(out) != "Xbc--de" {
		t.Errorf("Apply = %q, %v", out, err)
	}
	for _, bad := range [][]fix.Edit{
		{{Start: 2, End: 4}, {Start: 3, End: 5}},
		{{Start: 4, End: 2}},
		{{Start: 0, End: 7}},
		{{Start: -1, End: 0}},
	} {
		if _, err := fix.Apply(src, bad); err == nil {
			t.Errorf("Apply(%v) accepted", bad)
		}
	}
}

func TestOverlaps(t *testing.T) {
	a := fix.Fix{Edits: []fix.Edit{{Start: 10, End: 15}}}
	cases := []struct {
		b    fix.Edit
		want bool
	}{
		{fix.Edit{Start: 14, End: 20}, true},
		{fix.Edit{Start: 15, End: 20}, false},
		{fix.Edit{Start: 0, End: 10}, false},
		{fix.Edit{Start: 10, End: 10}, true}, // two changes at one point: order matters
		{fix.Edit{Start: 12, End: 12}, true},
	}
	for _, c := range cases {
		if got := fix.Overlaps(a, fix.Fix{Edits: []fix.Edit{c.b}}); got != c.want {
			t.Errorf("Overlaps(10-15, %d-%d) = %v", c.b.Start, c.b.End, got)
		}
	}
}

const trail = "Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: true\n"

// TestNoFix covers findings that must not get a fix: unknown rules,
// unreadable paths, suppressed findings, files that do not parse, and
// findings that no longer hold in the current text.
func TestNoFix(t *testing.T) {
	base := lint.Finding{Rule: "audit/cloudtrail-log-validation", Path: "Resources.Trail"}
	if _, ok := fix.For(base, "t.yaml", []byte(trail)); !ok {
		t.Fatal("the baseline finding gets no fix; the cases below prove nothing")
	}
	cases := map[string]struct {
		f    func(lint.Finding) lint.Finding
		name string
		src  string
	}{
		"rule without fixer": {func(f lint.Finding) lint.Finding { f.Rule = "iam/full-admin"; return f }, "t.yaml", trail},
		"empty path":         {func(f lint.Finding) lint.Finding { f.Path = ""; return f }, "t.yaml", trail},
		"malformed path":     {func(f lint.Finding) lint.Finding { f.Path = `Resources[`; return f }, "t.yaml", trail},
		"path not in file":   {func(f lint.Finding) lint.Finding { f.Path = "Resources.Other"; return f }, "t.yaml", trail},
		"suppressed": {func(f lint.Finding) lint.Finding {
			f.Suppression = &lint.Suppression{Kind: "inline"}
			return f
		}, "t.yaml", trail},
		"not a trail":      {nil, "t.yaml", strings.Replace(trail, "CloudTrail::Trail", "S3::Bucket", 1)},
		"already true":     {nil, "t.yaml", trail + "      EnableLogFileValidation: true\n"},
		"intrinsic value":  {nil, "t.yaml", trail + "      EnableLogFileValidation: !Ref Validate\n"},
		"does not parse":   {nil, "t.yaml", trail + "  bad: [\n"},
		"invalid UTF-8":    {nil, "t.yaml", trail + "      Name: \xff\n"},
		"binary":           {nil, "t.yaml", "\x00\x01\x02"},
		"empty":            {nil, "t.yaml", ""},
		"anchored mapping": {nil, "t.yaml", "Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties: &p\n      IsLogging: true\n  Other:\n    Type: AWS::CloudTrail::Trail\n    Properties: *p\n"},
	}
	for name, c := range cases {
		f := base
		if c.f != nil {
			f = c.f(f)
		}
		if fx, ok := fix.For(f, c.name, []byte(c.src)); ok {
			out, _ := fix.Apply([]byte(c.src), fx.Edits)
			t.Errorf("%s: got fix %q:\n%s", name, fx.Title, out)
		}
	}
}

// TestStaleFinding: a finding from an earlier version of the text (as the
// language server may hold) is fixed against the current text.
func TestStaleFinding(t *testing.T) {
	src := "# a comment added since the lint\n\n" + trail
	f := lint.Finding{Rule: "audit/cloudtrail-log-validation", Path: "Resources.Trail"}
	fx, ok := fix.For(f, "t.yaml", []byte(src))
	if !ok {
		t.Fatal("no fix")
	}
	out, err := fix.Apply([]byte(src), fx.Edits)
	if err != nil {
		t.Fatal(err)
	}
	if want := src + "      EnableLogFileValidation: true\n"; string(out) != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

// TestYAMLStream: the finding's range picks the document of a stream.
func TestYAMLStream(t *testing.T) {
	src := trail + "---\n" + trail
	second := strings.Index(src, "---") + len("---\nResources:\n  ")
	f := lint.Finding{Rule: "audit/cloudtrail-log-validation", Path: "Resources.Trail",
		Range: lint.Range{Start: lint.Position{Line: 7, Column: 3, Offset: second}}}
	fx, ok := fix.For(f, "t.yaml", []byte(src))
	if !ok {
		t.Fatal("no fix")
	}
	out, _ := fix.Apply([]byte(src), fx.Edits)
	if want := trail + "---\n" + trail + "      EnableLogFileValidation: true\n"; string(out) != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

// BenchmarkFor: one quick fix in a 2,000-line CloudFormation template, the
// cost of a code action (parse, edit, re-parse to verify).
func BenchmarkFor(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("Resources:\n")
	for i := 0; sb.Len() < 60_000; i++ {
		fmt.Fprintf(&sb, "  Bucket%d:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: bucket-%d\n", i, i)
	}
	sb.WriteString("  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: true\n")
	src := []byte(sb.String())
	f := lint.Finding{Rule: "audit/cloudtrail-log-validation", Path: "Resources.Trail"}
	b.ReportMetric(float64(strings.Count(sb.String(), "\n")), "lines")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, ok := fix.For(f, "template.yaml", src); !ok {
			b.Fatal("no fix")
		}
	}
}
