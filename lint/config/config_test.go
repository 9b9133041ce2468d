package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rampart-lint/rampart/lint/kind"
	"github.com/rampart-lint/rampart/lint/rule"
)

func TestParse(t *testing.T) {
	c, err := Parse("/repo/.rampart.yaml", []byte(`
rules:
  iam/a: off
  iam/b: on
  iam/c: HIGH
  iam/d: {enabled: false}
  iam/e: {severity: low}
settings:
  min_approvals: 3
exclude: [legacy/**, vendor]
kinds:
  "deploy/*.json": iam-policy
fail-on: medium
`))
	if err != nil {
		t.Fatal(err)
	}
	high, low := rule.High, rule.Low
	want := map[string]RuleConfig{"iam/a": {Disabled: true}, "iam/b": {}, "iam/c": {Severity: &high}, "iam/d": {Disabled: true}, "iam/e": {Severity: &low}}
	for id, w := range want {
		g := c.Rules[id]
		if g.Disabled != w.Disabled || (g.Severity == nil) != (w.Severity == nil) || g.Severity != nil && *g.Severity != *w.Severity {
			t.Errorf("%s: %+v, want %+v", id, g, w)
		}
	}
	if c.Settings["min_approvals"] != 3 || c.FailOn == nil || *c.FailOn != rule.Medium {
		t.Errorf("settings %v fail-on %v", c.Settings, c.FailOn)
	}
	for p, excluded := range map[string]bool{"/repo/legacy/a/b.json": true, "/repo/vendor/x/y.yaml": true, "/repo/src/vendor.json": false, "/elsewhere/legacy/a.json": false} {
		if got := c.Excluded(p); got != excluded {
			t.Errorf("Excluded(%s) = %v, want %v", p, got, excluded)
		}
	}
	if c.KindOf("/repo/deploy/role.json") != "iam-policy" || c.KindOf("/repo/deploy/sub/role.json") != "" {
		t.Errorf("KindOf: %q %q", c.KindOf("/repo/deploy/role.json"), c.KindOf("/repo/deploy/sub/role.json"))
	}
}

// TestErrors covers every kind of bad config: each error carries the line
// and column of the offending key or value.
func TestErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		// Syntax, encoding and structure.
		{"a: [\n", `c.yaml:2:1: invalid YAML: did not find expected node content`},
		{"x: \xff\n", `c.yaml:1:4: invalid UTF-8`},
		{"rules:\n  iam/a: off\n  iam/a: on\n", `c.yaml:3:3: duplicate key "iam/a" (first defined at line 2)`},
		{"---\nrules: {}\n---\nexclude: []\n", `c.yaml:4:1: a config file holds one YAML document`},
		{"- rules\n", `c.yaml:1:1: config: want a mapping of fail-on, rules, settings, exclude, kinds, policies, ignore, limits, got a list`},
		{"fail-on: low\nrulez:\n  x: off\n", `c.yaml:2:1: unknown key "rulez" (known: fail-on, rules, settings, exclude, kinds, policies, ignore, limits)`},
		{"? [a]\n: 1\n", `c.yaml:1:3: config: a key must be a string, got a list`},
		// rules
		{"rules: [1, 2]\n", `c.yaml:1:8: rules: want a mapping of rule id to off, on, a severity, or {enabled, severity}, got a list`},
		{"rules:\n  iam/a: loud\n", `c.yaml:2:10: rules.iam/a: want off, on, a severity, or {enabled, severity}: unknown severity "loud"`},
		{"rules:\n  iam/a:\n", `c.yaml:2:9: rules.iam/a: want off, on, a severity, or {enabled, severity}, got nothing`},
		{"rules:\n  iam/a: [high]\n", `c.yaml:2:10: rules.iam/a: want off, on, a severity, or {enabled, severity}, got a list`},
		{"rules:\n  full-admin: off\n", `c.yaml:2:3: rules: "full-admin" is not a rule id (category/name`},
		{"rules:\n  iam/a:\n    severity: high\n    enable: true\n", `c.yaml:4:5: rules.iam/a: unknown option "enable" (known: enabled, severity)`},
		{"rules:\n  iam/a: {enabled: yes}\n", `c.yaml:2:20: rules.iam/a.enabled: want true or false, got "yes"`},
		{"rules:\n  iam/a: {severity: 3}\n", `c.yaml:2:21: rules.iam/a.severity: unknown severity "3"`},
		{"rules:\n  iam/a: {severity: [high]}\n", `c.yaml:2:21: rules.iam/a.severity: want a string, got a list`},
		// settings
		{"settings: [a]\n", `c.yaml:1:11: settings: want a mapping of setting name to value, got a list`},
		// exclude
		{"exclude: legacy/**\n", `c.yaml:1:10: exclude: want a list of globs, got "legacy/**"`},
		{"exclude:\n  - ok/**\n  - '['\n", `c.yaml:3:5: exclude[1]: invalid glob "["`},
		{"exclude:\n  - {a: 1}\n", `c.yaml:2:5: exclude[0]: want a string, got a mapping`},
		{"exclude: ['']\n", `c.yaml:1:11: exclude[0]: empty glob`},
		// kinds
		{"kinds: [a]\n", `c.yaml:1:8: kinds: want a mapping of glob to kind, got a list`},
		{"kinds:\n  '*.json': jenkins\n", `c.yaml:2:13: kinds["*.json"]: unknown kind "jenkins" (known: ` + strings.Join(kind.FileKinds(), ", ") + ")"},
		{"kinds:\n  '*.json': repository\n", `c.yaml:2:13: kinds["*.json"]: kind "repository" is a view across files; a file cannot be read as it`},
		{"kinds:\n  'a/[': iam-policy\n", `c.yaml:2:3: kinds: invalid glob "a/["`},
		{"kinds:\n  '*.json': [iam-policy]\n", `c.yaml:2:13: kinds["*.json"]: want a string, got a list`},
		// fail-on
		{"fail-on: sometimes\n", `c.yaml:1:10: fail-on: unknown severity "sometimes"`},
		{"fail-on: {a: 1}\n", `c.yaml:1:10: fail-on: want a string, got a mapping`},
		// policies
		{"policies: rego\n", `c.yaml:1:11: policies: want a list of directories, got "rego"`},
		{"policies: [' ']\n", `c.yaml:1:12: policies[0]: empty directory name`},
		// ignore
		{"ignore: {rule: iam/a}\n", `c.yaml:1:9: ignore: want a list of {rule, path, at, reason, expires} entries, got a mapping`},
		{"ignore:\n  - iam/a\n", `c.yaml:2:5: ignore[0]: want a mapping with rule, path, and optionally at, reason, expires, got "iam/a"`},
		{"ignore:\n  - rule: iam/a\n    reason: r\n", `c.yaml:2:5: ignore[0]: missing path`},
		{"ignore:\n  - path: a.json\n", `c.yaml:2:5: ignore[0]: missing rule`},
		{"ignore:\n  - rule: iam/a\n    path: a.json\n    why: old\n", `c.yaml:4:5: ignore[0]: unknown key "why" (known: rule, path, at, reason, expires)`},
		{"ignore:\n  - rule: wildcard\n    path: a.json\n", `c.yaml:2:11: ignore[0].rule: "wildcard" is not a rule id`},
		{"ignore:\n  - rule: iam/[\n    path: a.json\n", `c.yaml:2:11: ignore[0].rule: bad rule pattern "iam/["`},
		{"ignore:\n  - {rule: iam/a, path: '[', reason: r}\n", `c.yaml:2:25: ignore[0].path: invalid glob "["`},
		{"ignore:\n  - {rule: iam/a, path: a.json, at: ''}\n", `c.yaml:2:37: ignore[0].at: empty logical path`},
		{"ignore:\n  - rule: iam/a\n    path: a.json\n    expires: 2027-13-01\n", `c.yaml:4:14: ignore[0].expires: want a date as YYYY-MM-DD, got "2027-13-01"`},
		{"ignore:\n  - rule: iam/a\n    path: a.json\n    expires: soon\n", `c.yaml:4:14: ignore[0].expires: want a date as YYYY-MM-DD, got "soon"`},
		{"ignore:\n  - rule: iam/a\n    path: a.json\n    reason: [a]\n", `c.yaml:4:13: ignore[0].reason: want a string, got a list`},
		// Columns count code points, not bytes.
		{"rules:\n  é/ü: 'é'\n", `c.yaml:2:8: rules.é/ü: want off, on, a severity`},
	}
	for _, tc := range cases {
		_, err := Parse("c.yaml", []byte(tc.src))
		var ce *Error
		if !errors.As(err, &ce) || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q:\n got  %v\n want %s", tc.src, err, tc.want)
		}
	}
}

func TestValidate(t *testing.T) {
	src := "rules:\n  iam/a: off\n  iam/typo: high\nignore:\n  - rule: iam/*\n    path: x.json\n  - rule: iam/gone\n    path: y.json\n"
	known := func(id string) bool { return id == "iam/a" }
	c, err := Parse("c.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(known); err == nil || err.Error() != "c.yaml:3:3: rules: unknown rule \"iam/typo\" (see `rampart rules`)" {
		t.Errorf("Validate = %v", err)
	}
	delete(c.Rules, "iam/typo")
	c.ruleKeys = c.ruleKeys[:1]
	// The glob entry is left to the run (it is reported if it matches
	// nothing); the exact id is checked here, at its value.
	if err := c.Validate(known); err == nil || err.Error() != "c.yaml:7:11: ignore[1].rule: unknown rule \"iam/gone\" (see `rampart rules`)" {
		t.Errorf("Validate = %v", err)
	}
	c.Ignores = c.Ignores[:1]
	if err := c.Validate(known); err != nil {
		t.Errorf("Validate = %v, want nil", err)
	}
}

func TestNullKeysSetNothing(t *testing.T) {
	c, err := Parse("c.yaml", []byte("rules:\nsettings:\nexclude:\nkinds:\nfail-on:\npolicies:\nignore:\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Rules)+len(c.Settings)+len(c.Exclude)+len(c.Kinds)+len(c.Policies)+len(c.Ignores) != 0 || c.FailOn != nil {
		t.Errorf("empty keys set %+v", c)
	}
}

func TestKindsFirstMatchInFileOrder(t *testing.T) {
	// Many globs so that a map's random order would show.
	var b strings.Builder
	b.WriteString("kinds:\n  'deploy/special.json': cloudformation\n")
	for i := 0; i < 20; i++ {
		fmt.Fprintf(&b, "  'deploy/*%s.json': iam-policy\n", strings.Repeat("?", i))
	}
	c, err := Parse("/repo/.rampart.yaml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		if got := c.KindOf("/repo/deploy/special.json"); got != "cloudformation" {
			t.Fatalf("KindOf = %q, want the first matching glob's kind", got)
		}
	}
}

func TestIgnoreEntries(t *testing.T) {
	src := `fail-on: high
ignore:
  - rule: iam/wildcard-resource
    path: ./policies/legacy/*.json
    at: Statement[0].Resource
    reason: " legacy role, JIRA-123 "
    expires: 2027-03-01
  - {rule: "iam/*", path: vendor}
`
	c, err := Parse("/repo/.rampart.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Ignores) != 2 {
		t.Fatalf("%d entries, want 2", len(c.Ignores))
	}
	a, b := c.Ignores[0], c.Ignores[1]
	if a.Rule != "iam/wildcard-resource" || a.Path != "policies/legacy/*.json" || a.At != "Statement[0].Resource" ||
		a.Reason != "legacy role, JIRA-123" || a.Expires.Format("2006-01-02") != "2027-03-01" {
		t.Errorf("entry 0 = %+v", a)
	}
	if a.Range.Start.Line != 3 || a.Range.Start.Column != 5 || a.Range.End.Line != 7 || a.Range.End.Column != 24 || a.RulePos.Line != 3 || a.RulePos.Column != 11 {
		t.Errorf("entry 0 range %v rule at %v, want 3:5-7:24 and 3:11", a.Range, a.RulePos)
	}
	if b.Rule != "iam/*" || b.Reason != "" || !b.Expires.IsZero() || b.Range.Start.Line != 8 || b.Range.Start.Column != 5 || b.Range.End.Line != 8 {
		t.Errorf("entry 1 = %+v", b)
	}
	for _, tc := range []struct {
		i    int
		file string
		want bool
	}{
		{0, "/repo/policies/legacy/a.json", true},
		{0, "/repo/policies/legacy/sub/a.json", false},
		{0, "/repo/policies/a.json", false},
		{0, "/other/policies/legacy/a.json", false},
		{1, "/repo/vendor/x/y.json", true}, // a directory covers what is below it
		{1, "/repo/vendored.json", false},
	} {
		if got := c.IgnoreMatches(tc.i, tc.file); got != tc.want {
			t.Errorf("IgnoreMatches(%d, %s) = %v, want %v", tc.i, tc.file, got, tc.want)
		}
	}
	if !a.Covers("iam/wildcard-resource") || a.Covers("iam/full-admin") || !b.Covers("iam/full-admin") || b.Covers("secrets/x") {
		t.Error("Covers: exact ids and globs")
	}
	for p, want := range map[string]bool{
		"Statement[0].Resource":    true,
		"Statement[0].Resource[2]": true,
		"Statement[0].Resource.x":  true,
		"Statement[0].Resources":   false,
		"Statement[0]":             false,
		"Statement[1].Resource":    false,
	} {
		if a.CoversPath(p) != want {
			t.Errorf("CoversPath(%q) = %v, want %v", p, !want, want)
		}
	}
	if !b.CoversPath("anything") || !b.CoversPath("") {
		t.Error("an entry without at: covers every path")
	}
}

// TestStarter: the config rampart init writes parses, and shows the keys it
// is meant to show.
func TestStarter(t *testing.T) {
	c, err := Parse(FileName, Starter)
	if err != nil {
		t.Fatalf("starter config: %v", err)
	}
	if c.FailOn == nil || len(c.Rules) == 0 || len(c.Exclude) == 0 {
		t.Errorf("starter sets fail-on %v, rules %v, exclude %v", c.FailOn, c.Rules, c.Exclude)
	}
	text := string(Starter)
	if !strings.HasPrefix(text, "# yaml-language-server: $schema="+SchemaURL+"\n") {
		t.Error("starter does not begin with the schema modeline")
	}
	// The commented ignore example must be a valid entry once uncommented.
	i := strings.Index(text, "# ignore:")
	if i < 0 {
		t.Fatal("starter has no ignore example")
	}
	var un strings.Builder
	for _, line := range strings.Split(text[i:], "\n") {
		un.WriteString(strings.TrimPrefix(line, "# ") + "\n")
	}
	c, err = Parse(FileName, []byte(un.String()))
	if err != nil || len(c.Ignores) != 1 || c.Ignores[0].Reason == "" {
		t.Errorf("uncommented ignore example: %v, %+v", err, c)
	}
}

func TestFind(t *testing.T) {
	dir := t.TempDir()
	deep := filepath.Join(dir, "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, FileName), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Find(deep)
	if err != nil || got != filepath.Join(dir, FileName) {
		t.Errorf("Find = %q, %v", got, err)
	}
}

func TestPoliciesResolvedAgainstConfigDir(t *testing.T) {
	dir := t.TempDir()
	c, err := Parse(filepath.Join(dir, FileName), []byte("policies: [rego, /abs/rules]\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "rego"), "/abs/rules"}
	if len(c.Policies) != 2 || c.Policies[0] != want[0] || c.Policies[1] != want[1] {
		t.Errorf("Policies = %q, want %q", c.Policies, want)
	}
}
