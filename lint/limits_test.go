package lint_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rampart-lint/rampart/lint"
	"github.com/rampart-lint/rampart/lint/config"
	"github.com/rampart-lint/rampart/lint/engine"
	"github.com/rampart-lint/rampart/lint/source"
)

// spinPolicy is a custom rule that never finishes on a statement whose Sid
// is "spin": a stand-in for a rule that a pathological file makes run
// away. Rego evaluation checks for cancellation as it goes, so the per-file
// timeout stops it.
var spinPolicy = engine.Module{Name: "custom/spin.rego", Source: []byte(`# METADATA
# title: Spins on a marked statement
# description: A test rule that runs for ever on a statement with Sid "spin".
# custom:
#   id: test/spin
#   severity: low
#   kinds: [iam-policy]
#   remediation: None.
package rampart.rules.test.spin

deny contains {"msg": "unreachable", "path": ["Statement"]} if {
	some s in input.Statement
	s.Sid == "spin"
	some i in numbers.range(1, 1000000)
	some j in numbers.range(1, 1000000)
	i == j + 2000000
}
`)}

// TestFileTimeout: a file whose evaluation runs away gets a rampart/timeout
// finding at the document that ran out of time, which names the limit and
// how to raise it; what the rules found before stands, and the other files
// are linted in full. The test asserts outcomes, not durations.
func TestFileTimeout(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"spin-policy.json": `{"Version": "2012-10-17", "Statement": [{"Sid": "spin", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}`,
		"ok-policy.json":   adminPolicy,
		// The template's own rules run first and find the trail unvalidated
		// and unencrypted; the role's inline policy (from line 10) is the
		// document that spins.
		"stack.yaml": `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: codebuild.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: spin
          PolicyDocument:
            Version: "2012-10-17"
            Statement: [{Sid: spin, Effect: Allow, Action: s3:GetObject, Resource: "arn:aws:s3:::b/*"}]
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      IsMultiRegionTrail: true
      S3BucketName: trail-bucket
`,
	})
	l, err := lint.New(context.Background(), lint.Options{Policies: []engine.Module{spinPolicy}, FileTimeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	// Compile the queries outside any file's time: preparing them on a
	// loaded machine under -race would eat into the first file's timeout.
	l.LintBytes(context.Background(), "warm-policy.json", []byte(adminPolicy))
	l.LintBytes(context.Background(), "warm.yaml", []byte("AWSTemplateFormatVersion: \"2010-09-09\"\nResources: {}\n"))
	res := lintDir(t, l, dir)
	got := map[string][]string{}
	for _, f := range res.Findings {
		got[filepath.Base(f.File)] = append(got[filepath.Base(f.File)], f.Range.Start.String()+" "+f.Rule)
		if f.Rule == lint.Timeout && !strings.Contains(f.Message, "took longer than the 2s per-file timeout") || f.Rule == lint.Timeout && !strings.Contains(f.Message, "raise it with --file-timeout or limits.file-timeout in .rampart.yaml") {
			t.Errorf("%s: timeout message %q does not name the limit and how to raise it", f.File, f.Message)
		}
	}
	for file, want := range map[string][]string{
		"spin-policy.json": {"1:1 rampart/timeout"},
		"ok-policy.json":   {"4:35 iam/full-admin"},
		"stack.yaml":       {"10:13 rampart/timeout", "12:3 audit/cloudtrail-log-validation", "12:3 audit/cloudtrail-unencrypted"},
	} {
		if strings.Join(got[file], ", ") != strings.Join(want, ", ") {
			t.Errorf("%s: %v, want %v", file, got[file], want)
		}
	}
	if len(res.Errors) > 0 {
		t.Errorf("a timeout is a finding, not an error: %v", res.Errors)
	}
}

// TestLimitsConfigurable: every limit is read from the config's limits:, a
// value given to the linter (the command line) wins over it, and each limit
// hit is a finding that names the limit and how to raise it.
func TestLimitsConfigurable(t *testing.T) {
	deep := `{"Version": "2012-10-17", "Statement": [[[[[[[[{"Effect": "Allow", "Action": "*", "Resource": "*"}]]]]]]]]}`
	aliases := "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action: &a [s3:GetObject, s3:PutObject]\n    NotAction: [*a, *a, *a, *a, *a, *a, *a, *a]\n    Resource: '*'\n"
	files := map[string]string{"deep-policy.json": deep, "aliases-policy.yaml": aliases, "big-policy.json": adminPolicy + strings.Repeat(" ", 4096)}
	dir := writeFiles(t, files)

	cfg, err := config.Parse(filepath.Join(dir, ".rampart.yaml"), []byte("limits:\n  max-file-size: 4KiB\n  max-depth: 5\n  max-alias-nodes: 10\n  file-timeout: 1m\n"))
	if err != nil {
		t.Fatal(err)
	}
	wantHit := map[string]string{
		"deep-policy.json":    "nesting deeper than 5 levels; raise it with --max-depth or limits.max-depth in .rampart.yaml",
		"aliases-policy.yaml": "expand to more than 10 nodes; refusing to expand further (alias bomb?); raise it with --max-alias-nodes or limits.max-alias-nodes in .rampart.yaml",
		"big-policy.json":     "larger than the 4 KiB file size limit; it was not linted (raise it with --max-file-size or limits.max-file-size in .rampart.yaml)",
	}
	for _, tc := range []struct {
		name string
		opts lint.Options
		hit  map[string]bool // which files hit their limit
	}{
		{"defaults", lint.Options{}, map[string]bool{}},
		{"config", lint.Options{Config: cfg}, map[string]bool{"deep-policy.json": true, "aliases-policy.yaml": true, "big-policy.json": true}},
		{"options over config", lint.Options{Config: cfg, MaxFileSize: 1 << 20, Limits: source.Limits{MaxDepth: 100}}, map[string]bool{"aliases-policy.yaml": true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, err := lint.New(context.Background(), tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			res := lintDir(t, l, dir)
			byFile := map[string][]lint.Finding{}
			for _, f := range res.Findings {
				byFile[filepath.Base(f.File)] = append(byFile[filepath.Base(f.File)], f)
			}
			for file, msg := range wantHit {
				fs := byFile[file]
				hit := len(fs) == 1 && fs[0].Rule == lint.ParseError && strings.Contains(fs[0].Message, msg)
				if hit != tc.hit[file] {
					t.Errorf("%s: limit hit = %v, want %v:%s", file, hit, tc.hit[file], describe(fs))
				}
				if !hit && (len(fs) == 0 || fs[0].Rule == lint.ParseError) {
					t.Errorf("%s: linted within its limits, yet no rule finding:%s", file, describe(fs))
				}
			}
		})
	}
}
