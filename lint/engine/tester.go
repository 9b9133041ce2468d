package engine

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/tester"

	"github.com/rampart-lint/rampart/lint/engine/builtins"
)

// TestOptions configure RunTests.
type TestOptions struct {
	// Run selects tests by a regular expression over their full names
	// (data.acme.x_test.test_y), as opa test --run does; empty runs all.
	Run string
	// Trace records an evaluation trace for each test.
	Trace bool
	// Timeout bounds each test; zero means DefaultTestTimeout.
	Timeout time.Duration
}

// DefaultTestTimeout bounds one Rego test. OPA's own default of 5 s flakes on
// a loaded CI machine without proving anything.
const DefaultTestTimeout = 30 * time.Second

// RunTests runs Rego unit tests against the engine's custom policies and
// the built-in libraries they reach, compiled as linting compiles them:
// inside the sandbox, with the rules' default settings in
// data.rampart.config. Results come back sorted by file and line. A test
// module that does not parse or compile is an error (a *LoadError).
func (e *Engine) RunTests(ctx context.Context, tests []Module, opts TestOptions) ([]*tester.Result, error) {
	if _, err := regexp.Compile(opts.Run); err != nil {
		return nil, fmt.Errorf("--run: %w", err)
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTestTimeout
	}
	parsed, errs := parseAll(tests)
	var problems []string
	for _, err := range errs {
		if err != nil {
			problems = append(problems, parseProblems(err)...)
		}
	}
	if len(problems) > 0 {
		return nil, &LoadError{Problems: problems}
	}
	var names []string
	for name, m := range e.sources {
		if !m.Builtin {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	mods, err := e.closureOf(names, parsed)
	if err != nil {
		return nil, err
	}
	// The runner compiles the modules itself, which rewrites them; the
	// engine's parsed modules are shared, so it gets copies.
	cp := make(map[string]*ast.Module, len(mods))
	for k, m := range mods {
		cp[k] = m.Copy()
	}
	c := ast.NewCompiler().
		WithCapabilities(sandboxCapabilities()).
		WithEnablePrintStatements(true)
	ch, err := tester.NewRunner().
		SetCompiler(c).
		AddCustomBuiltins(builtins.Tester()).
		SetStore(e.store).
		SetTimeout(opts.Timeout).
		CapturePrintOutput(true).
		EnableTracing(opts.Trace).
		Filter(opts.Run).
		SetModules(cp).
		RunTests(ctx, nil)
	if err != nil {
		var errs ast.Errors
		if errors.As(err, &errs) {
			for _, ce := range errs {
				problems = append(problems, explainCompileError(ce))
			}
			return nil, &LoadError{Problems: problems}
		}
		return nil, err
	}
	var out []*tester.Result
	for r := range ch {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].Location, out[j].Location
		if a == nil || b == nil {
			return a != nil
		}
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Row < b.Row
	})
	return out, ctx.Err()
}
