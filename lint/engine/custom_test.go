package engine

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func builtinAnd(t *testing.T, custom ...Module) []Module {
	t.Helper()
	mods, err := BuiltinModules()
	if err != nil {
		t.Fatal(err)
	}
	return append(mods, custom...)
}

// TestCustomContract: what a custom rule or library must obey beyond the
// metadata every rule has. Each case is refused with a message naming the
// file and the line of the package statement.
func TestCustomContract(t *testing.T) {
	deny := "deny contains {\"msg\": \"x\", \"path\": []} if false\n"
	withMeta := func(id, pkg string, extra ...string) string {
		m := strings.Replace(goodMeta, "custom/%s", id, 1)
		for _, x := range extra {
			m = strings.Replace(m, "#   remediation: Fix it.\n", "#   remediation: Fix it.\n"+x, 1)
		}
		return m + "package " + pkg + "\n" + deny
	}
	cases := []struct {
		name string
		mod  Module
		want string
	}{
		{"built-in id", Module{Name: "acme/full_admin.rego", Source: []byte(withMeta("iam/full-admin", "rampart.rules.iam.full_admin"))},
			"acme/full_admin.rego: rule id iam/full-admin is already a built-in rule (policies/rules/iam/full_admin.rego); give the custom rule an id in a category of your own"},
		{"reserved category", Module{Name: "acme/parse_error.rego", Source: []byte(withMeta("rampart/parse-error", "rampart.rules.rampart.parse_error"))},
			`acme/parse_error.rego:9: category "rampart" is reserved for rampart's own checks`},
		{"file name", Module{Name: "acme/tags.rego", Source: []byte(withMeta("acme/project-tag", "rampart.rules.acme.project_tag"))},
			"acme/tags.rego:9: rule acme/project-tag must be in a file named project_tag.rego, not tags.rego"},
		{"package outside rampart.rules", Module{Name: "acme/project_tag.rego", Source: []byte(withMeta("acme/project-tag", "acme.project_tag"))},
			"acme/project_tag.rego:9: package acme.project_tag does not match id acme/project-tag (want package rampart.rules.acme.project_tag)"},
		{"underscore in id", Module{Name: "acme/project_tag.rego", Source: []byte(withMeta("acme/project_tag", "rampart.rules.acme.project_tag"))},
			`acme/project_tag.rego:9: id "acme/project_tag" is not of the form category/rule-name`},
		{"fixable", Module{Name: "acme/project_tag.rego", Source: []byte(withMeta("acme/project-tag", "rampart.rules.acme.project_tag", "#   fixable: true\n"))},
			"acme/project_tag.rego:10: custom.fixable: only built-in rules have automatic fixes"},
		{"setting that weakens a built-in rule", Module{Name: "acme/project_tag.rego", Source: []byte(withMeta("acme/project-tag", "rampart.rules.acme.project_tag", "#   settings:\n#     min_approvals: 0\n"))},
			"acme/project_tag.rego: custom.settings.min_approvals: default 0 differs from 2 in pipeline/weak-branch-protection"},
		{"library in rampart.lib", Module{Name: "acme/result.rego", Source: []byte("package rampart.lib.result\n\nviolation(msg, path) := {\"msg\": \"hidden\", \"path\": []}\n")},
			"acme/result.rego:1: package rampart.lib.result is rampart's namespace: a custom library needs a package of its own"},
		{"library over the settings", Module{Name: "acme/config.rego", Source: []byte("# settings\npackage rampart.config\n\nmin_approvals := 0\n")},
			"acme/config.rego:2: package rampart.config is rampart's namespace"},
		{"rule without metadata", Module{Name: "acme/project_tag.rego", Source: []byte("package rampart.rules.acme.project_tag\n" + deny)},
			"acme/project_tag.rego:1: package rampart.rules.acme.project_tag has no # METADATA block"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(context.Background(), Options{Modules: builtinAnd(t, tc.mod)})
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("err = %v, want a LoadError", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v\nwant %q", err, tc.want)
			}
		})
	}
}

// TestCustomSettingSameDefault: redeclaring a built-in setting with its own
// default is harmless and allowed.
func TestCustomSettingSameDefault(t *testing.T) {
	src := strings.Replace(meta("s"), "#   remediation: Fix it.\n", "#   remediation: Fix it.\n#   settings:\n#     production_pattern: \"(?i)prod\"\n", 1) +
		"package rampart.rules.custom.s\ndeny contains {\"msg\": data.rampart.config.production_pattern, \"path\": []} if true\n"
	e, err := New(context.Background(), Options{Modules: builtinAnd(t, module("s", src))})
	if err != nil {
		t.Fatal(err)
	}
	r, ok := e.Rule("custom/s")
	if !ok || r.Builtin || r.Source != "custom/s.rego" {
		t.Fatalf("rule = %+v %v, want the custom rule from custom/s.rego", r, ok)
	}
}

// TestCustomRuleUsesBuiltinLibraries: a custom rule imports rampart's
// libraries as built-in rules do, and runs beside them in the kind's query.
func TestCustomRuleUsesBuiltinLibraries(t *testing.T) {
	src := strings.Replace(meta("bucket"), "kinds: [iam-policy]", "kinds: [cloudformation]", 1) + `package rampart.rules.custom.bucket

import data.rampart.lib.aws
import data.rampart.lib.result

deny contains result.key_violation("bucket", ["Resources", name]) if some name, _ in aws.cfn["AWS::S3::Bucket"]
`
	e, err := New(context.Background(), Options{Modules: builtinAnd(t, module("bucket", src))})
	if err != nil {
		t.Fatal(err)
	}
	doc := map[string]any{"Resources": map[string]any{"Logs": map[string]any{"Type": "AWS::S3::Bucket"}}}
	vs, err := e.Eval(context.Background(), "cloudformation", Input(doc))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range vs {
		if v.Rule == "custom/bucket" {
			got = append(got, v.Path.String())
			if !v.Key {
				t.Errorf("violation %+v is not a key violation", v)
			}
		}
	}
	if len(got) != 1 || got[0] != "Resources.Logs" {
		t.Errorf("custom/bucket found %v, want [Resources.Logs] (all: %+v)", got, vs)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func names(ms []Module) []string {
	var out []string
	for _, m := range ms {
		out = append(out, filepath.ToSlash(m.Name))
	}
	return out
}

func TestLoadPolicies(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "acme", "a.rego"), "package acme.a\n")
	writeFile(t, filepath.Join(dir, "acme", "a_test.rego"), "package acme.a_test\n")
	writeFile(t, filepath.Join(dir, "lib", "b.rego"), "package acme.b\n")
	writeFile(t, filepath.Join(dir, "lib", "notes.md"), "not rego\n")
	writeFile(t, filepath.Join(dir, ".git", "hooks.rego"), "package hidden\n")
	if err := os.Symlink(filepath.Join(dir, "lib", "b.rego"), filepath.Join(dir, "acme", "b_link.rego")); err != nil {
		t.Fatal(err)
	}
	// The same directory twice, and one inside the other: each file once.
	p, err := LoadPolicies(dir, filepath.Join(dir, "acme"), dir)
	if err != nil {
		t.Fatal(err)
	}
	wantMods := []string{dir + "/acme/a.rego", dir + "/acme/b_link.rego"}
	if strings.Join(names(p.Modules), " ") != filepath.ToSlash(strings.Join(wantMods, " ")) {
		t.Errorf("modules = %v, want %v (lib/b.rego read once, through the link that came first)", names(p.Modules), wantMods)
	}
	if got := names(p.Tests); len(got) != 1 || got[0] != filepath.ToSlash(dir)+"/acme/a_test.rego" {
		t.Errorf("tests = %v, want acme/a_test.rego", got)
	}
}

func TestLoadPoliciesRefuses(t *testing.T) {
	outside := t.TempDir()
	writeFile(t, filepath.Join(outside, "credentials"), "[default]\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n")
	dir := t.TempDir()
	if err := os.Symlink(filepath.Join(outside, "credentials"), filepath.Join(dir, "creds.rego")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "latin1.rego"), "package x\n# caf\xe9\n")
	writeFile(t, filepath.Join(dir, "huge.rego"), "package x\n"+strings.Repeat("#", MaxPolicyFile))
	file := filepath.Join(dir, "plain.txt")
	writeFile(t, file, "x")

	_, err := LoadPolicies(dir, filepath.Join(dir, "missing"), file)
	var le *LoadError
	if !errors.As(err, &le) {
		t.Fatalf("err = %v, want a LoadError", err)
	}
	for _, want := range []string{
		filepath.Join(dir, "creds.rego") + ": a symbolic link out of the policy directory",
		filepath.Join(dir, "latin1.rego") + ": not UTF-8 text",
		filepath.Join(dir, "huge.rego") + ": larger than 1048576 bytes",
		"policy directory " + filepath.Join(dir, "missing") + ": no such file or directory",
		"policy directory " + file + ": not a directory",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v\nwant %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "wJalr") {
		t.Errorf("the linked file's content leaked: %v", err)
	}
}

// TestLoadPoliciesBadRego: files that load but are not Rego are refused by
// New with their name, never a panic.
func TestLoadPoliciesBadRego(t *testing.T) {
	for name, src := range map[string]string{
		"empty":    "",
		"binary":   "\x00\x01\x02package\x00",
		"no rego":  "hello: world\n",
		"unclosed": "package acme.x\n\nf := {\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := New(context.Background(), Options{Modules: builtinAnd(t, Module{Name: "acme/x.rego", Source: []byte(src)})})
			if err == nil || !strings.Contains(err.Error(), "acme/x.rego") {
				t.Fatalf("err = %v, want one naming acme/x.rego", err)
			}
		})
	}
}
