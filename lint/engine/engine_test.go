package engine

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

const goodMeta = `# METADATA
# title: Test rule
# description: A rule for tests.
# custom:
#   id: custom/%s
#   severity: high
#   kinds: [iam-policy]
#   remediation: Fix it.
`

func module(name, src string) Module {
	return Module{Name: "custom/" + name + ".rego", Source: []byte(src)}
}

func meta(name string) string {
	return strings.Replace(goodMeta, "%s", strings.ReplaceAll(name, "_", "-"), 1)
}

func TestMetadataValidation(t *testing.T) {
	cases := []struct {
		name, src, want string
	}{
		{"no metadata", "package rampart.rules.custom.x\ndeny contains 1 if false\n", "has no # METADATA block"},
		{"package mismatch", meta("other") + "package rampart.rules.custom.x\ndeny contains 1 if false\n", "does not match id custom/other"},
		{"bad severity", strings.Replace(meta("x"), "high", "severe", 1) + "package rampart.rules.custom.x\ndeny contains 1 if false\n", `unknown severity "severe"`},
		{"unknown kind", strings.Replace(meta("x"), "iam-policy", "jenkins", 1) + "package rampart.rules.custom.x\ndeny contains 1 if false\n", "unknown kind jenkins"},
		{"no remediation", strings.Replace(meta("x"), "#   remediation: Fix it.\n", "", 1) + "package rampart.rules.custom.x\ndeny contains 1 if false\n", "no custom.remediation"},
		{"no deny", meta("x") + "package rampart.rules.custom.x\nallow := true\n", "defines no deny rule"},
		{"unknown field", strings.Replace(meta("x"), "#   severity", "#   severty: high\n#   severity", 1) + "package rampart.rules.custom.x\ndeny contains 1 if false\n", "custom.severty is not a known metadata field"},
		{"bad id", strings.Replace(meta("x"), "custom/x", "x", 1) + "package rampart.rules.custom.x\ndeny contains 1 if false\n", `id "x" is not of the form category/rule-name`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(context.Background(), Options{Modules: []Module{module("x", tc.src)}})
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("err = %v, want a LoadError", err)
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "custom/x.rego:") {
				t.Errorf("err = %v\nwant it to name the file and say %q", err, tc.want)
			}
		})
	}
}

func TestDuplicateIDs(t *testing.T) {
	src := meta("x") + "package rampart.rules.custom.x\ndeny contains 1 if false\n"
	_, err := New(context.Background(), Options{Modules: []Module{module("x", src), {Name: "other/x.rego", Source: []byte(src)}}})
	if err == nil || !strings.Contains(err.Error(), "rule id custom/x is already defined") {
		t.Fatalf("err = %v, want duplicate id", err)
	}
}

func TestEvalIsolatesFailingRule(t *testing.T) {
	ok := meta("ok") + `package rampart.rules.custom.ok
deny contains {"msg": "found", "path": ["Statement", 0]} if input.Statement
`
	// Two values for one complete rule: a runtime conflict error in OPA.
	broken := meta("broken") + `package rampart.rules.custom.broken
x := 1 if input.Statement
x := 2 if input.Statement
deny contains {"msg": "never", "path": []} if x
`
	malformed := meta("malformed") + `package rampart.rules.custom.malformed
deny contains {"message": "no msg"} if input.Statement
`
	e, err := New(context.Background(), Options{Modules: []Module{module("ok", ok), module("broken", broken), module("malformed", malformed)}})
	if err != nil {
		t.Fatal(err)
	}
	vs, err := e.Eval(context.Background(), "iam-policy", Input(map[string]any{"Statement": []any{map[string]any{}}}))
	if len(vs) != 1 || vs[0].Rule != "custom/ok" || vs[0].Path.String() != "Statement[0]" {
		t.Errorf("violations = %+v, want custom/ok at Statement[0]", vs)
	}
	if err == nil || !strings.Contains(err.Error(), "rule custom/broken") || !strings.Contains(err.Error(), "rule custom/malformed") {
		t.Errorf("err = %v, want both broken rules named", err)
	}
	// Rules for another kind do not run.
	if vs, err := e.Eval(context.Background(), "cloudformation", Input(map[string]any{"Statement": []any{}})); len(vs) != 0 || err != nil {
		t.Errorf("cloudformation: %v %v, want nothing", vs, err)
	}
}

func TestSettingsReachRego(t *testing.T) {
	src := strings.Replace(meta("s"), "#   remediation: Fix it.\n", "#   remediation: Fix it.\n#   settings:\n#     limit: 2\n", 1) + `package rampart.rules.custom.s
deny contains {"msg": sprintf("limit %d", [data.rampart.config.limit]), "path": []} if true
`
	for _, tc := range []struct {
		settings map[string]any
		want     string
	}{{nil, "limit 2"}, {map[string]any{"limit": 5}, "limit 5"}} {
		e, err := New(context.Background(), Options{Modules: []Module{module("s", src)}, Settings: tc.settings})
		if err != nil {
			t.Fatal(err)
		}
		vs, err := e.Eval(context.Background(), "iam-policy", Input(map[string]any{}))
		if err != nil || len(vs) != 1 || vs[0].Msg != tc.want {
			t.Errorf("settings %v: %+v %v, want %q", tc.settings, vs, err, tc.want)
		}
	}
}

func TestDisabledRulesDoNotRun(t *testing.T) {
	src := meta("d") + "package rampart.rules.custom.d\ndeny contains {\"msg\": \"x\", \"path\": []} if true\n"
	e, err := New(context.Background(), Options{Modules: []Module{module("d", src)}, Enabled: func(id string) bool { return id != "custom/d" }})
	if err != nil {
		t.Fatal(err)
	}
	if vs, _ := e.Eval(context.Background(), "iam-policy", Input(map[string]any{})); len(vs) != 0 {
		t.Errorf("disabled rule ran: %+v", vs)
	}
}

func TestBuiltinPoliciesLoad(t *testing.T) {
	mods, err := BuiltinModules()
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(context.Background(), Options{Modules: mods})
	if err != nil {
		t.Fatal(err)
	}
	// Linting compiles per kind; all of it must compile together too.
	if err := e.Check(); err != nil {
		t.Fatal(err)
	}
	for _, r := range e.Rules() {
		if !r.Builtin || r.Source == "" || !strings.HasPrefix(r.Query, "data.rampart.rules") {
			t.Errorf("rule %s: builtin=%v source=%q query=%q", r.ID, r.Builtin, r.Source, r.Query)
		}
		if len(r.References) == 0 {
			t.Errorf("rule %s has no references", r.ID)
		}
	}
}

// TestHeaderMatchesOPA: start-up reads metadata with a light scanner instead
// of parsing Rego; for every built-in module it must agree with OPA's own
// reading of the annotations.
func TestHeaderMatchesOPA(t *testing.T) {
	mods, err := BuiltinModules()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range mods {
		h, err := scanHeader(m.Name, m.Source)
		if err != nil {
			t.Errorf("%s: %v", m.Name, err)
			continue
		}
		mod, err := ast.ParseModuleWithOpts(m.Name, string(m.Source), ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err != nil {
			t.Errorf("%s: %v", m.Name, err)
			continue
		}
		if !h.pkg.Equal(mod.Package.Path) || h.row != mod.Package.Location.Row {
			t.Errorf("%s: package %v at %d, OPA says %v at %d", m.Name, h.pkg, h.row, mod.Package.Path, mod.Package.Location.Row)
		}
		var want *ast.Annotations
		for _, a := range mod.Annotations {
			if a.Scope == "package" {
				want = a
			}
		}
		if (want == nil) != (h.ann == nil) {
			t.Errorf("%s: annotation present: scanner %v, OPA %v", m.Name, h.ann != nil, want != nil)
			continue
		}
		if want == nil {
			continue
		}
		got, _ := json.Marshal(map[string]any{"title": h.ann.Title, "description": h.ann.Description, "custom": h.ann.Custom, "refs": len(h.ann.References)})
		exp, _ := json.Marshal(map[string]any{"title": want.Title, "description": want.Description, "custom": want.Custom, "refs": len(want.RelatedResources)})
		if string(got) != string(exp) {
			t.Errorf("%s:\nscanner %s\nOPA     %s", m.Name, got, exp)
		}
		for i, rr := range want.RelatedResources {
			if h.ann.References[i].URL != rr.Ref.String() || h.ann.References[i].Description != rr.Description {
				t.Errorf("%s: reference %d: %+v, OPA %v %q", m.Name, i, h.ann.References[i], rr.Ref.String(), rr.Description)
			}
		}
	}
}

// TestBuiltinsSkipSafely: built-in policies are compiled without the
// stages that rewrite print calls and rego.metadata calls (trustedSkips),
// and parsed without their annotations. That is only right while none of
// them calls these; a policy that starts to must fail here, not misbehave.
func TestBuiltinsSkipSafely(t *testing.T) {
	mods, err := BuiltinModules()
	if err != nil {
		t.Fatal(err)
	}
	if len(mods) < 50 {
		t.Fatalf("%d built-in modules, want the whole catalog", len(mods))
	}
	for _, m := range mods {
		parsed, err := ast.ParseModuleWithOpts(m.Name, string(m.Source), parserOptions())
		if err != nil {
			t.Fatal(err)
		}
		ast.WalkExprs(parsed, func(x *ast.Expr) bool {
			if !x.IsCall() {
				return false
			}
			name := x.Operator().String()
			if name == "print" || strings.HasPrefix(name, "rego.metadata.") {
				t.Errorf("%s:%d calls %s, which a trusted compile does not rewrite", m.Name, x.Location.Row, name)
			}
			return false
		})
	}
}

// A print call in a custom (untrusted) policy still compiles the full way:
// erased while linting, where a trusted compile would leave it in place.
func TestCustomPolicyPrintErased(t *testing.T) {
	src := meta("printer") + `package rampart.rules.custom.printer

deny contains {"msg": "seen"} if {
	print("linting", input)
	input.x == 1
}
`
	e, err := New(context.Background(), Options{Modules: []Module{module("printer", src)}})
	if err != nil {
		t.Fatal(err)
	}
	vs, err := e.Eval(context.Background(), "iam-policy", ast.MustParseTerm(`{"x": 1}`).Value)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 1 || vs[0].Msg != "seen" {
		t.Fatalf("got %v, want the one violation", vs)
	}
}
