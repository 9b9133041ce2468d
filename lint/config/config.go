// Package config reads .rampart.yaml: which rules run and at what severity,
// their settings, which files are excluded or forced to a kind.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"gopkg.in/yaml.v3"

	"github.com/rampart-lint/rampart/lint/kind"
	"github.com/rampart-lint/rampart/lint/rule"
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
	// Kinds forces a kind on files matching a glob.
	Kinds []KindGlob
	// FailOn is the lowest severity that makes lint exit 1, if set.
	FailOn *rule.Severity
	// Policies are directories of custom Rego rules, made absolute against Dir.
	Policies []string
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

// Error is a problem in a config file, with its position.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
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

type raw struct {
	Rules    map[string]yaml.Node `yaml:"rules"`
	Settings map[string]any       `yaml:"settings"`
	Exclude  []string             `yaml:"exclude"`
	Kinds    map[string]string    `yaml:"kinds"`
	FailOn   string               `yaml:"fail-on"`
	Policies []string             `yaml:"policies"`
}

var yamlLine = regexp.MustCompile(`line (\d+): `)

// Parse validates config text read from path. Unknown keys, unknown rule
// options, bad severities and unknown kinds are errors with their line.
func Parse(path string, src []byte) (*Config, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	c := &Config{File: path, Dir: filepath.Dir(abs), Rules: map[string]RuleConfig{}, Settings: map[string]any{}}
	if len(bytes.TrimSpace(src)) == 0 {
		return c, nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	dec.KnownFields(true)
	var r raw
	if err := dec.Decode(&r); err != nil {
		return nil, decodeError(path, err)
	}
	for id, n := range r.Rules {
		rc, err := ruleConfig(n)
		if err != nil {
			return nil, &Error{File: path, Line: n.Line, Msg: fmt.Sprintf("rules.%s: %v", id, err)}
		}
		c.Rules[id] = rc
	}
	for k, v := range r.Settings {
		c.Settings[k] = v
	}
	for _, g := range r.Exclude {
		if !doublestar.ValidatePattern(g) {
			return nil, &Error{File: path, Msg: fmt.Sprintf("exclude: invalid glob %q", g)}
		}
		c.Exclude = append(c.Exclude, g)
	}
	for g, k := range r.Kinds {
		if !doublestar.ValidatePattern(g) {
			return nil, &Error{File: path, Msg: fmt.Sprintf("kinds: invalid glob %q", g)}
		}
		if !kind.Known(k) {
			return nil, &Error{File: path, Msg: fmt.Sprintf("kinds: %q: unknown kind %q (known: %s)", g, k, strings.Join(kind.All(), ", "))}
		}
		c.Kinds = append(c.Kinds, KindGlob{Glob: g, Kind: k})
	}
	if r.FailOn != "" {
		s, err := rule.ParseSeverity(r.FailOn)
		if err != nil {
			return nil, &Error{File: path, Msg: "fail-on: " + err.Error()}
		}
		c.FailOn = &s
	}
	for _, d := range r.Policies {
		if strings.TrimSpace(d) == "" {
			return nil, &Error{File: path, Msg: "policies: empty directory name"}
		}
		if !filepath.IsAbs(d) {
			d = filepath.Join(c.Dir, d)
		}
		c.Policies = append(c.Policies, d)
	}
	return c, nil
}

func decodeError(path string, err error) error {
	var te *yaml.TypeError
	msg := err.Error()
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	line := 0
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		fmt.Sscan(m[1], &line)
		msg = msg[strings.Index(msg, m[0])+len(m[0]):]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	if f, ok := strings.CutPrefix(msg, "field "); ok {
		if name, _, found := strings.Cut(f, " not found"); found {
			msg = fmt.Sprintf("unknown key %q (known: rules, settings, exclude, kinds, fail-on, policies)", name)
		}
	}
	return &Error{File: path, Line: line, Msg: msg}
}

// ruleConfig accepts the shorthand forms "off", "on" and a severity name, and
// the long form {enabled: bool, severity: name}.
func ruleConfig(n yaml.Node) (RuleConfig, error) {
	var rc RuleConfig
	switch n.Kind {
	case yaml.ScalarNode:
		switch strings.ToLower(n.Value) {
		case "off", "false", "disabled":
			rc.Disabled = true
		case "on", "true", "enabled":
		default:
			s, err := rule.ParseSeverity(n.Value)
			if err != nil {
				return rc, fmt.Errorf("want off, on, a severity, or {enabled, severity}: %v", err)
			}
			rc.Severity = &s
		}
		return rc, nil
	case yaml.MappingNode:
		var long struct {
			Enabled  *bool  `yaml:"enabled"`
			Severity string `yaml:"severity"`
		}
		// Decode the node strictly so a misspelled option is an error.
		var buf bytes.Buffer
		enc := yaml.NewEncoder(&buf)
		if err := enc.Encode(&n); err != nil {
			return rc, err
		}
		dec := yaml.NewDecoder(&buf)
		dec.KnownFields(true)
		if err := dec.Decode(&long); err != nil {
			msg := err.Error()
			if i := strings.LastIndex(msg, "field "); i >= 0 {
				msg = msg[i:]
			}
			return rc, fmt.Errorf("%s (known: enabled, severity)", strings.TrimPrefix(msg, "yaml: "))
		}
		if long.Enabled != nil && !*long.Enabled {
			rc.Disabled = true
		}
		if long.Severity != "" {
			s, err := rule.ParseSeverity(long.Severity)
			if err != nil {
				return rc, err
			}
			rc.Severity = &s
		}
		return rc, nil
	}
	return rc, errors.New("want off, on, a severity, or {enabled, severity}")
}

// Validate checks rule ids against the rules that exist, so that a typo in a
// rule id is an error rather than a silently ignored override.
func (c *Config) Validate(known func(id string) bool) error {
	for id := range c.Rules {
		if !known(id) {
			return &Error{File: c.File, Msg: fmt.Sprintf("rules: unknown rule %q (see `rampart rules`)", id)}
		}
	}
	return nil
}

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
	if err != nil || strings.HasPrefix(rel, "..") {
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
