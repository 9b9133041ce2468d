package engine

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/tester"
)

func testEngine(t *testing.T) *Engine {
	t.Helper()
	src := strings.Replace(meta("x"), "#   remediation: Fix it.\n", "#   remediation: Fix it.\n#   settings:\n#     limit: 2\n", 1) + `package rampart.rules.custom.x

import data.rampart.lib.result

deny contains result.violation(sprintf("over %d", [data.rampart.config.limit]), ["n"]) if input.n > data.rampart.config.limit
`
	e, err := New(context.Background(), Options{Modules: builtinAnd(t, module("x", src))})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func outcomes(rs []*tester.Result) string {
	var b strings.Builder
	for _, r := range rs {
		switch {
		case r.Error != nil:
			b.WriteString("ERROR ")
		case r.Fail:
			b.WriteString("FAIL ")
		case r.Skip:
			b.WriteString("SKIP ")
		default:
			b.WriteString("PASS ")
		}
		b.WriteString(r.Name + "\n")
	}
	return b.String()
}

func TestRunTests(t *testing.T) {
	e := testEngine(t)
	tests := []Module{{Name: "custom/x_test.rego", Source: []byte(`package rampart.rules.custom.x_test

import data.rampart.lib.result
import data.rampart.rules.custom.x

test_over_the_default_limit if {
	x.deny == {result.violation("over 2", ["n"])} with input as {"n": 3}
}

test_under_a_configured_limit if {
	count(x.deny) == 0 with input as {"n": 3} with data.rampart.config.limit as 5
}

test_wrong if {
	print("looking at", x.deny)
	count(x.deny) == 1 with input as {"n": 1}
}

_conflict := 1 if input.a

_conflict := 2 if input.a

test_conflict if _conflict with input as {"a": true}

todo_test_later if false
`)}}
	rs, err := e.RunTests(context.Background(), tests, TestOptions{Trace: true})
	if err != nil {
		t.Fatal(err)
	}
	want := "PASS test_over_the_default_limit\nPASS test_under_a_configured_limit\nFAIL test_wrong\nERROR test_conflict\nSKIP todo_test_later\n"
	if got := outcomes(rs); got != want {
		t.Fatalf("outcomes:\n%s\nwant:\n%s", got, want)
	}
	if out := string(rs[2].Output); !strings.Contains(out, "looking at set()") {
		t.Errorf("print output of test_wrong = %q", out)
	}
	if rs[0].Location.File != "custom/x_test.rego" || rs[0].Location.Row != 6 {
		t.Errorf("location = %v, want custom/x_test.rego:6", rs[0].Location)
	}

	rs, err = e.RunTests(context.Background(), tests, TestOptions{Run: "limit$"})
	if err != nil {
		t.Fatal(err)
	}
	if got := outcomes(rs); got != "PASS test_over_the_default_limit\nPASS test_under_a_configured_limit\n" {
		t.Errorf("--run limit$ ran:\n%s", got)
	}
}

func TestRunTestsRefuses(t *testing.T) {
	e := testEngine(t)
	cases := map[string]struct{ src, want string }{
		"sandbox": {"package t\n\ntest_env if opa.runtime().env.HOME\n",
			"custom/t_test.rego:3:13: opa.runtime is not allowed: custom policies run sandboxed"},
		"compile": {"package t\n\ntest_x if undefined_fn(1)\n",
			"custom/t_test.rego:3: rego_type_error: undefined function undefined_fn"},
		"parse": {"package t\n\ntest_x if {\n",
			"custom/t_test.rego:4: rego_parse_error: unexpected eof token"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := e.RunTests(context.Background(), []Module{{Name: "custom/t_test.rego", Source: []byte(tc.src)}}, TestOptions{})
			var le *LoadError
			if !errors.As(err, &le) || len(le.Problems) != 1 || !strings.HasPrefix(le.Problems[0], tc.want) {
				t.Fatalf("err = %v, want a LoadError with %q", err, tc.want)
			}
		})
	}
	if _, err := e.RunTests(context.Background(), nil, TestOptions{Run: "("}); err == nil || !strings.Contains(err.Error(), "--run") {
		t.Errorf("bad --run: err = %v", err)
	}
}
