package baseline_test

import (
	"context"
	"fmt"
	"os"

	"github.com/rampart-lint/rampart/lint"
	"github.com/rampart-lint/rampart/lint/baseline"
)

// Record a policy's findings, then lint an edited version: the finding that
// moved down three lines is still baselined, the added one is new.
func Example() {
	ctx := context.Background()
	l, err := lint.New(ctx, lint.Options{})
	if err != nil {
		panic(err)
	}
	before := `{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]
}`
	after := `{
  "Version": "2012-10-17",
  "Id": "deploy",

  "Statement": [
    {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"},
    {"Effect": "Allow", "Action": "*", "Resource": "*"}
  ]
}`
	// Entries name files relative to the baseline file's directory.
	b, err := baseline.New("rampart-baseline.json")
	if err != nil {
		panic(err)
	}
	for _, f := range l.LintBytes(ctx, "deploy-policy.json", []byte(before)).Findings {
		b.Add(f)
	}
	b.WriteTo(os.Stdout) // b.Save() writes the file itself

	m := b.Matcher()
	for _, f := range l.LintBytes(ctx, "deploy-policy.json", []byte(after)).Findings {
		state := "new"
		if m.Match(f) {
			state = "baselined"
		}
		fmt.Printf("%s %s at %s: %s\n", f.Range.Start, f.Rule, f.Path, state)
	}
	// Output:
	// {
	//   "version": 1,
	//   "tool": "rampart",
	//   "findings": [
	//     {"rule": "iam/passrole-unrestricted", "file": "deploy-policy.json", "path": "Statement[0].Action"}
	//   ]
	// }
	// 6:35 iam/passrole-unrestricted at Statement[0].Action: baselined
	// 7:35 iam/full-admin at Statement[1].Action: new
}
