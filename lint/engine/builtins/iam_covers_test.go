package builtins

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

func TestIAMCovers(t *testing.T) {
	actions := `{"iam:PassRole", "iam:PutRolePolicy", "iam:PutUserPolicy", "iam:AttachRolePolicy", "s3:GetObject"}`
	for _, tc := range []struct{ patterns, want string }{
		{`["iam:passrole"]`, `{"iam:passrole": {"iam:PassRole"}}`},
		{`{"IAM:Put*Policy", "iam:*", "*"}`, `{"IAM:Put*Policy": {"iam:PutRolePolicy", "iam:PutUserPolicy"}, "iam:*": {"iam:PassRole", "iam:PutRolePolicy", "iam:PutUserPolicy", "iam:AttachRolePolicy"}, "*": {"iam:PassRole", "iam:PutRolePolicy", "iam:PutUserPolicy", "iam:AttachRolePolicy", "s3:GetObject"}}`},
		// ? is one character; nothing covered, nothing returned.
		{`["iam:PassRol?", "iam:PassRo?", "s3:Get", "ec2:*"]`, `{"iam:PassRol?": {"iam:PassRole"}}`},
		// Glob syntax makes a pattern malformed; non-strings are skipped.
		{`["iam:Put[RU]*", "iam:{Pass,Put}*", "iam:Pass\\*", 7, null]`, `{}`},
		{`[]`, `{}`},
	} {
		// Compared in Rego: the result holds sets, which leave a query as lists.
		call := "rampart.iam.covers(" + tc.patterns + ", " + actions + ")"
		if same := eval(t, "x := "+call+" == "+tc.want); same.Compare(ast.Boolean(true)) != 0 {
			t.Errorf("%s: got %v, want %v", tc.patterns, eval(t, "x := "+call), tc.want)
		}
	}
}

func TestIAMCoversBadOperand(t *testing.T) {
	for _, q := range []string{`x := rampart.iam.covers("iam:*", ["iam:PassRole"])`, `x := rampart.iam.covers(["iam:*"], {"a": 1})`} {
		opts := append([]func(*rego.Rego){rego.Query(q), rego.StrictBuiltinErrors(true)}, Rego()...)
		if _, err := rego.New(opts...).Eval(context.Background()); err == nil {
			t.Errorf("%s: accepted", q)
		}
	}
}

// actionCoversRego is iam.rego's action_covers, which rampart.iam.covers
// answers for many patterns and actions at once.
const actionCoversRego = `package ref

action_covers(pattern, action) if {
	is_string(pattern)
	lower(pattern) == lower(action)
}

action_covers(pattern, action) if {
	is_string(pattern)
	regex.match("[*?]", pattern)
	not _glob_syntax(pattern)
	glob.match(lower(pattern), null, lower(action))
}

_glob_syntax(p) if contains(p, "[")

_glob_syntax(p) if contains(p, "{")

_glob_syntax(p) if contains(p, "\\")

covers(patterns, actions) := {p: covered |
	some p in patterns
	covered := {a | some a in actions; action_covers(p, a)}
	count(covered) > 0
}
`

// TestIAMCoversMatchesRego compares the built-in with action_covers on
// random patterns and names made of the characters that matter: wildcards,
// glob syntax, case, and characters of more than one byte.
func TestIAMCoversMatchesRego(t *testing.T) {
	ctx := context.Background()
	opts := append([]func(*rego.Rego){
		rego.Query("want := data.ref.covers(input.patterns, input.actions); have := rampart.iam.covers(input.patterns, input.actions); same := want == have; n := count(have)"),
		rego.Module("ref.rego", actionCoversRego),
	}, Rego()...)
	pq, err := rego.New(opts...).PrepareForEval(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(3, 4))
	word := func(alphabet []string, max int) string {
		var b strings.Builder
		for n := r.IntN(max + 1); n > 0; n-- {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		return b.String()
	}
	names := []string{"a", "B", "b", ":", "é", "É", "ß", "İ", "-", "a", "b", ":"}
	syntax := append([]string{"*", "*", "?", "?", "**", "[", "]", "{", "}", ",", `\`}, names...)
	// Names with glob syntax in them: a malformed pattern must not match them either.
	names = append(names, "[", "{", `\`)
	covered := 0
	for i := 0; i < 300; i++ {
		var patterns, actions []any
		for j := 0; j < 6; j++ {
			patterns = append(patterns, word(syntax, 6))
			actions = append(actions, word(names, 5))
		}
		patterns = append(patterns, 3, nil)
		in, err := ast.InterfaceToValue(map[string]any{"patterns": patterns, "actions": actions})
		if err != nil {
			t.Fatal(err)
		}
		rs, err := pq.Eval(ctx, rego.EvalParsedInput(in))
		if err != nil || len(rs) != 1 {
			t.Fatalf("%v: %d results, %v", in, len(rs), err)
		}
		b := rs[0].Bindings
		if b["same"] != true {
			t.Fatalf("input %v\nrego     %v\nbuilt-in %v", in, b["want"], b["have"])
		}
		if n, _ := b["n"].(interface{ String() string }); n != nil && n.String() != "0" {
			covered++
		}
	}
	// Most random pairs cover nothing; enough must cover something.
	if covered < 100 {
		t.Fatalf("only %d of 300 cases covered anything", covered)
	}
}

func TestWildcardMatch(t *testing.T) {
	for _, tc := range []struct {
		pattern, s string
		want       bool
	}{
		{"*", "", true},
		{"?", "", false},
		{"?", "é", true},
		{"a*b*c", "axxbyyc", true},
		{"a*b*c", "axxbyy", false},
		{"*:*", "iam:passrole", true},
		{"iam:put*policy", "iam:putrolepolicy", true},
		{"iam:put*policy", "iam:putrolepolicyx", false},
		{"**a", "bba", true},
		{"a?c", "abbc", false},
	} {
		if got := wildcardMatch(tc.pattern, tc.s); got != tc.want {
			t.Errorf("wildcardMatch(%q, %q) = %v", tc.pattern, tc.s, got)
		}
	}
}
