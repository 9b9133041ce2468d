package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestSandboxRefusesOutsideAccess: a custom policy that calls a built-in
// reaching the network, the environment or files, or one whose answer changes
// between runs, is refused at load, with the file, line and column of the
// call, the built-in's name and the reason. The call sits on line 11 (after
// the 8 metadata lines, the package line and the rule head) at column 7.
func TestSandboxRefusesOutsideAccess(t *testing.T) {
	calls := map[string]string{
		"http.send":              `http.send({"method": "GET", "url": "http://127.0.0.1:1"})`,
		"net.lookup_ip_addr":     `net.lookup_ip_addr("example.com")`,
		"opa.runtime":            `opa.runtime().env.HOME`,
		"providers.aws.sign_req": `providers.aws.sign_req({}, {}, 0)`,
		"json.match_schema":      `json.match_schema({}, {"$ref": "file:///etc/passwd"})`,
		"json.verify_schema":     `json.verify_schema({"$ref": "file:///etc/passwd"})`,
		"rand.intn":              `rand.intn("x", 10)`,
		"uuid.rfc4122":           `uuid.rfc4122("x")`,
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			src := meta("x") + "package rampart.rules.custom.x\n" +
				"deny contains {\"msg\": sprintf(\"%v\", [v]), \"path\": []} if {\n" +
				"	v := " + call + "\n}\n"
			_, err := New(context.Background(), Options{Modules: []Module{module("x", src)}})
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("err = %v, want a LoadError", err)
			}
			want := fmt.Sprintf("custom/x.rego:11:7: %s is not allowed: custom policies run sandboxed: no network, no environment, no files (", name)
			if len(le.Problems) != 1 || !strings.HasPrefix(le.Problems[0], want) {
				t.Fatalf("problems = %q\nwant one starting %q", le.Problems, want)
			}
		})
	}
}

// TestSandboxCoversLibraries: a custom library no rule imports is compiled
// and refused too; a policy cannot hide a call where linting never looks.
func TestSandboxCoversLibraries(t *testing.T) {
	lib := Module{Name: "custom/lib/env.rego", Source: []byte("package acme.env\n\nhome := opa.runtime().env.HOME\n")}
	rule := module("x", meta("x")+"package rampart.rules.custom.x\ndeny contains {\"msg\": \"x\", \"path\": []} if false\n")
	_, err := New(context.Background(), Options{Modules: []Module{rule, lib}})
	if err == nil || !strings.Contains(err.Error(), "custom/lib/env.rego:3:9: opa.runtime is not allowed") {
		t.Fatalf("err = %v, want opa.runtime refused in the library", err)
	}
}

// TestSandboxKeepsPureBuiltins: what does not leave the process stays
// available, CIDR arithmetic (for aws:SourceIp conditions) and the clock
// among it.
func TestSandboxKeepsPureBuiltins(t *testing.T) {
	src := meta("x") + `package rampart.rules.custom.x
deny contains {"msg": "outside the office", "path": ["Condition"]} if {
	not net.cidr_contains("10.0.0.0/8", input.Condition.IpAddress["aws:SourceIp"])
	time.now_ns() > 0
}
`
	e, err := New(context.Background(), Options{Modules: []Module{module("x", src)}})
	if err != nil {
		t.Fatal(err)
	}
	doc := map[string]any{"Condition": map[string]any{"IpAddress": map[string]any{"aws:SourceIp": "192.0.2.0/24"}}}
	vs, err := e.Eval(context.Background(), "iam-policy", Input(doc))
	if err != nil || len(vs) != 1 || vs[0].Msg != "outside the office" {
		t.Fatalf("violations %+v, err %v; want one", vs, err)
	}
}

// TestCustomPolicySeesOnlyRampartData: data holds rampart's settings and the
// policies, nothing else; a reference to anything else is undefined, not an
// error and not a way out.
func TestCustomPolicySeesOnlyRampartData(t *testing.T) {
	src := meta("x") + `package rampart.rules.custom.x

import data.secrets

deny contains {"msg": sprintf("%v", [secrets.token]), "path": []} if secrets.token
deny contains {"msg": "system", "path": []} if data.system
deny contains {"msg": sprintf("config %v", [object.keys(data.rampart.config)]), "path": []} if true
`
	e, err := New(context.Background(), Options{Modules: []Module{module("x", src)}, Settings: map[string]any{"team": "ci"}})
	if err != nil {
		t.Fatal(err)
	}
	vs, err := e.Eval(context.Background(), "iam-policy", Input(map[string]any{}))
	if err != nil || len(vs) != 1 || vs[0].Msg != `config {"team"}` {
		t.Fatalf("violations %+v, err %v; want only the config keys", vs, err)
	}
}
