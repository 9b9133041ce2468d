package builtins

import (
	"strings"
	"unicode/utf8"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown/builtins"
	"github.com/open-policy-agent/opa/v1/types"
)

// IAMCovers is rampart.iam.covers(patterns, actions): which of actions each
// IAM Action element of patterns grants, as an object from pattern to the
// set of actions it covers; patterns that cover none are left out.
//
// A pattern covers an action as rampart.lib.iam's action_covers says: the
// same name whatever the case, or a match with IAM's wildcards, `*` for any
// run of characters and `?` for one, case-insensitive. A pattern holding
// `[`, `{` or `\`, which glob.match would read as syntax and IAM takes
// literally, is malformed and covers nothing but its own name.
//
// The rules ask which escalation actions, PassRole, or web-identity actions
// a policy grants. In Rego each question was a glob.match per action of a
// table per element of the policy; here it is one call per document, on
// the document's action names.
var IAMCovers = &ast.Builtin{
	Name:        "rampart.iam.covers",
	Description: "Returns an object from each IAM Action element of patterns that grants some of actions (case-insensitive, with the wildcards * and ?) to the set of those actions.",
	Decl: types.NewFunction(
		types.Args(
			types.Named("patterns", types.NewAny(types.SetOfAny, types.NewArray(nil, types.A))).Description("Action elements, as written in policies"),
			types.Named("actions", types.NewAny(types.SetOfAny, types.NewArray(nil, types.A))).Description("action names"),
		),
		types.Named("covered", types.NewObject(nil, types.NewDynamicProperty(types.A, types.SetOfAny))).Description("pattern to the actions it grants"),
	),
}

// Not memoized: the rules call it once per document and table, and OPA's
// memoization would render every argument as text to make its key.
func init() { register(IAMCovers, iamCovers, false) }

func iamCovers(_ rego.BuiltinContext, operands []*ast.Term) (*ast.Term, error) {
	patterns, err := collection(operands[0].Value, 1)
	if err != nil {
		return nil, err
	}
	actions, err := collection(operands[1].Value, 2)
	if err != nil {
		return nil, err
	}
	type action struct {
		term  *ast.Term
		lower string
	}
	var names []action
	for _, a := range actions {
		if s, ok := a.Value.(ast.String); ok {
			names = append(names, action{a, strings.ToLower(string(s))})
		}
	}
	out := ast.NewObject()
	for _, p := range patterns {
		s, ok := p.Value.(ast.String)
		if !ok {
			continue
		}
		pattern := strings.ToLower(string(s))
		wildcard := strings.ContainsAny(pattern, "*?") && !strings.ContainsAny(pattern, `[{\`)
		var covered []*ast.Term
		for _, a := range names {
			if a.lower == pattern || (wildcard && wildcardMatch(pattern, a.lower)) {
				covered = append(covered, a.term)
			}
		}
		if len(covered) > 0 {
			out.Insert(p, ast.SetTerm(covered...))
		}
	}
	return ast.NewTerm(out), nil
}

// collection returns the members of a set or the items of an array.
func collection(v ast.Value, pos int) ([]*ast.Term, error) {
	switch x := v.(type) {
	case ast.Set:
		return x.Slice(), nil
	case *ast.Array:
		out := make([]*ast.Term, 0, x.Len())
		x.Foreach(func(t *ast.Term) { out = append(out, t) })
		return out, nil
	}
	return nil, builtins.NewOperandTypeErr(pos, v, "set", "array")
}

// wildcardMatch reports whether s matches pattern, in which `*` stands for
// any run of characters and `?` for exactly one, as glob.match does without
// delimiters. Characters, not bytes: `?` matches "é".
func wildcardMatch(pattern, s string) bool {
	// The classic backtracking walk: remember the last `*` and where in s
	// it started matching, and let it swallow one more character whenever
	// the rest fails.
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		if p < len(pattern) {
			switch c := pattern[p]; {
			case c == '*':
				star, mark = p, i
				p++
				continue
			case c == '?':
				_, w := utf8.DecodeRuneInString(s[i:])
				p++
				i += w
				continue
			default:
				pr, pw := utf8.DecodeRuneInString(pattern[p:])
				sr, sw := utf8.DecodeRuneInString(s[i:])
				if pr == sr {
					p += pw
					i += sw
					continue
				}
			}
		}
		if star < 0 {
			return false
		}
		_, w := utf8.DecodeRuneInString(s[mark:])
		mark += w
		p, i = star+1, mark
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}
