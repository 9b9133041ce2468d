package lint

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/rampart-lint/rampart/lint/engine"
	"github.com/rampart-lint/rampart/lint/kind"
)

// repository builds the repository view of one walked directory: its
// dependency manifests and lockfiles, with what rules need to know of each
// (does the manifest declare dependencies at all, which tool a pyproject.toml
// is for). Rules of kind "repository" see
//
//	{"root": "<dir as given>", "files": [{"path", "dir", "name", "dependencies", "tool"}]}
//
// with paths relative to the root, slash-separated.
func (l *Linter) repository(ctx context.Context, root string, files []string) FileResult {
	sort.Strings(files)
	entries := make([]any, 0, len(files))
	for _, f := range files {
		rel, err := filepath.Rel(root, f)
		if err != nil {
			continue
		}
		rel = filepath.ToSlash(rel)
		deps, tool := manifestFacts(f)
		entries = append(entries, map[string]any{
			"path": rel, "dir": path.Dir(rel), "name": path.Base(rel),
			"dependencies": deps, "tool": tool,
		})
	}
	doc := map[string]any{"root": filepath.ToSlash(root), "files": entries}
	vs, err := l.engine.Eval(ctx, kind.Repository, engine.Input(doc))
	var findings []Finding
	for _, v := range vs {
		file := root
		if len(v.Path) >= 2 && v.Path[0] == "files" {
			if i, ok := v.Path[1].(int); ok && i < len(files) {
				file = files[i]
			}
		}
		r := l.rules[v.Rule]
		findings = append(findings, Finding{
			Rule:        v.Rule,
			Severity:    l.severity(v.Rule, r.Severity),
			Kind:        kind.Repository,
			File:        file,
			Message:     v.Msg,
			Remediation: r.Remediation,
			// A finding about a whole file sits at its start.
			Range:     Range{Start: Position{Line: 1, Column: 1}, End: Position{Line: 1, Column: 1}},
			Docs:      r.DocsURL(),
			Sensitive: r.Sensitive,
		})
	}
	if err != nil {
		err = fmt.Errorf("%s (repository checks): %w", root, err)
	}
	fr := l.finish(root, nil, findings, err)
	fr.Repository = true
	return fr
}

// manifestFacts reads what a manifest declares. A manifest that declares no
// dependencies needs no lockfile; when in doubt (unreadable, malformed), it
// is taken to declare some.
func manifestFacts(file string) (deps bool, tool string) {
	f, err := os.Open(file)
	if err != nil {
		return true, ""
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, 1<<20))
	if err != nil {
		return true, ""
	}
	switch filepath.Base(file) {
	case "package.json":
		var pkg map[string]json.RawMessage
		if json.Unmarshal(src, &pkg) != nil {
			return true, "npm"
		}
		for _, k := range []string{"dependencies", "devDependencies", "optionalDependencies"} {
			var m map[string]any
			if raw, ok := pkg[k]; ok && (json.Unmarshal(raw, &m) != nil || len(m) > 0) {
				return true, "npm"
			}
		}
		return false, "npm"
	case "go.mod":
		for _, line := range strings.Split(string(src), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "require") {
				return true, "go"
			}
		}
		return false, "go"
	case "pyproject.toml":
		if bytes.Contains(src, []byte("[tool.poetry")) {
			return true, "poetry"
		}
		return true, ""
	case "Pipfile":
		return true, "pipenv"
	}
	return true, ""
}
