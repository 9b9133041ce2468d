package config

import (
	"fmt"
	"path"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/rampart-lint/rampart/lint/source"
)

// Ignore is one ignore: entry: it suppresses findings of Rule in the files
// matching Path, for files that cannot carry a rampart:ignore comment (JSON).
type Ignore struct {
	// Rule is a rule id, or a glob of ids such as iam/*.
	Rule string
	// Path is a doublestar glob relative to the config's directory; like an
	// exclude glob, it also covers everything below a matching directory.
	Path string
	// At narrows the entry to findings at this logical path (Finding.Path)
	// or below it: Statement[0] covers Statement[0].Resource.
	At      string
	Reason  string
	Expires time.Time // zero if the entry does not expire
	// Range covers the entry in the config file; RulePos is where its rule
	// is named, which Validate points at.
	Range   source.Range
	RulePos source.Position
}

// ignoreKeys are the keys of an ignore: entry.
var ignoreKeys = []string{"rule", "path", "at", "reason", "expires"}

// Covers reports whether the entry names rule id.
func (ig Ignore) Covers(id string) bool {
	ok, _ := path.Match(ig.Rule, id)
	return ok
}

// CoversPath reports whether a finding at logical path p falls under At.
func (ig Ignore) CoversPath(p string) bool {
	if ig.At == "" || p == ig.At {
		return true
	}
	rest, ok := strings.CutPrefix(p, ig.At)
	return ok && (strings.HasPrefix(rest, ".") || strings.HasPrefix(rest, "["))
}

// IgnoreMatches reports whether file (absolute or relative to the working
// directory) matches the path glob of entry i.
func (c *Config) IgnoreMatches(i int, file string) bool {
	rel, ok := c.rel(file)
	return ok && match(c.Ignores[i].Path, rel)
}

func (p *parser) ignores(n *yaml.Node) error {
	items, err := p.items("ignore", n, "a list of {rule, path, at, reason, expires} entries")
	if err != nil {
		return err
	}
	for i, it := range items {
		ig, err := p.ignore(fmt.Sprintf("ignore[%d]", i), it)
		if err != nil {
			return err
		}
		p.c.Ignores = append(p.c.Ignores, ig)
	}
	return nil
}

func (p *parser) ignore(where string, n *yaml.Node) (Ignore, error) {
	var ig Ignore
	kvs, err := p.pairs(where, n, "a mapping with rule, path, and optionally at, reason, expires")
	if err != nil {
		return ig, err
	}
	seen := map[string]bool{}
	last := deref(n)
	for _, kv := range kvs {
		k, err := p.key(where, kv[0])
		if err != nil {
			return ig, err
		}
		seen[k] = true
		field := where + "." + k
		v := kv[1]
		switch k {
		case "rule":
			id, err := p.str(field, v)
			if err != nil {
				return ig, err
			}
			if !ruleIDPattern.MatchString(id) {
				return ig, p.errf(v, "%s: %q is not a rule id (category/name, or a glob such as iam/*)", field, id)
			}
			if _, err := path.Match(id, ""); err != nil {
				return ig, p.errf(v, "%s: bad rule pattern %q", field, id)
			}
			ig.Rule, ig.RulePos = id, p.pos(v)
		case "path":
			if ig.Path, err = p.glob(field, v); err != nil {
				return ig, err
			}
		case "at":
			if ig.At, err = p.str(field, v); err != nil {
				return ig, err
			}
			if strings.TrimSpace(ig.At) == "" {
				return ig, p.errf(v, "%s: empty logical path (leave the key out to cover the whole file)", field)
			}
		case "reason":
			if isNull(v) {
				break // reported at lint time, like a comment without one
			}
			if ig.Reason, err = p.str(field, v); err != nil {
				return ig, err
			}
			ig.Reason = strings.TrimSpace(ig.Reason)
		case "expires":
			s, err := p.str(field, v)
			if err != nil {
				return ig, err
			}
			if ig.Expires, err = time.Parse("2006-01-02", s); err != nil {
				return ig, p.errf(v, "%s: want a date as YYYY-MM-DD, got %q", field, s)
			}
		default:
			return ig, p.errf(kv[0], "%s: unknown key %q (known: %s)", where, k, strings.Join(ignoreKeys, ", "))
		}
		last = lastNode(v)
	}
	for _, k := range []string{"rule", "path"} {
		if !seen[k] {
			return ig, p.errf(n, "%s: missing %s", where, k)
		}
	}
	start := p.pos(deref(n))
	endLine := max(last.Line, start.Line)
	end := p.lines.LineStart(endLine) + len(p.lines.Text(endLine))
	ig.Range = p.lines.Span(start.Offset, max(end, start.Offset))
	return ig, nil
}

// lastNode returns the node that starts last under n, whose line ends an
// entry in block style.
func lastNode(n *yaml.Node) *yaml.Node {
	for len(n.Content) > 0 {
		n = n.Content[len(n.Content)-1]
	}
	return n
}
