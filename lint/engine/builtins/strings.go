package builtins

import (
	"unicode/utf8"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown/builtins"
	"github.com/open-policy-agent/opa/v1/types"
)

// WalkStrings is rampart.walk_strings(x, n): every string value inside x
// (not object keys) of at least n characters, as [path, value] pairs in
// the order walk(x, [path, value]) visits them.
//
// The secrets rules look at every string of a document. In Rego that is
// walk(input, [path, value]) followed by is_string and a length test: every
// node of a template, most of them short or not strings, goes through the
// evaluator's unification several times. Here the walk is a Go loop and
// only the strings worth a look reach Rego.
var WalkStrings = &ast.Builtin{
	Name:        "rampart.walk_strings",
	Description: "Returns every string value inside x (object keys excepted) with at least n characters, as [path, value] pairs in the order walk visits them.",
	Decl: types.NewFunction(
		types.Args(
			types.Named("x", types.A).Description("the value to search"),
			types.Named("n", types.N).Description("the least number of characters a string must have"),
		),
		types.Named("found", types.NewArray(nil, types.NewArray([]types.Type{types.NewArray(nil, types.A), types.S}, nil))).Description("[path, value] pairs"),
	),
}

func init() { register(WalkStrings, walkStrings, false) }

func walkStrings(_ rego.BuiltinContext, operands []*ast.Term) (*ast.Term, error) {
	n, err := builtins.IntOperand(operands[1].Value, 2)
	if err != nil {
		return nil, err
	}
	return ast.ArrayTerm(stringsIn(operands[0].Value, n, nil)...), nil
}

// stringsIn returns the [path, value] pairs of the strings inside x with at
// least n characters, in the order walk visits them, that keep accepts (all
// of them when keep is nil). keep sees the path before it is copied.
func stringsIn(x ast.Value, n int, keep func(path []*ast.Term, s ast.String) bool) []*ast.Term {
	var out []*ast.Term
	var path []*ast.Term
	var visit func(v ast.Value)
	visit = func(v ast.Value) {
		switch x := v.(type) {
		case ast.String:
			// Character count as count() gives it; the byte length bounds
			// it from above, so most short strings skip the decode.
			if len(x) >= n && (n <= 0 || utf8.RuneCountInString(string(x)) >= n) && (keep == nil || keep(path, x)) {
				out = append(out, ast.ArrayTerm(ast.ArrayTerm(append([]*ast.Term(nil), path...)...), ast.NewTerm(x)))
			}
		case ast.Object:
			for _, k := range x.Keys() {
				path = append(path, k)
				visit(x.Get(k).Value)
				path = path[:len(path)-1]
			}
		case *ast.Array:
			for i := 0; i < x.Len(); i++ {
				path = append(path, ast.InternedTerm(i))
				visit(x.Elem(i).Value)
				path = path[:len(path)-1]
			}
		case ast.Set:
			sorted := x.Sorted()
			for i := 0; i < sorted.Len(); i++ {
				e := sorted.Elem(i)
				path = append(path, e)
				visit(e.Value)
				path = path[:len(path)-1]
			}
		}
	}
	visit(x)
	return out
}
