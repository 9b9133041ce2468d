// Package suppress reads inline suppression comments:
//
//	# rampart:ignore <rule>[,<rule>] [exp:YYYY-MM-DD] -- <reason>
//
// A comment on a line of its own covers the next line; at the end of a line
// it covers that line.
package suppress

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/rampart-lint/rampart/lint/source"
)

// Comment is one suppression comment.
type Comment struct {
	Rules   []string // ids, or globs such as iam/*
	Expires time.Time
	Reason  string
	// Range covers the comment text; Target is the line it suppresses.
	Range  source.Range
	Target int
	// Problem is set when the comment is malformed; it then suppresses nothing.
	Problem string
}

const marker = "rampart:ignore"

var expRe = regexp.MustCompile(`^exp:(\d{4}-\d{2}-\d{2})$`)

// Parse finds the suppression comments in a file with '#' comments (YAML,
// HCL). It reads lines, not a syntax tree, so it also works on files that do
// not parse; a '#' counts only at the start of a line or after a space, which
// keeps URLs and strings like "a#b" out.
func Parse(lines *source.Lines) []Comment {
	var out []Comment
	src := lines.Source()
	if !bytes.Contains(src, []byte(marker)) {
		return nil
	}
	for n := 1; n <= lines.Count(); n++ {
		text := lines.Text(n)
		i := commentStart(text)
		if i < 0 {
			continue
		}
		body := strings.TrimSpace(strings.TrimLeft(string(text[i:]), "#/"))
		if !strings.HasPrefix(body, marker) {
			continue
		}
		start := lines.LineStart(n) + i
		c := parseBody(strings.TrimSpace(body[len(marker):]))
		c.Range = lines.Span(start, lines.LineStart(n)+len(text))
		c.Target = n
		if len(bytes.TrimSpace(text[:i])) == 0 {
			c.Target = n + 1
		}
		out = append(out, c)
	}
	return out
}

func commentStart(text []byte) int {
	for i := 0; i < len(text); i++ {
		if text[i] == '#' && (i == 0 || text[i-1] == ' ' || text[i-1] == '\t') {
			return i
		}
		// HCL also allows // comments.
		if text[i] == '/' && i+1 < len(text) && text[i+1] == '/' && (i == 0 || text[i-1] == ' ' || text[i-1] == '\t') {
			return i
		}
	}
	return -1
}

func parseBody(s string) Comment {
	var c Comment
	spec, reason, hasReason := strings.Cut(s, "--")
	if hasReason {
		c.Reason = strings.TrimSpace(reason)
	}
	fields := strings.Fields(spec)
	if len(fields) == 0 {
		c.Problem = "names no rule: write # rampart:ignore <rule-id> -- <reason>"
		return c
	}
	for _, id := range strings.Split(fields[0], ",") {
		if id = strings.TrimSpace(id); id != "" {
			if _, err := path.Match(id, ""); err != nil {
				c.Problem = fmt.Sprintf("bad rule pattern %q", id)
				return c
			}
			c.Rules = append(c.Rules, id)
		}
	}
	if len(c.Rules) == 0 {
		// Only commas: "# rampart:ignore , -- why" (found by fuzzing).
		c.Problem = "names no rule: write # rampart:ignore <rule-id> -- <reason>"
		return c
	}
	for _, f := range fields[1:] {
		m := expRe.FindStringSubmatch(f)
		if m == nil {
			c.Problem = fmt.Sprintf("unexpected %q: the form is # rampart:ignore <rule>[,<rule>] [exp:YYYY-MM-DD] -- <reason>", f)
			return c
		}
		t, err := time.Parse("2006-01-02", m[1])
		if err != nil {
			c.Problem = fmt.Sprintf("bad expiry date %q", m[1])
			return c
		}
		c.Expires = t
	}
	return c
}

// Covers reports whether the comment names rule id.
func (c Comment) Covers(id string) bool {
	for _, r := range c.Rules {
		if ok, _ := path.Match(r, id); ok {
			return true
		}
	}
	return false
}

// Expired reports whether the comment's expiry date is before today.
// A suppression is valid through the whole day it names.
func (c Comment) Expired(now time.Time) bool {
	if c.Expires.IsZero() {
		return false
	}
	y, m, d := now.Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return c.Expires.Before(today)
}
