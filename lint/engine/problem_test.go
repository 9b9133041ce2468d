package engine

import (
	"context"
	"errors"
	"testing"
)

// TestLocatedProblems: a syntax error and a sandbox refusal keep their
// column; a metadata problem is read back from its string; the string form
// is what it was.
func TestLocatedProblems(t *testing.T) {
	load := func(mods ...Module) *LoadError {
		t.Helper()
		_, err := New(context.Background(), Options{Modules: mods})
		var le *LoadError
		if !errors.As(err, &le) {
			t.Fatalf("err = %v, want a LoadError", err)
		}
		return le
	}

	// Line 10 (8 metadata lines, the package, then the rule) breaks at its
	// second token.
	syntax := load(module("x", meta("x")+"package rampart.rules.custom.x\ndeny contains if {\n"))
	got := syntax.Located()
	if len(got) != len(syntax.Problems) || got[0].File != "custom/x.rego" || got[0].Line != 10 || got[0].Col == 0 || got[0].Msg == "" {
		t.Fatalf("syntax error located as %+v (problems %q)", got, syntax.Problems)
	}

	sandbox := load(module("x", meta("x")+"package rampart.rules.custom.x\n"+
		"deny contains {\"msg\": sprintf(\"%v\", [v]), \"path\": []} if {\n\tv := http.send({})\n}\n"))
	got = sandbox.Located()
	want := Problem{File: "custom/x.rego", Line: 11, Col: 7, Msg: "http.send is not allowed: custom policies run sandboxed: no network, no environment, no files (it sends HTTP requests)"}
	if len(got) != 1 || got[0] != want {
		t.Fatalf("sandbox refusal located as %+v, want %+v", got, want)
	}
	if sandbox.Problems[0] != want.String() {
		t.Errorf("string form %q, want %q", sandbox.Problems[0], want.String())
	}

	meta := load(module("x", "# METADATA\n# title: x\n# custom:\n#   id: custom/x\npackage rampart.rules.custom.x\n"))
	got = meta.Located()
	if len(got) == 0 || got[0].File != "custom/x.rego" || got[0].Line != 5 || got[0].Col != 0 {
		t.Fatalf("metadata problem located as %+v (problems %q)", got, meta.Problems)
	}
}

func TestParseProblem(t *testing.T) {
	for in, want := range map[string]Problem{
		"p/x.rego:3: bad":             {File: "p/x.rego", Line: 3, Msg: "bad"},
		"p/x.rego:3:9: bad: worse":    {File: "p/x.rego", Line: 3, Col: 9, Msg: "bad: worse"},
		`C:\p\x.rego:12: bad`:         {File: `C:\p\x.rego`, Line: 12, Msg: "bad"},
		"p/x.rego: not UTF-8 text":    {File: "p/x.rego", Msg: "not UTF-8 text"},
		"policy directory p: no such": {Msg: "policy directory p: no such"},
		"p/x.rego:3: multi\n\tline":   {File: "p/x.rego", Line: 3, Msg: "multi\n\tline"},
	} {
		if got := ParseProblem(in); got != want {
			t.Errorf("ParseProblem(%q) = %+v, want %+v", in, got, want)
		}
	}
}
