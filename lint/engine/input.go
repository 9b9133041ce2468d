package engine

import (
	"encoding/json"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Input converts a document's plain value to an OPA value directly, without
// the JSON round trip (and reflection) of rego.EvalInput.
func Input(v any) ast.Value {
	switch x := v.(type) {
	case nil:
		return ast.Null{}
	case bool:
		return ast.Boolean(x)
	case string:
		return ast.String(x)
	case json.Number:
		return ast.Number(x)
	case map[string]any:
		terms := make([][2]*ast.Term, 0, len(x))
		for k, e := range x {
			terms = append(terms, [2]*ast.Term{ast.StringTerm(k), ast.NewTerm(Input(e))})
		}
		return ast.NewObject(terms...)
	case []any:
		terms := make([]*ast.Term, len(x))
		for i, e := range x {
			terms[i] = ast.NewTerm(Input(e))
		}
		return ast.NewArray(terms...)
	}
	val, err := ast.InterfaceToValue(v)
	if err != nil {
		return ast.Null{}
	}
	return val
}
