package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

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

func TestErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		{"rulez:\n  x: off\n", `c.yaml:1: unknown key "rulez"`},
		{"rules:\n  iam/a: loud\n", `c.yaml:2: rules.iam/a: want off, on, a severity, or {enabled, severity}: unknown severity "loud"`},
		{"rules:\n  iam/a:\n    severity: high\n    enable: true\n", `c.yaml:3: rules.iam/a: field enable not found`},
		{"kinds:\n  '*.json': jenkins\n", `unknown kind "jenkins"`},
		{"exclude: ['[']\n", `invalid glob "["`},
		{"fail-on: sometimes\n", `fail-on: unknown severity "sometimes"`},
		{"rules: [1, 2]\n", `c.yaml:1: `},
	}
	for _, tc := range cases {
		_, err := Parse("c.yaml", []byte(tc.src))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err = %v, want %q", tc.src, err, tc.want)
		}
	}
	if err := (&Config{File: "c.yaml", Rules: map[string]RuleConfig{"iam/x": {}}}).Validate(func(string) bool { return false }); err == nil || !strings.Contains(err.Error(), `unknown rule "iam/x"`) {
		t.Errorf("Validate: %v", err)
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
