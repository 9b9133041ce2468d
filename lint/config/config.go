// Package config reads .rampart.yaml: which rules run and at what severity,
// their settings, which files are excluded or forced to a kind, and which
// findings are ignored in files that cannot carry a suppression comment.
package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/rampart-lint/rampart/lint/rule"
	"github.com/rampart-lint/rampart/lint/source"
)

// FileName is the config file rampart looks for.
const FileName = ".rampart.yaml"

// Config is a loaded .rampart.yaml.
type Config struct {
	// File is where the config was read from; empty for the zero config.
	File string
	// Dir is the directory that relative globs are resolved against.
	Dir string
	// Rules holds per-rule overrides by id.
	Rules map[string]RuleConfig
	// Settings reach Rego as data.rampart.config.
	Settings map[string]any
	// Exclude lists globs (relative to Dir) of files and directories to skip.
	Exclude []string
	// Kinds forces a kind on files matching a glob; the first match wins,
	// in the order of the file.
	Kinds []KindGlob
	// FailOn is the lowest severity that makes lint exit 1, if set.
	FailOn *rule.Severity
	// Policies are directories of custom Rego rules, made absolute against Dir.
	Policies []string
	// Ignores are the ignore: entries, in the order of the file.
	Ignores []Ignore
	// Limits bound the work one file can cause (limits.go).
	Limits Limits

	// ruleKeys are the rule ids of Rules in file order with their
	// positions, so that Validate names the first bad one and where it is.
	ruleKeys []ruleKey
}

type ruleKey struct {
	id  string
	pos source.Position
}

// RuleConfig overrides one rule.
type RuleConfig struct {
	Disabled bool
	Severity *rule.Severity
}

// KindGlob forces Kind on files matching Glob.
type KindGlob struct {
	Glob string
	Kind string
}

// Error is a problem in a config file, with its position when known.
// Line and Column are 1-based; Column counts code points.
type Error struct {
	File   string
	Line   int
	Column int
	Msg    string
}

func (e *Error) Error() string {
	switch {
	case e.Line > 0 && e.Column > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Find looks for .rampart.yaml in dir and its parents and returns its path,
// or "" if there is none.
func Find(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(abs, FileName)
		if info, err := os.Stat(p); err == nil && !info.IsDir() {
			return p, nil
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return "", nil
		}
		abs = parent
	}
}

// Load reads and validates a config file.
func Load(path string) (*Config, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, src)
}

// Validate checks rule ids, in rules: and in ignore: entries, against the
// rules that exist, so that a typo is an error rather than an override or
// an exception that silently does nothing. An ignore entry's rule may be a
// glob (iam/*); it is checked when it names no glob.
func (c *Config) Validate(known func(id string) bool) error {
	for _, k := range c.ruleKeys {
		if !known(k.id) {
			return c.errAt(k.pos, fmt.Sprintf("rules: unknown rule %q (see `rampart rules`)", k.id))
		}
	}
	for i, ig := range c.Ignores {
		if !isGlob(ig.Rule) && !known(ig.Rule) {
			return c.errAt(ig.RulePos, fmt.Sprintf("ignore[%d].rule: unknown rule %q (see `rampart rules`)", i, ig.Rule))
		}
	}
	return nil
}

func (c *Config) errAt(p source.Position, msg string) *Error {
	return &Error{File: c.File, Line: p.Line, Column: p.Column, Msg: msg}
}

func isGlob(s string) bool { return strings.ContainsAny(s, `*?[\`) }

// Excluded reports whether a path (absolute or relative to the working
// directory) matches an exclude glob. Globs are relative to the config's
// directory; a glob also excludes everything below a matching directory.
func (c *Config) Excluded(p string) bool {
	rel, ok := c.rel(p)
	if !ok {
		return false
	}
	for _, g := range c.Exclude {
		if match(g, rel) {
			return true
		}
	}
	return false
}

// KindOf returns the kind forced on p by a kinds glob, or "".
func (c *Config) KindOf(p string) string {
	rel, ok := c.rel(p)
	if !ok {
		return ""
	}
	for _, kg := range c.Kinds {
		if match(kg.Glob, rel) {
			return kg.Kind
		}
	}
	return ""
}

func (c *Config) rel(p string) (string, bool) {
	if c == nil || c.Dir == "" {
		return "", false
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", false
	}
	rel, err := filepath.Rel(c.Dir, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

func match(glob, rel string) bool {
	if ok, _ := doublestar.Match(glob, rel); ok {
		return true
	}
	ok, _ := doublestar.Match(strings.TrimSuffix(glob, "/")+"/**", rel)
	return ok
}
