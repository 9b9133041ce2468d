package policies_test

import (
	"context"
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/tester"

	"github.com/rampart-lint/rampart/lint/engine"
	"github.com/rampart-lint/rampart/lint/engine/builtins"
	"github.com/rampart-lint/rampart/policies"
)

// TestRego runs every _test.rego of the built-in policies, compiled with the
// same restricted capabilities and default settings as in production, so a
// rule that passes here behaves the same inside rampart.
func TestRego(t *testing.T) {
	ctx := context.Background()
	mods := map[string]*ast.Module{}
	err := fs.WalkDir(policies.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".rego") {
			return err
		}
		src, err := fs.ReadFile(policies.FS, p)
		if err != nil {
			return err
		}
		m, err := ast.ParseModuleWithOpts(p, string(src), ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err != nil {
			return err
		}
		mods[p] = m
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	builtin, err := engine.BuiltinModules()
	if err != nil {
		t.Fatal(err)
	}
	eng, err := engine.New(ctx, engine.Options{Modules: builtin})
	if err != nil {
		t.Fatal(err)
	}
	settings := map[string]any{}
	for _, r := range eng.Rules() {
		for k, v := range r.Settings {
			settings[k] = v
		}
	}
	store := inmem.NewFromObject(map[string]any{"rampart": map[string]any{"config": settings}})

	runner := tester.NewRunner().
		SetCompiler(ast.NewCompiler().WithCapabilities(engine.Capabilities())).
		AddCustomBuiltins(builtins.Tester()).
		SetStore(store).
		// The default per-test timeout is seconds; under -race on a loaded
		// two-core CI machine that flakes without proving anything.
		SetTimeout(2 * time.Minute).
		CapturePrintOutput(true)
	ch, err := runner.Run(ctx, mods)
	if err != nil {
		t.Fatal(err)
	}
	passed := 0
	for r := range ch {
		switch {
		case r.Error != nil:
			t.Errorf("%s.%s: error: %v", r.Package, r.Name, r.Error)
		case r.Fail:
			t.Errorf("%s.%s (%s): failed%s", r.Package, r.Name, r.Location, output(r.Output))
		case r.Skip:
			t.Errorf("%s.%s: skipped (todo_ tests are not allowed)", r.Package, r.Name)
		default:
			passed++
		}
	}
	if passed == 0 {
		t.Fatal("no Rego test ran")
	}
	t.Logf("%d Rego tests passed", passed)
}

func output(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return "\n" + string(b)
}
