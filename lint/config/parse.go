package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"gopkg.in/yaml.v3"

	"github.com/rampart-lint/rampart/lint/kind"
	"github.com/rampart-lint/rampart/lint/rule"
	"github.com/rampart-lint/rampart/lint/source"
)

// Keys are the top-level keys of a config, in the order the docs list them.
var Keys = []string{"fail-on", "rules", "settings", "exclude", "kinds", "policies", "ignore", "limits"}

// ruleOptionKeys are the keys of a rule's long form.
var ruleOptionKeys = []string{"enabled", "severity"}

// ruleIDPattern is the form of a rule id: category/name.
var ruleIDPattern = regexp.MustCompile(`^[^\s/]+/[^\s/]+$`)

// Parse validates config text read from path. Every problem is an *Error
// with the line and column of the offending key or value: syntax errors,
// unknown keys, values of the wrong type, bad globs, unknown kinds, bad
// severities and malformed ignore entries.
func Parse(path string, src []byte) (*Config, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	c := &Config{File: path, Dir: filepath.Dir(abs), Rules: map[string]RuleConfig{}, Settings: map[string]any{}}
	p := &parser{c: c, lines: source.NewLines(src)}

	// The source package's YAML reader positions syntax errors precisely,
	// rejects duplicate keys and invalid UTF-8, and bounds alias expansion
	// and nesting, so the walk below only meets well-formed, bounded YAML.
	docs, err := source.Parse(path, src, source.YAML, source.Limits{})
	if err != nil {
		var se *source.Error
		if errors.As(err, &se) {
			return nil, p.errAt(se.Range.Start, se.Msg)
		}
		return nil, &Error{File: path, Msg: err.Error()}
	}
	if len(docs) == 0 {
		return c, nil
	}
	if len(docs) > 1 {
		return nil, p.errAt(docs[1].Root.Value.Start, "a config file holds one YAML document; this is a second one")
	}
	root, err := nthDocument(src, docs[0].Index)
	if err != nil {
		return nil, &Error{File: path, Msg: err.Error()}
	}
	if err := p.top(root); err != nil {
		return nil, err
	}
	return c, nil
}

// nthDocument decodes the i-th (0-based) document of a YAML stream.
func nthDocument(src []byte, i int) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	for n := 0; ; n++ {
		var doc yaml.Node
		if err := dec.Decode(&doc); err != nil {
			if errors.Is(err, io.EOF) {
				return nil, errors.New("config document not found")
			}
			return nil, err
		}
		if n == i {
			if len(doc.Content) == 0 {
				return nil, errors.New("config document is empty")
			}
			return doc.Content[0], nil
		}
	}
}

type parser struct {
	c     *Config
	lines *source.Lines
}

// pos is the position of a node, clamped into the file: yaml.v3 counts
// columns in code points like source.Lines does.
func (p *parser) pos(n *yaml.Node) source.Position {
	return p.lines.Pos(n.Line, n.Column)
}

func (p *parser) errAt(pos source.Position, msg string) *Error {
	return &Error{File: p.c.File, Line: pos.Line, Column: pos.Column, Msg: msg}
}

func (p *parser) errf(n *yaml.Node, format string, args ...any) *Error {
	return p.errAt(p.pos(n), fmt.Sprintf(format, args...))
}

// deref follows aliases. The source package has bounded their expansion
// already, and a chain of aliases cannot loop in a document that parsed.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 100; i++ {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	n = deref(n)
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// describe names what a node holds, for "want X, got Y" messages.
func describe(n *yaml.Node) string {
	n = deref(n)
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "nothing"
		case "!!bool":
			return "a boolean"
		case "!!int", "!!float":
			return "a number"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "something else"
}

// pairs returns a mapping's key and value nodes, or an error naming what
// was wanted instead.
func (p *parser) pairs(where string, n *yaml.Node, want string) ([][2]*yaml.Node, error) {
	m := deref(n)
	if m.Kind != yaml.MappingNode {
		return nil, p.errf(n, "%s: want %s, got %s", where, want, describe(n))
	}
	out := make([][2]*yaml.Node, 0, len(m.Content)/2)
	for i := 0; i+1 < len(m.Content); i += 2 {
		out = append(out, [2]*yaml.Node{m.Content[i], m.Content[i+1]})
	}
	return out, nil
}

// items returns a list's elements.
func (p *parser) items(where string, n *yaml.Node, want string) ([]*yaml.Node, error) {
	s := deref(n)
	if s.Kind != yaml.SequenceNode {
		return nil, p.errf(n, "%s: want %s, got %s", where, want, describe(n))
	}
	return s.Content, nil
}

// str returns a scalar's text; a mapping, list or null is an error.
func (p *parser) str(where string, n *yaml.Node) (string, error) {
	s := deref(n)
	if s.Kind != yaml.ScalarNode || s.ShortTag() == "!!null" {
		return "", p.errf(n, "%s: want a string, got %s", where, describe(n))
	}
	return s.Value, nil
}

// key returns a mapping key's text. Keys that are not scalars ({a: 1}: x)
// are errors.
func (p *parser) key(where string, k *yaml.Node) (string, error) {
	s := deref(k)
	if s.Kind != yaml.ScalarNode {
		return "", p.errf(k, "%s: a key must be a string, got %s", where, describe(k))
	}
	return s.Value, nil
}

func (p *parser) top(root *yaml.Node) error {
	kvs, err := p.pairs("config", root, "a mapping of "+strings.Join(Keys, ", "))
	if err != nil {
		return err
	}
	for _, kv := range kvs {
		k, err := p.key("config", kv[0])
		if err != nil {
			return err
		}
		v := kv[1]
		if isNull(v) {
			// An empty key, its body commented out, sets nothing.
			continue
		}
		switch k {
		case "rules":
			err = p.rules(v)
		case "settings":
			err = p.settings(v)
		case "exclude":
			p.c.Exclude, err = p.globs(k, v)
		case "kinds":
			err = p.kinds(v)
		case "fail-on":
			err = p.failOn(v)
		case "policies":
			err = p.policies(v)
		case "ignore":
			err = p.ignores(v)
		case "limits":
			p.c.Limits, err = p.limits(v)
		default:
			err = p.errf(kv[0], "unknown key %q (known: %s)", k, strings.Join(Keys, ", "))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (p *parser) rules(n *yaml.Node) error {
	kvs, err := p.pairs("rules", n, "a mapping of rule id to off, on, a severity, or {enabled, severity}")
	if err != nil {
		return err
	}
	for _, kv := range kvs {
		id, err := p.key("rules", kv[0])
		if err != nil {
			return err
		}
		if !ruleIDPattern.MatchString(id) {
			return p.errf(kv[0], "rules: %q is not a rule id (category/name, as `rampart rules` lists them)", id)
		}
		rc, err := p.ruleConfig("rules."+id, kv[1])
		if err != nil {
			return err
		}
		p.c.Rules[id] = rc
		p.c.ruleKeys = append(p.c.ruleKeys, ruleKey{id: id, pos: p.pos(kv[0])})
	}
	return nil
}

// ruleConfig accepts the shorthand forms "off", "on" and a severity name, and
// the long form {enabled: bool, severity: name}.
func (p *parser) ruleConfig(where string, n *yaml.Node) (RuleConfig, error) {
	var rc RuleConfig
	const want = "want off, on, a severity, or {enabled, severity}"
	v := deref(n)
	switch v.Kind {
	case yaml.ScalarNode:
		if v.ShortTag() == "!!null" {
			return rc, p.errf(n, "%s: %s, got nothing", where, want)
		}
		switch strings.ToLower(v.Value) {
		case "off", "false", "disabled":
			rc.Disabled = true
		case "on", "true", "enabled":
		default:
			s, err := rule.ParseSeverity(v.Value)
			if err != nil {
				return rc, p.errf(n, "%s: %s: %v", where, want, err)
			}
			rc.Severity = &s
		}
		return rc, nil
	case yaml.MappingNode:
		kvs, _ := p.pairs(where, n, "")
		for _, kv := range kvs {
			k, err := p.key(where, kv[0])
			if err != nil {
				return rc, err
			}
			switch k {
			case "enabled":
				b, err := p.boolean(where+".enabled", kv[1])
				if err != nil {
					return rc, err
				}
				rc.Disabled = !b
			case "severity":
				s, err := p.severity(where+".severity", kv[1])
				if err != nil {
					return rc, err
				}
				rc.Severity = &s
			default:
				return rc, p.errf(kv[0], "%s: unknown option %q (known: %s)", where, k, strings.Join(ruleOptionKeys, ", "))
			}
		}
		return rc, nil
	}
	return rc, p.errf(n, "%s: %s, got %s", where, want, describe(n))
}

// boolean accepts YAML's true and false only: yes, no, on and off are
// strings in YAML 1.2, which editors validating against the schema follow.
func (p *parser) boolean(where string, n *yaml.Node) (bool, error) {
	v := deref(n)
	if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!bool" {
		var b bool
		if err := v.Decode(&b); err == nil {
			return b, nil
		}
	}
	return false, p.errf(n, "%s: want true or false, got %s", where, describe(n))
}

func (p *parser) severity(where string, n *yaml.Node) (rule.Severity, error) {
	s, err := p.str(where, n)
	if err != nil {
		return 0, err
	}
	sev, err := rule.ParseSeverity(s)
	if err != nil {
		return 0, p.errf(n, "%s: %v", where, err)
	}
	return sev, nil
}

func (p *parser) settings(n *yaml.Node) error {
	kvs, err := p.pairs("settings", n, "a mapping of setting name to value")
	if err != nil {
		return err
	}
	for _, kv := range kvs {
		k, err := p.key("settings", kv[0])
		if err != nil {
			return err
		}
		var v any
		if err := kv[1].Decode(&v); err != nil {
			return p.errf(kv[1], "settings.%s: %v", k, strings.TrimPrefix(err.Error(), "yaml: "))
		}
		p.c.Settings[k] = v
	}
	return nil
}

// glob reads one glob relative to the config's directory. A leading ./ is
// dropped: paths are matched in their clean, relative form.
func (p *parser) glob(where string, n *yaml.Node) (string, error) {
	g, err := p.str(where, n)
	if err != nil {
		return "", err
	}
	for strings.HasPrefix(g, "./") {
		g = g[2:]
	}
	if strings.TrimSpace(g) == "" {
		return "", p.errf(n, "%s: empty glob", where)
	}
	if !doublestar.ValidatePattern(g) {
		return "", p.errf(n, "%s: invalid glob %q", where, g)
	}
	return g, nil
}

func (p *parser) globs(where string, n *yaml.Node) ([]string, error) {
	items, err := p.items(where, n, "a list of globs")
	if err != nil {
		return nil, err
	}
	var out []string
	for i, it := range items {
		g, err := p.glob(fmt.Sprintf("%s[%d]", where, i), it)
		if err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, nil
}

func (p *parser) kinds(n *yaml.Node) error {
	kvs, err := p.pairs("kinds", n, "a mapping of glob to kind")
	if err != nil {
		return err
	}
	for _, kv := range kvs {
		g, err := p.glob("kinds", kv[0])
		if err != nil {
			return err
		}
		where := fmt.Sprintf("kinds[%q]", g)
		k, err := p.str(where, kv[1])
		if err != nil {
			return err
		}
		if !kind.Known(k) {
			return p.errf(kv[1], "%s: unknown kind %q (known: %s)", where, k, strings.Join(kind.FileKinds(), ", "))
		}
		if kind.View(k) {
			return p.errf(kv[1], "%s: kind %q is a view across files; a file cannot be read as it (file kinds: %s)", where, k, strings.Join(kind.FileKinds(), ", "))
		}
		p.c.Kinds = append(p.c.Kinds, KindGlob{Glob: g, Kind: k})
	}
	return nil
}

func (p *parser) failOn(n *yaml.Node) error {
	s, err := p.severity("fail-on", n)
	if err != nil {
		return err
	}
	p.c.FailOn = &s
	return nil
}

func (p *parser) policies(n *yaml.Node) error {
	items, err := p.items("policies", n, "a list of directories")
	if err != nil {
		return err
	}
	for i, it := range items {
		d, err := p.str(fmt.Sprintf("policies[%d]", i), it)
		if err != nil {
			return err
		}
		if strings.TrimSpace(d) == "" {
			return p.errf(it, "policies[%d]: empty directory name", i)
		}
		if !filepath.IsAbs(d) {
			d = filepath.Join(p.c.Dir, d)
		}
		p.c.Policies = append(p.c.Policies, d)
	}
	return nil
}
