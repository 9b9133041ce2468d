package builtins

import (
	"context"
	"fmt"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

// eval evaluates a query with rampart's built-ins and returns x.
func eval(t *testing.T, query string) ast.Value {
	t.Helper()
	opts := append([]func(*rego.Rego){rego.Query(query)}, Rego()...)
	rs, err := rego.New(opts...).Eval(context.Background())
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	if len(rs) != 1 {
		t.Fatalf("%s: %d results, want 1", query, len(rs))
	}
	v, err := ast.InterfaceToValue(rs[0].Bindings["x"])
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestWalkStrings(t *testing.T) {
	doc := `{"a": "short", "long key is not a value": 1, "b": ["0123456789", {"c": "héllo wörld"}, 12345678901], "d": {"e": true, "f": null, "g": "exactly-ten"}}`
	for _, tc := range []struct {
		n    int
		want string
	}{
		// Object keys in sorted order, as walk visits them; the key
		// itself is never a match.
		{10, `[[["b", 0], "0123456789"], [["b", 1, "c"], "héllo wörld"], [["d", "g"], "exactly-ten"]]`},
		// Characters, not bytes: "héllo wörld" is 11 characters, 13 bytes.
		{11, `[[["b", 1, "c"], "héllo wörld"], [["d", "g"], "exactly-ten"]]`},
		{12, `[]`},
		{0, `[[["a"], "short"], [["b", 0], "0123456789"], [["b", 1, "c"], "héllo wörld"], [["d", "g"], "exactly-ten"]]`},
	} {
		got := eval(t, "x := rampart.walk_strings("+doc+", "+ast.IntNumberTerm(tc.n).String()+")")
		want := ast.MustParseTerm(tc.want).Value
		if got.Compare(want) != 0 {
			t.Errorf("n=%d: got %v, want %v", tc.n, got, want)
		}
	}
}

// The Rego it replaces, on the same value: same pairs, same order.
func TestWalkStringsMatchesWalk(t *testing.T) {
	doc := `{"z": [{"k": "a string of some length"}, "another long string"], "s": {"in a set, long enough"}, "m": {"x": "tiny", "y": "a third long string"}}`
	got := eval(t, "x := rampart.walk_strings("+doc+", 8)")
	want := eval(t, "x := [[p, v] | walk("+doc+", [p, v]); is_string(v); count(v) >= 8]")
	if got.Compare(want) != 0 {
		t.Errorf("walk_strings %v\nwalk          %v", got, want)
	}
}

func TestWalkStringsBadCount(t *testing.T) {
	opts := append([]func(*rego.Rego){rego.Query(`x := rampart.walk_strings({}, "3")`)}, Rego()...)
	if _, err := rego.New(opts...).Eval(context.Background()); err == nil {
		t.Fatal("a string count was accepted")
	}
}

func TestDeclsSorted(t *testing.T) {
	ds := Decls()
	if len(ds) == 0 {
		t.Fatal("no built-ins declared")
	}
	for i, d := range ds {
		if d.Decl == nil || d.Description == "" {
			t.Errorf("%s: no type or description", d.Name)
		}
		if i > 0 && ds[i-1].Name >= d.Name {
			t.Errorf("not sorted: %s before %s", ds[i-1].Name, d.Name)
		}
	}
}

func TestWalkStringsMatching(t *testing.T) {
	doc := `{"Password": "hunter2-but-longer", "note": "akia in the middle", "list": ["x-AKIA-y", "short"], "Tags": [{"Key": "Password", "Value": "not a secret"}], "n": {"password": 12}, "u": "ſecret with a long s"}`
	for _, tc := range []struct {
		n      int
		filter string
		want   string
	}{
		// A value that holds the text whatever its case, or a string under a key that matches.
		{5, `{"value_contains": ["AKIA"], "key_pattern": "(?i)^password$"}`, `[[["Password"], "hunter2-but-longer"], [["list", 0], "x-AKIA-y"], [["note"], "akia in the middle"]]`},
		// Case as (?i) folds it: "ſ" is an "s".
		{5, `{"value_contains": ["secret"]}`, `[[["Tags", 0, "Value"], "not a secret"], [["u"], "ſecret with a long s"]]`},
		{5, `{"value_contains": ["ſECRET"]}`, `[[["Tags", 0, "Value"], "not a secret"], [["u"], "ſecret with a long s"]]`},
		// Object keys only: a list index is no key, a key's own text is no value.
		{1, `{"value_pattern": "^note$", "key_pattern": "^(0|1)$"}`, `[]`},
		{1, `{"key_pattern": "^Value$"}`, `[[["Tags", 0, "Value"], "not a secret"]]`},
		{1, `{"value_pattern": "^[a-z]{5}$"}`, `[[["list", 1], "short"]]`},
		// Still at least n characters.
		{10, `{"value_contains": ["akia"]}`, `[[["note"], "akia in the middle"]]`},
		{1, `{}`, `[]`},
	} {
		got := eval(t, "x := rampart.walk_strings_matching("+doc+", "+ast.IntNumberTerm(tc.n).String()+", "+tc.filter+")")
		if want := ast.MustParseTerm(tc.want).Value; got.Compare(want) != 0 {
			t.Errorf("n=%d %s: got %v, want %v", tc.n, tc.filter, got, want)
		}
	}
}

// The Rego it replaces: walk_strings filtered by the same tests. Keys are
// asked twice, so that the second answer comes from the cache.
func TestWalkStringsMatchingMatchesRego(t *testing.T) {
	const ref = `package ref

hints := ["tok_", "secret"]

value := "x{20}"

key := "(?i)secret|password|token"

want := [[p, v] | some [p, v] in rampart.walk_strings(input, 16); _keep(p, v)]

have := rampart.walk_strings_matching(input, 16, {"value_contains": hints, "value_pattern": value, "key_pattern": key})

again := rampart.walk_strings_matching(input, 16, {"value_contains": hints, "value_pattern": value, "key_pattern": key})

_keep(_, v) if {
	some h in hints
	contains(lower(v), h)
}

_keep(_, v) if regex.match(value, v)

_keep(p, _) if {
	is_string(p[count(p) - 1])
	regex.match(key, p[count(p) - 1])
}
`
	doc := ast.MustParseTerm(`{"a": {"secret_key": "0123456789abcdef", "b": ["TOK_1234567890ab", {"password": "p@ss-word-123456"}]}, "token": ["in a list under a secret key"], "c": "xxxxxxxxxxxxxxxxxxxxxx", "d": "long enough but no match", "e": "a SECRET in capitals"}`).Value
	opts := append([]func(*rego.Rego){rego.Query("want = data.ref.want; have = data.ref.have; again = data.ref.again"), rego.Module("ref.rego", ref), rego.ParsedInput(doc)}, Rego()...)
	rs, err := rego.New(opts...).Eval(context.Background())
	if err != nil || len(rs) != 1 {
		t.Fatalf("%d results, %v", len(rs), err)
	}
	want, have, again := rs[0].Bindings["want"].([]any), rs[0].Bindings["have"].([]any), rs[0].Bindings["again"].([]any)
	if len(have) != 6 || fmt.Sprint(want) != fmt.Sprint(have) || fmt.Sprint(have) != fmt.Sprint(again) {
		t.Errorf("walk_strings_matching %v\nagain                 %v\nRego                  %v", have, again, want)
	}
}

func TestWalkStringsMatchingBadFilter(t *testing.T) {
	for _, q := range []string{
		`x := rampart.walk_strings_matching({}, 1, {"value_pattern": "("})`,
		`x := rampart.walk_strings_matching({}, 1, {"key_pattern": 3})`,
		`x := rampart.walk_strings_matching({}, 1, {"value_contains": [1]})`,
		`x := rampart.walk_strings_matching({}, 1, {"value_contains": "text"})`,
		`x := rampart.walk_strings_matching({}, 1, {"values": ["a"]})`,
	} {
		opts := append([]func(*rego.Rego){rego.Query(q), rego.StrictBuiltinErrors(true)}, Rego()...)
		if _, err := rego.New(opts...).Eval(context.Background()); err == nil {
			t.Errorf("%s: accepted", q)
		}
	}
}

func TestContainsFold(t *testing.T) {
	for _, tc := range []struct {
		s, sub string
		want   bool
	}{
		{"GetSecretValue", "secret", true},
		{"arn:aws:s3:::bucket", "secret", false},
		{"", "", true},
		{"abc", "", true},
		{"ab", "abc", false},
		{"ſecret", "secret", true}, // long s folds to s
		{"\u212Aey", "key", true},  // Kelvin sign folds to k
		{"héllo secret", "SECRET", true},
		{"héllo", "hello", false},
	} {
		if got := containsFold(tc.s, tc.sub); got != tc.want {
			t.Errorf("containsFold(%q, %q) = %v", tc.s, tc.sub, got)
		}
	}
}

// The filter and key caches are shared by queries that run at the same
// time (go test -race).
func TestWalkStringsMatchingConcurrent(t *testing.T) {
	q := `x := count(rampart.walk_strings_matching({"Password": "hunter2-but-longer", "k": "an AKIA value"}, 5, {"value_contains": ["akia"], "key_pattern": "(?i)password"}))`
	pq, err := rego.New(append([]func(*rego.Rego){rego.Query(q)}, Rego()...)...).PrepareForEval(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		go func() {
			for j := 0; j < 50; j++ {
				rs, err := pq.Eval(context.Background())
				if err == nil && (len(rs) != 1 || fmt.Sprint(rs[0].Bindings["x"]) != "2") {
					err = fmt.Errorf("got %v", rs)
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for i := 0; i < 8; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}
