package lint_test

import (
	"context"
	"fmt"

	"github.com/rampart-lint/rampart/lint"
)

// Lint an in-memory IAM policy, as an editor does with an unsaved buffer.
func ExampleLinter_LintBytes() {
	ctx := context.Background()
	l, err := lint.New(ctx, lint.Options{})
	if err != nil {
		panic(err)
	}
	policy := []byte(`{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "iam:PassRole",
    "Resource": "arn:aws:iam::123456789012:role/deploy"
  }]
}`)
	fr := l.LintBytes(ctx, "deploy-policy.json", policy)
	for _, f := range fr.Findings {
		fmt.Printf("%s:%s %s %s at %s\n", f.File, f.Range.Start, f.Severity, f.Rule, f.Path)
	}
	// Output:
	// deploy-policy.json:5:15 high iam/passrole-unrestricted at Statement[0].Action
}

// Severities order findings; a run fails on those at or above a threshold.
func ExampleParseSeverity() {
	s, _ := lint.ParseSeverity("medium")
	fmt.Println(s, s >= lint.Low, s >= lint.High)
	// Output: medium true false
}
