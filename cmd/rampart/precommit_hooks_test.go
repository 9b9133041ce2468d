package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/rampart-lint/rampart/lint/kind"
)

// preCommitHook is the part of a .pre-commit-hooks.yaml entry these tests read.
type preCommitHook struct {
	ID            string   `yaml:"id"`
	Language      string   `yaml:"language"`
	Entry         string   `yaml:"entry"`
	Files         string   `yaml:"files"`
	PassFilenames *bool    `yaml:"pass_filenames"`
	AlwaysRun     bool     `yaml:"always_run"`
	Types         []string `yaml:"types"`
	TypesOr       []string `yaml:"types_or"`
}

func readPreCommitHooks(t *testing.T) map[string]preCommitHook {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var hooks []preCommitHook
	if err := yaml.Unmarshal(b, &hooks); err != nil {
		t.Fatalf(".pre-commit-hooks.yaml: %v", err)
	}
	byID := map[string]preCommitHook{}
	for _, h := range hooks {
		byID[h.ID] = h
	}
	return byID
}

// TestPreCommitHookSelectsWhatAWalkReads: the staged-files hook hands rampart
// exactly the files a directory walk would open (kind.Candidate), so a new
// kind's extension cannot be forgotten in one of the two places.
func TestPreCommitHookSelectsWhatAWalkReads(t *testing.T) {
	h, ok := readPreCommitHooks(t)["rampart"]
	if !ok {
		t.Fatal(`.pre-commit-hooks.yaml has no "rampart" hook`)
	}
	if h.Language != "golang" || len(h.Types) > 0 || len(h.TypesOr) > 0 {
		t.Errorf("hook: language %q, types %v, types_or %v; want golang and the selection by files: alone", h.Language, h.Types, h.TypesOr)
	}
	if h.PassFilenames != nil && !*h.PassFilenames {
		t.Error("the rampart hook must be passed the staged files")
	}
	if f := strings.Fields(h.Entry); len(f) < 2 || f[0] != "rampart" || f[1] != "lint" || !slices.Contains(f, "--skip-unknown") {
		t.Errorf("entry %q: want rampart lint --skip-unknown", h.Entry)
	}
	// pre-commit matches files: with Python's re.search; this pattern uses
	// nothing whose meaning differs in Go's regexp.
	re, err := regexp.Compile(h.Files)
	if err != nil {
		t.Fatalf("files: %q: %v", h.Files, err)
	}
	for _, name := range []string{
		"policy.json", "deploy/ROLE.JSON", ".github/workflows/ci.yml", "buildspec.yaml", ".gitlab-ci.yml",
		"infra/main.tf", "template.Yaml", "stack.tf.json", ".devramps/app/pipeline.yaml",
		"README.md", "vars.tfvars", "terragrunt.hcl", "settings.jsonc", "data.json5", "policy.json.bak",
		"package-lock.json", "yarn.lock", "Pipfile", "go.mod", "Makefile", "json", "a.ymlx",
	} {
		if got, want := re.MatchString(name), kind.Candidate(filepath.Base(name)); got != want {
			t.Errorf("files: %q matches %s: %v; a walk reads it: %v", h.Files, name, got, want)
		}
	}
}

// TestPreCommitHookAll: the whole-repository variant lints the tree itself.
func TestPreCommitHookAll(t *testing.T) {
	h, ok := readPreCommitHooks(t)["rampart-all"]
	if !ok {
		t.Fatal(`.pre-commit-hooks.yaml has no "rampart-all" hook`)
	}
	if h.Language != "golang" || h.PassFilenames == nil || *h.PassFilenames || !h.AlwaysRun {
		t.Errorf("rampart-all: %+v; want golang, pass_filenames: false, always_run: true", h)
	}
	if f := strings.Fields(h.Entry); len(f) != 2 || f[0] != "rampart" || f[1] != "lint" {
		t.Errorf("rampart-all entry %q: want rampart lint (the current directory: the repository's root)", h.Entry)
	}
}
