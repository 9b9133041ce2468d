// Package builtins holds the Rego built-in functions rampart adds to OPA's:
// work that the rules do on every document and that Rego, an interpreter
// walking terms, does slowly (visiting every string of a large template,
// splitting shell command lines). They are pure functions of their
// arguments, like OPA's own string built-ins, and the sandbox offers them to
// custom policies too (docs/custom-policies.md lists them).
//
// They are not added to OPA's global tables: a program that imports
// rampart's library and OPA keeps OPA as it was. The compiler learns them
// from the capabilities (Decls), evaluation from the query's options (Rego)
// and the test runner from Tester.
//
// Each built-in lives in a file of its own and adds itself with register.
package builtins

import (
	"sort"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/tester"
)

type builtin struct {
	decl *ast.Builtin
	impl rego.BuiltinDyn
	// memoize: remember the answer per arguments within one evaluation,
	// worth it when hashing the arguments is cheap next to the work.
	memoize bool
}

var (
	mu  sync.Mutex
	all []builtin
)

// register adds a built-in; called from init functions.
func register(decl *ast.Builtin, impl rego.BuiltinDyn, memoize bool) {
	mu.Lock()
	defer mu.Unlock()
	all = append(all, builtin{decl, impl, memoize})
	sort.Slice(all, func(i, j int) bool { return all[i].decl.Name < all[j].decl.Name })
}

func list() []builtin {
	mu.Lock()
	defer mu.Unlock()
	return append([]builtin(nil), all...)
}

// Decls returns the declarations of rampart's built-ins, sorted by name, for
// the capabilities that policies are compiled with.
func Decls() []*ast.Builtin {
	var out []*ast.Builtin
	for _, b := range list() {
		out = append(out, b.decl)
	}
	return out
}

func (b builtin) option() func(*rego.Rego) {
	return rego.FunctionDyn(&rego.Function{
		Name:        b.decl.Name,
		Description: b.decl.Description,
		Decl:        b.decl.Decl,
		Memoize:     b.memoize,
	}, b.impl)
}

// Rego returns the options that make the built-ins callable in a query.
func Rego() []func(*rego.Rego) {
	var out []func(*rego.Rego)
	for _, b := range list() {
		out = append(out, b.option())
	}
	return out
}

// Tester returns the built-ins for OPA's test runner.
func Tester() []*tester.Builtin {
	var out []*tester.Builtin
	for _, b := range list() {
		out = append(out, &tester.Builtin{Decl: b.decl, Func: b.option()})
	}
	return out
}
