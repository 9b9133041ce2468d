package main

import (
	"strings"
	"testing"
)

// The limits' flags reach the linter, win over the config's limits:, and a
// bad value is a usage error.
func TestLimitFlags(t *testing.T) {
	dir := t.TempDir()
	deep := write(t, dir, "deep-policy.json", `{"Version": "2012-10-17", "Statement": [[[[[[{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]]]]]]}`)
	big := write(t, dir, "big-policy.json", admin+strings.Repeat(" ", 2048))

	code, out, errOut := runCLI(t, "lint", "--color", "never", "--no-source", "--max-depth", "4", deep)
	if code != exitFindings || !strings.Contains(out, "deep-policy.json:1:43: high nesting deeper than 4 levels; raise it with --max-depth or limits.max-depth in .rampart.yaml [rampart/parse-error]") {
		t.Errorf("--max-depth 4: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = runCLI(t, "lint", "--color", "never", "--no-source", "--max-file-size", "2KiB", big)
	if code != exitFindings || !strings.Contains(out, "larger than the 2 KiB file size limit; it was not linted (raise it with --max-file-size or limits.max-file-size in .rampart.yaml)") {
		t.Errorf("--max-file-size 2KiB: exit %d\n%s%s", code, out, errOut)
	}

	// The config sets a limit; the flag overrides it.
	write(t, dir, ".rampart.yaml", "limits:\n  max-depth: 4\n")
	code, out, _ = runCLI(t, "lint", "--color", "never", "--no-source", deep)
	if code != exitFindings || !strings.Contains(out, "nesting deeper than 4 levels") {
		t.Errorf("config max-depth 4: exit %d\n%s", code, out)
	}
	code, out, errOut = runCLI(t, "lint", "--color", "never", "--no-source", "--max-depth", "50", deep)
	if strings.Contains(out, "nesting") || !strings.Contains(out, "[iam/invalid-policy]") {
		t.Errorf("--max-depth 50 over the config's 4: exit %d\n%s%s", code, out, errOut)
	}

	for flag, want := range map[string]string{
		"--max-file-size=lots":  `--max-file-size: invalid size "lots"`,
		"--max-depth=0":         "--max-depth: must be more than 0",
		"--max-alias-nodes=-5":  `--max-alias-nodes: want a whole number above 0, not "-5"`,
		"--file-timeout=0s":     "--file-timeout: duration must be more than 0",
		"--file-timeout=soon":   `--file-timeout: invalid duration "soon"`,
		"--max-depth=123456789": "--max-depth: 123456789 is above the highest nesting rampart can parse safely",
	} {
		code, _, errOut := runCLI(t, "lint", flag, deep)
		if code != exitError || !strings.Contains(errOut, want) {
			t.Errorf("%s: exit %d, stderr %q, want exit 2 saying %q", flag, code, errOut, want)
		}
	}
}
