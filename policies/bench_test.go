package policies_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/rampart-lint/rampart/lint/engine"
)

// The benchmarks below measure the iam-policy rules one at a time, so that a
// slow rule shows up by name rather than as part of BenchmarkLintPolicy. An
// engine with a single rule enabled still computes the rampart.lib.iam values
// that rule uses, so each figure is "this rule plus the shared facts it reads";
// BenchmarkIAMRules/all is every rule in one query, as the linter runs them.
//
//	go test ./policies -run XXX -bench IAMRules -benchmem

// iamPolicyRules are the built-in rules of kind iam-policy.
func iamPolicyRules(b *testing.B, mods []engine.Module) []string {
	eng, err := engine.New(context.Background(), engine.Options{Modules: mods})
	if err != nil {
		b.Fatal(err)
	}
	var ids []string
	for _, r := range eng.Rules() {
		if r.AppliesTo("iam-policy") {
			ids = append(ids, r.ID)
		}
	}
	if len(ids) == 0 {
		b.Fatal("no iam-policy rules")
	}
	return ids
}

// readJSON decodes a JSON file as the linter does: numbers stay json.Number.
func readJSON(b *testing.B, path string) any {
	src, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		b.Fatalf("%s: %v", path, err)
	}
	return v
}

// seedInput is the seed's deploy-stage policy, the document of
// BenchmarkLintPolicy: 3 clean statements.
func seedInput(b *testing.B) ast.Value {
	return engine.Input(readJSON(b, filepath.Join("..", "testdata", "examples", "iam", "seed-deploy-stage-policy.json")))
}

// bigInput is one policy of n statements, cycling through every statement of
// the JSON IAM examples and rule fixtures, good and bad: wildcards, NotAction,
// principals, OIDC trust conditions, PassRole grants, duplicate Sids.
func bigInput(b *testing.B, n int) ast.Value {
	var files []string
	for _, pattern := range []string{
		filepath.Join("..", "testdata", "examples", "iam", "*.json"),
		filepath.Join("..", "testdata", "rules", "iam", "*", "*.json"),
	} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, m...)
	}
	sort.Strings(files)
	var pool []any
	for _, f := range files {
		doc, ok := readJSON(b, f).(map[string]any)
		if !ok {
			continue
		}
		switch st := doc["Statement"].(type) {
		case []any:
			pool = append(pool, st...)
		case map[string]any:
			pool = append(pool, st)
		}
	}
	if len(pool) == 0 {
		b.Fatal("no statements in the IAM fixtures")
	}
	stmts := make([]any, n)
	for i := range stmts {
		stmts[i] = pool[i%len(pool)]
	}
	return engine.Input(map[string]any{"Version": "2012-10-17", "Statement": stmts})
}

func benchRules(b *testing.B, input ast.Value) {
	ctx := context.Background()
	mods, err := engine.BuiltinModules()
	if err != nil {
		b.Fatal(err)
	}
	ids := append([]string{"all"}, iamPolicyRules(b, mods)...)
	for _, id := range ids {
		b.Run(id, func(b *testing.B) {
			enabled := func(r string) bool { return id == "all" || r == id }
			// The same document every time: without NoCache, the engine
			// would answer from its result cache after the first.
			eng, err := engine.New(ctx, engine.Options{Modules: mods, Enabled: enabled, NoCache: true})
			if err != nil {
				b.Fatal(err)
			}
			// The first evaluation prepares the query; keep it out of the timing.
			if _, err := eng.Eval(ctx, "iam-policy", input); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := eng.Eval(ctx, "iam-policy", input); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkIAMRules evaluates each iam-policy rule on the seed's deploy-stage
// policy (3 statements).
func BenchmarkIAMRules(b *testing.B) {
	benchRules(b, seedInput(b))
}

// BenchmarkIAMRulesBig evaluates each iam-policy rule on 500-statement
// policies, to catch work that grows with the square of the statement count:
// "clean" repeats the seed's statements (no finding), "mixed" cycles through
// every statement of the fixtures (findings of every rule).
func BenchmarkIAMRulesBig(b *testing.B) {
	b.Run("clean-500", func(b *testing.B) { benchRules(b, cleanInput(b, 500)) })
	b.Run("mixed-500", func(b *testing.B) { benchRules(b, bigInput(b, 500)) })
}

// cleanInput is one policy of n statements, the seed policy's repeated.
func cleanInput(b *testing.B, n int) ast.Value {
	seed := readJSON(b, filepath.Join("..", "testdata", "examples", "iam", "seed-deploy-stage-policy.json")).(map[string]any)
	pool := seed["Statement"].([]any)
	stmts := make([]any, n)
	for i := range stmts {
		stmts[i] = pool[i%len(pool)]
	}
	return engine.Input(map[string]any{"Version": "2012-10-17", "Statement": stmts})
}
