package engine

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

// A rule reporting every Action value, so that results depend on the input.
const actionRule = `package rampart.rules.custom.x
deny contains {"msg": sprintf("action %s", [a]), "path": ["Statement", i, "Action"]} if {
	some i, st in input.Statement
	a := st.Action
}
`

func policy(actions ...string) ast.Value {
	var st []string
	for _, a := range actions {
		st = append(st, fmt.Sprintf(`{"Effect": "Allow", "Action": %q, "Resource": "*"}`, a))
	}
	return ast.MustParseTerm(`{"Statement": [` + strings.Join(st, ",") + `]}`).Value
}

func cached(e *Engine) int {
	e.cache.mu.Lock()
	defer e.cache.mu.Unlock()
	return e.cache.lru.Len()
}

func TestCacheReturnsEqualResultsForEqualDocuments(t *testing.T) {
	ctx := context.Background()
	e, err := New(ctx, Options{Modules: []Module{module("x", meta("x")+actionRule)}})
	if err != nil {
		t.Fatal(err)
	}
	first, err := e.Eval(ctx, "iam-policy", policy("s3:GetObject", "s3:*"))
	if err != nil || len(first) != 2 {
		t.Fatalf("violations %v, err %v; want 2", first, err)
	}
	if n := cached(e); n != 1 {
		t.Fatalf("%d cache entries after one document, want 1", n)
	}
	// An equal document built anew is served from the cache: no new entry,
	// the same violations.
	again, err := e.Eval(ctx, "iam-policy", policy("s3:GetObject", "s3:*"))
	if err != nil || !reflect.DeepEqual(first, again) {
		t.Fatalf("second evaluation %v (err %v), want %v", again, err, first)
	}
	if n := cached(e); n != 1 {
		t.Errorf("%d cache entries after an equal document, want 1", n)
	}
	// What a caller does to its slice does not reach the cache.
	again[0].Msg = "changed"
	third, _ := e.Eval(ctx, "iam-policy", policy("s3:GetObject", "s3:*"))
	if !reflect.DeepEqual(first, third) {
		t.Errorf("after a caller changed its copy: %v, want %v", third, first)
	}
	// A different document is evaluated, not confused with the first.
	other, _ := e.Eval(ctx, "iam-policy", policy("ec2:RunInstances"))
	if len(other) != 1 || other[0].Msg != "action ec2:RunInstances" {
		t.Errorf("other document: %v", other)
	}
	if n := cached(e); n != 2 {
		t.Errorf("%d cache entries after two documents, want 2", n)
	}
}

// A policy that reads the clock may answer differently for the same
// document, so its kind is never cached.
func TestCacheOffForNondeterministicPolicies(t *testing.T) {
	ctx := context.Background()
	src := meta("x") + `package rampart.rules.custom.x
deny contains {"msg": sprintf("at %d", [time.now_ns()]), "path": []} if input.Statement
`
	e, err := New(ctx, Options{Modules: []Module{module("x", src)}})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if vs, err := e.Eval(ctx, "iam-policy", policy("s3:GetObject")); err != nil || len(vs) != 1 {
			t.Fatalf("violations %v, err %v", vs, err)
		}
	}
	if n := cached(e); n != 0 {
		t.Errorf("%d cache entries for a policy calling time.now_ns, want 0", n)
	}
}

func TestCacheBounds(t *testing.T) {
	ctx := context.Background()
	e, err := New(ctx, Options{Modules: []Module{module("x", meta("x")+actionRule)}})
	if err != nil {
		t.Fatal(err)
	}
	// A document over cacheDocNodes is not kept.
	big := make([]string, cacheDocNodes/4)
	for i := range big {
		big[i] = fmt.Sprintf("s3:Action%d", i)
	}
	if vs, err := e.Eval(ctx, "iam-policy", policy(big...)); err != nil || len(vs) != len(big) {
		t.Fatalf("big document: %d violations, err %v", len(vs), err)
	}
	if n := cached(e); n != 0 {
		t.Errorf("a document of %d statements was cached", len(big))
	}
	// Many small documents: the oldest go, the total stays bounded.
	e.cache = newResultCache(500)
	for i := 0; i < 200; i++ {
		if _, err := e.Eval(ctx, "iam-policy", policy(fmt.Sprintf("s3:Action%d", i))); err != nil {
			t.Fatal(err)
		}
	}
	e.cache.mu.Lock()
	nodes, entries := e.cache.nodes, e.cache.lru.Len()
	e.cache.mu.Unlock()
	if nodes > 500 || entries == 0 || entries >= 200 {
		t.Errorf("after 200 documents: %d entries of %d nodes, want some, at most 500 nodes", entries, nodes)
	}
	// The most recent one is still there, the first is gone.
	if _, ok := e.cache.get("iam-policy", policy("s3:Action199"), policy("s3:Action199").Hash()); !ok {
		t.Error("the last document is not cached")
	}
	if _, ok := e.cache.get("iam-policy", policy("s3:Action0"), policy("s3:Action0").Hash()); ok {
		t.Error("the first document is still cached")
	}
}

func TestCountNodes(t *testing.T) {
	v := ast.MustParseTerm(`{"a": [1, 2, {"b": "c"}], "d": true}`).Value
	// The object, its two keys, the array, 1, 2, the inner object, its key, "c", true.
	if n := countNodes(v, 100); n != 10 {
		t.Errorf("countNodes = %d, want 10", n)
	}
	if n := countNodes(v, 3); n > 4 {
		t.Errorf("countNodes with limit 3 went on to %d", n)
	}
}

// The built-in policies are pure functions of the document: every kind's
// results may be cached.
func TestBuiltinPoliciesCacheable(t *testing.T) {
	ctx := context.Background()
	mods, err := BuiltinModules()
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(ctx, Options{Modules: mods})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, r := range e.Rules() {
		for _, k := range r.Kinds {
			kinds[k] = true
		}
	}
	for k := range kinds {
		if k == "*" {
			continue
		}
		kq := e.kindQuery(ctx, k)
		if kq.err != nil {
			t.Fatalf("%s: %v", k, kq.err)
		}
		if !kq.cacheable {
			t.Errorf("kind %s: a built-in rule calls a nondeterministic built-in", k)
		}
	}
}
