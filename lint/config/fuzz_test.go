package config

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/rampart-lint/rampart/lint/source"
)

// FuzzParse: no input makes the config loader panic or hang, every error is
// an *Error whose position lies in the file, and what a config that loads
// points at (ignore entries, rule ids) lies in the file too.
// Run with: go test ./lint/config -run '^$' -fuzz FuzzParse -fuzztime 60s
func FuzzParse(f *testing.F) {
	f.Add(Starter)
	for _, s := range []string{
		"rules:\n  iam/a: {enabled: false, severity: high}\n  iam/b: off\nfail-on: low\n",
		"kinds:\n  '*.json': iam-policy\nexclude: ['[', a/**]\n",
		"ignore:\n  - {rule: iam/*, path: ./a/*.json, at: 'Statement[0]', reason: r, expires: 2027-03-01}\n",
		"a: &x [1, 2]\nrules: *x\nignore:\n  - &e {rule: iam/a, path: p}\n  - *e\n",
		"---\nrules: {}\n---\n", "rules:\n  é/ü: 'é'\n", "\xef\xbb\xbfrules: {}\r\nfail-on: high\r", "? [a]\n: 1\n",
	} {
		f.Add([]byte(s))
	}
	_ = filepath.WalkDir("testdata", func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(p) == ".yaml" {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
		return nil
	})
	const file = "/repo/.rampart.yaml"
	f.Fuzz(func(t *testing.T, src []byte) {
		lines := source.NewLines(src)
		c, err := Parse(file, src)
		if err != nil {
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %v is %T, want *Error", err, err)
			}
			if ce.File != file {
				t.Fatalf("error names file %q", ce.File)
			}
			checkPos(t, lines, ce.Line, ce.Column, "error "+ce.Error())
			return
		}
		for _, ig := range c.Ignores {
			checkPos(t, lines, ig.RulePos.Line, ig.RulePos.Column, "ignore rule")
			for _, p := range []source.Position{ig.Range.Start, ig.Range.End} {
				if got := lines.At(p.Offset); got != p {
					t.Fatalf("ignore range %v: %+v, but Lines says %+v", ig.Range, p, got)
				}
			}
			if ig.Range.Start.Offset > ig.Range.End.Offset || ig.Rule == "" || ig.Path == "" {
				t.Fatalf("ignore entry %+v", ig)
			}
		}
		for _, k := range c.ruleKeys {
			checkPos(t, lines, k.pos.Line, k.pos.Column, "rule key")
		}
		if err := c.Validate(func(id string) bool { return len(id)%2 == 0 }); err != nil {
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("Validate error %v is %T", err, err)
			}
			checkPos(t, lines, ce.Line, ce.Column, "Validate error")
		}
		for _, p := range []string{"/repo/a.json", "/repo/x/y/z.yaml", "/elsewhere/a.json", "/repo"} {
			c.Excluded(p)
			c.KindOf(p)
			for i := range c.Ignores {
				c.IgnoreMatches(i, p)
			}
		}
	})
}

// checkPos fails unless line:col is a position inside the file: a line that
// exists and a column at most one past its last character.
func checkPos(t *testing.T, lines *source.Lines, line, col int, what string) {
	t.Helper()
	if line < 1 || line > lines.Count() || col < 1 || col > utf8.RuneCount(lines.Text(line))+1 {
		t.Fatalf("%s: position %d:%d outside the file (%d lines)", what, line, col, lines.Count())
	}
}
