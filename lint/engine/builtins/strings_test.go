package builtins

import (
	"context"
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
