//go:build e2e

// The pre-commit end-to-end test runs with -tags e2e (as .ci/run does), so
// that the plain test command needs no pre-commit installed.

package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rampart-lint/rampart/lint"
)

// TestPreCommitEndToEnd installs the hooks of .pre-commit-hooks.yaml with the
// real pre-commit (Debian's 3.0 or newer) into a throw-away repository, which
// builds rampart from a snapshot of this working tree with `go install`, and
// commits through them:
//
//  1. hook rampart: a staged IAM policy with "Action": "*" refuses the commit
//     with rampart's findings, the ones the lint library gives for the file;
//     a package.json and a tsconfig.json with comments, staged beside it, are
//     not mentioned;
//  2. the policy scoped, the same files commit;
//  3. hook rampart-all: the whole tree is linted, and the package.json
//     committed in 2 without its lockfile refuses the next commit;
//  4. with the lockfile, it commits.
//
// Without pre-commit the test fails (.ci/run installs it: apt-get install -y
// pre-commit); the e2e build tag is what keeps it out of the plain test run.
func TestPreCommitEndToEnd(t *testing.T) {
	preCommit, err := exec.LookPath("pre-commit")
	if err != nil {
		t.Fatal("pre-commit is not installed: this end-to-end test drives the real one (apt-get install -y pre-commit; .ci/run does)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	tmp := t.TempDir()
	env := preCommitEnv(t, ctx, tmp)
	sh := func(dir string, args ...string) string {
		t.Helper()
		cmd := exec.CommandContext(ctx, args[0], args[1:]...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return strings.TrimSpace(string(out))
	}

	// The hook repository: this working tree as it is, uncommitted changes
	// included, committed in a repository of its own (nothing is written to
	// this one). In CI's clean checkout that is the commit under test.
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	hookRepo := filepath.Join(tmp, "rampart")
	sh(tmp, "git", "init", "-q", hookRepo)
	gitDir := "--git-dir=" + filepath.Join(hookRepo, ".git")
	sh(root, "git", gitDir, "--work-tree="+root, "add", "-A")
	sh(root, "git", gitDir, "--work-tree="+root, "commit", "-q", "-m", "snapshot under test")
	rev := sh(root, "git", gitDir, "rev-parse", "HEAD")

	work := filepath.Join(tmp, "work")
	sh(tmp, "git", "init", "-q", work)
	useHook := func(id string) {
		t.Helper()
		cfg := fmt.Sprintf("repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: %s\n", hookRepo, rev, id)
		writeFile(t, filepath.Join(work, ".pre-commit-config.yaml"), cfg)
	}
	useHook("rampart")
	sh(work, preCommit, "install")

	// commit stages everything and commits; it returns what git and the
	// hooks printed, and whether the commit was made.
	commit := func(msg string) (string, bool) {
		t.Helper()
		sh(work, "git", "add", "-A")
		before := headOf(ctx, work, env)
		cmd := exec.CommandContext(ctx, "git", "commit", "-m", msg)
		cmd.Dir, cmd.Env = work, env
		start := time.Now()
		b, err := cmd.CombinedOutput()
		out := string(b)
		t.Logf("commit %q: %v in %s\n%s", msg, err, time.Since(start).Round(time.Millisecond), out)
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			t.Fatalf("git commit: %v\n%s", err, out)
		}
		after := headOf(ctx, work, env)
		if made := after != before; made != (err == nil) {
			t.Fatalf("git commit exited with %v but HEAD went from %q to %q\n%s", err, before, after, out)
		}
		return out, err == nil
	}

	// 1. A bad policy, staged with files that are not rampart's.
	const policy = "deploy/policy.json"
	bad := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"*\",\n      \"Resource\": \"*\"\n    }\n  ]\n}\n"
	writeFile(t, filepath.Join(work, policy), bad)
	writeFile(t, filepath.Join(work, "package.json"), `{"name": "app", "dependencies": {"left-pad": "1.3.0"}}`+"\n")
	writeFile(t, filepath.Join(work, "tsconfig.json"), "{\n  // comments: not JSON, not rampart's\n  \"compilerOptions\": {\"strict\": true}\n}\n")
	writeFile(t, filepath.Join(work, "README.md"), "# app\n")
	out, ok := commit("bad policy")
	if ok {
		t.Fatalf("a policy granting every action was committed:\n%s", out)
	}
	mustMatch(t, out, `(?m)^rampart\.+Failed$`)
	linter, err := lint.New(ctx, lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := expectedFindings(t, ctx, linter, policy, bad)
	if !strings.Contains(want, "[iam/full-admin]") {
		t.Fatalf("the lint library no longer reports iam/full-admin for the bad policy; expected lines:\n%s", want)
	}
	for _, line := range strings.Split(want, "\n") {
		mustMatch(t, out, `(?m)^`+regexp.QuoteMeta(line)+`$`)
	}
	for _, quiet := range []string{"package.json", "tsconfig.json", "README.md", "skipped", "parse-error"} {
		if strings.Contains(out, quiet) {
			t.Errorf("the hook's output mentions %q; files that are not rampart's must pass silently:\n%s", quiet, out)
		}
	}

	// 2. The policy scoped: the commit passes, the unknown files with it,
	// and the per-file hook does not look for lockfiles.
	writeFile(t, filepath.Join(work, policy), "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"s3:GetObject\",\n      \"Resource\": \"arn:aws:s3:::app-artifacts/*\"\n    }\n  ]\n}\n")
	out, ok = commit("scoped policy")
	if !ok {
		t.Fatalf("the scoped policy was refused:\n%s", out)
	}
	mustMatch(t, out, `(?m)^rampart\.+Passed$`)
	committed := sh(work, "git", "show", "--name-only", "--format=", "HEAD")
	for _, f := range []string{policy, "package.json", "tsconfig.json", "README.md"} {
		if !strings.Contains("\n"+committed+"\n", "\n"+f+"\n") {
			t.Errorf("%s is not in the commit:\n%s", f, committed)
		}
	}

	// 3. The whole-repository hook sees the package.json without a lockfile.
	useHook("rampart-all")
	out, ok = commit("switch to rampart-all")
	if ok {
		t.Fatalf("rampart-all let a package.json without a lockfile through:\n%s", out)
	}
	mustMatch(t, out, `(?m)^rampart \(whole repository\)\.+Failed$`)
	mustMatch(t, out, `(?m)^package\.json:1:1: `+ruleSeverity(t, linter, "supply-chain/missing-lockfile")+` .*\[supply-chain/missing-lockfile\]$`)
	if strings.Contains(out, "tsconfig.json") {
		t.Errorf("rampart-all mentions tsconfig.json:\n%s", out)
	}

	// 4. With the lockfile, it commits.
	writeFile(t, filepath.Join(work, "package-lock.json"), `{"name": "app", "lockfileVersion": 3, "requires": true, "packages": {}}`+"\n")
	out, ok = commit("lockfile")
	if !ok {
		t.Fatalf("rampart-all refused a tree with no finding:\n%s", out)
	}
	mustMatch(t, out, `(?m)^rampart \(whole repository\)\.+Passed$`)
}

// preCommitEnv isolates pre-commit and git from the machine's settings (no
// global git config, hooks path or GIT_DIR from a calling hook; the hook
// environments in tmp) while the Go toolchain keeps its module and build
// caches, so that the hook's `go install` downloads and compiles only what
// changed: its dependencies, compiled by earlier builds and go vet, are
// cache hits; rampart's own packages are compiled again, in the temporary
// directory pre-commit clones them into.
func preCommitEnv(t *testing.T, ctx context.Context, tmp string) []string {
	t.Helper()
	caches, err := exec.CommandContext(ctx, "go", "env", "GOMODCACHE", "GOCACHE").Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	dirs := strings.Split(strings.TrimSpace(string(caches)), "\n")
	if len(dirs) != 2 {
		t.Fatalf("go env GOMODCACHE GOCACHE: %q", caches)
	}
	gitconfig := filepath.Join(tmp, "gitconfig")
	writeFile(t, gitconfig, "[user]\n\tname = rampart e2e\n\temail = e2e@example.invalid\n[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n")
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GIT_") && !strings.HasPrefix(kv, "PRE_COMMIT") {
			env = append(env, kv)
		}
	}
	return append(env,
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_CONFIG_GLOBAL="+gitconfig,
		"PRE_COMMIT_HOME="+filepath.Join(tmp, "pre-commit-home"),
		"PRE_COMMIT_COLOR=never",
		"NO_COLOR=1",
		"GOMODCACHE="+dirs[0],
		"GOCACHE="+dirs[1],
	)
}

// headOf returns the commit HEAD names, or "" before the first one.
func headOf(ctx context.Context, dir string, env []string) string {
	cmd := exec.CommandContext(ctx, "git", "rev-parse", "--verify", "-q", "HEAD")
	cmd.Dir, cmd.Env = dir, env
	out, _ := cmd.Output()
	return strings.TrimSpace(string(out))
}

// expectedFindings returns the first line rampart's text report prints for
// each finding the lint library gives for src as the file name.
func expectedFindings(t *testing.T, ctx context.Context, l *lint.Linter, name, src string) string {
	t.Helper()
	fr := l.LintBytes(ctx, name, []byte(src))
	if fr.Err != nil || len(fr.Findings) == 0 {
		t.Fatalf("lint library on %s: %v, %d findings", name, fr.Err, len(fr.Findings))
	}
	var lines []string
	for _, f := range fr.Findings {
		lines = append(lines, fmt.Sprintf("%s:%d:%d: %s %s [%s]", f.File, f.Range.Start.Line, f.Range.Start.Column, f.Severity, f.Message, f.Rule))
	}
	return strings.Join(lines, "\n")
}

func ruleSeverity(t *testing.T, l *lint.Linter, id string) string {
	t.Helper()
	for _, r := range l.Rules() {
		if r.ID == id {
			return r.Severity.String()
		}
	}
	t.Fatalf("no rule %s", id)
	return ""
}

func mustMatch(t *testing.T, out, pattern string) {
	t.Helper()
	if !regexp.MustCompile(pattern).MatchString(out) {
		t.Fatalf("output does not match %s:\n%s", pattern, out)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
