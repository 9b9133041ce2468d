package lint

import (
	"context"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// A template with many embedded policies gives the same findings whether its
// documents are evaluated on one CPU or several, and leaves no CPU claimed.
func TestEvalAllParallelSameFindings(t *testing.T) {
	var b strings.Builder
	b.WriteString("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n")
	for i := 0; i < 40; i++ {
		action, resource := "s3:GetObject", fmt.Sprintf("arn:aws:s3:::bucket-%d/*", i)
		if i%3 == 0 {
			action, resource = "s3:*", "*"
		}
		fmt.Fprintf(&b, `  Role%d:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {Service: codebuild.amazonaws.com}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: p%d
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: %s
                Resource: %q
`, i, i, action, resource)
	}
	src := []byte(b.String())
	ctx := context.Background()
	lintWith := func(procs int) FileResult {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		l, err := New(ctx, Options{})
		if err != nil {
			t.Fatal(err)
		}
		fr := l.LintBytes(ctx, "template.yaml", src)
		if n := l.busy.Load(); n != 0 {
			t.Errorf("GOMAXPROCS %d: %d CPUs still claimed after the lint", procs, n)
		}
		return fr
	}
	one, many := lintWith(1), lintWith(4)
	if one.Err != nil || many.Err != nil {
		t.Fatalf("errors: %v, %v", one.Err, many.Err)
	}
	if len(one.Findings) < 14 {
		t.Fatalf("%d findings, want at least one per s3:* policy", len(one.Findings))
	}
	if !reflect.DeepEqual(one, many) {
		t.Errorf("findings differ between one CPU and four:\n%v\n%v", one.Findings, many.Findings)
	}
}

func TestClaimCPU(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	l := &Linter{}
	if !l.claimCPU() || !l.claimCPU() {
		t.Fatal("two CPUs free, a claim failed")
	}
	if l.claimCPU() {
		t.Error("a third CPU was claimed with GOMAXPROCS 2")
	}
	l.busy.Add(-1)
	if !l.claimCPU() {
		t.Error("a released CPU could not be claimed again")
	}
}
