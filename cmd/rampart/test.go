package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/tester"
	"github.com/open-policy-agent/opa/v1/topdown"
	"github.com/spf13/cobra"

	"github.com/rampart-lint/rampart/lint/engine"
)

func testCommand() *cobra.Command {
	var run string
	var verbose bool
	cmd := &cobra.Command{
		Use:   "test DIR...",
		Short: "Run the Rego tests of custom policy directories",
		Long: `Run the Rego unit tests (rules named test_* in *_test.rego files) of custom
policy directories, compiled as rampart lint compiles them: inside the sandbox,
with rampart's libraries (data.rampart.lib.*) and the rules' default settings
in data.rampart.config. The policies' metadata is checked as lint checks it.

Exit status: 0 when every test passes, 1 when one fails or none ran,
2 when a policy or test does not load or compile.`,
		Example: `  rampart test policies/
  rampart test -v --run 'codebuild' policies/`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, dirs []string) error {
			return runTests(cmd, dirs, run, verbose)
		},
	}
	cmd.Flags().StringVar(&run, "run", "", "run only the tests whose full name (data.pkg.test_name) matches this regular expression")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "show print() output of every test and the evaluation trace of failed ones")
	return cmd
}

func runTests(cmd *cobra.Command, dirs []string, run string, verbose bool) error {
	ctx := cmd.Context()
	pol, err := engine.LoadPolicies(dirs...)
	if err != nil {
		return err
	}
	builtin, err := engine.BuiltinModules()
	if err != nil {
		return err
	}
	eng, err := engine.New(ctx, engine.Options{Modules: append(builtin, pol.Modules...)})
	if err != nil {
		return err
	}
	results, err := eng.RunTests(ctx, pol.Tests, engine.TestOptions{Run: run, Trace: true})
	if err != nil {
		return err
	}
	w := cmd.OutOrStdout()
	var pass, fail, errs, skip int
	for _, r := range results {
		switch {
		case r.Skip:
			skip++
		case r.Error != nil:
			errs++
		case r.Fail:
			fail++
		default:
			pass++
		}
		printResult(w, r, verbose)
	}
	if len(results) == 0 {
		what := "no tests ran: tests are rules named test_* in *_test.rego files"
		if run != "" {
			what = fmt.Sprintf("no test matches --run %q", run)
		}
		fmt.Fprintf(cmd.ErrOrStderr(), "rampart: %s\n", what)
		return exitCodeError{exitFindings}
	}
	fmt.Fprintf(w, "\n%d passed, %d failed, %d errors, %d skipped\n", pass, fail, errs, skip)
	if fail+errs > 0 {
		return exitCodeError{exitFindings}
	}
	return nil
}

func printResult(w io.Writer, r *tester.Result, verbose bool) {
	status := "PASS"
	switch {
	case r.Skip:
		status = "SKIP"
	case r.Error != nil:
		status = "ERROR"
	case r.Fail:
		status = "FAIL"
	}
	where := r.Package
	if r.Location != nil {
		where = fmt.Sprintf("%s:%d", displayPath(r.Location.File), r.Location.Row)
	}
	fmt.Fprintf(w, "%-5s %s: %s\n", status, where, r.Name)
	ind := "      "
	for name, sr := range r.SubResults.Iter {
		if sr.Fail || verbose {
			fmt.Fprintf(w, "%s%s%s: %s\n", ind, strings.Repeat("  ", len(name)-1), name[len(name)-1], outcome(sr.Fail))
		}
	}
	if r.Error != nil {
		indent(w, ind, r.Error.Error())
	}
	if r.Fail {
		if e := failedAt(r.Trace); e != nil {
			// The source text, not e.Node: compiled expressions carry
			// rewritten names such as __local12__.
			fmt.Fprintf(w, "%sfailed at %s:%d: %s\n", ind, displayPath(e.Location.File), e.Location.Row, strings.TrimSpace(string(e.Location.Text)))
		}
	}
	if len(r.Output) > 0 && (verbose || !r.Pass()) {
		indent(w, ind, strings.TrimRight(string(r.Output), "\n"))
	}
	if verbose && r.Fail && len(r.Trace) > 0 {
		var b strings.Builder
		topdown.PrettyTraceWithOpts(&b, r.Trace, topdown.PrettyTraceOptions{Locations: true})
		indent(w, ind, strings.TrimRight(b.String(), "\n"))
	}
}

func outcome(failed bool) string {
	if failed {
		return "FAIL"
	}
	return "PASS"
}

// failedAt finds the expression a failed test stopped at: the last failure
// event of the test's own queries, skipping an every that only failed
// because of an expression in its body.
func failedAt(trace []*topdown.Event) *topdown.Event {
	for _, e := range slices.Backward(trace) {
		if e.Op != topdown.FailOp || e.Location == nil || e.QueryID == 0 {
			continue
		}
		if expr, ok := e.Node.(*ast.Expr); ok {
			if _, every := expr.Terms.(*ast.Every); every {
				continue
			}
		}
		return e
	}
	return nil
}

func indent(w io.Writer, prefix, text string) {
	for _, line := range strings.Split(text, "\n") {
		fmt.Fprintf(w, "%s%s\n", prefix, line)
	}
}

// displayPath shows a path relative to the working directory when it is
// below it, as users typed it.
func displayPath(p string) string {
	if !filepath.IsAbs(p) {
		return p
	}
	wd, err := os.Getwd()
	if err != nil {
		return p
	}
	if rel, err := filepath.Rel(wd, p); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return rel
	}
	return p
}
